package io.strata.service.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.TempStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TransactionTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @TempDir Path directory;
  private TempStore temp;

  @BeforeEach
  void open() {
    temp = TempStore.open(directory);
  }

  @AfterEach
  void close() {
    temp.close();
  }

  private static TransactionTokens.Committed committed(String tenant, String token, Duration age) {
    return new TransactionTokens.Committed(tenant, token, "digest-" + token, NOW.minus(age));
  }

  private int purge(Instant now, int max) throws Exception {
    return temp.write(view -> TransactionTokens.purge(view, now, max));
  }

  @Test
  void loadsTheTokensStillInsideTheirWindowWithWhatTheyWereUsedFor() throws Exception {
    TransactionTokens.Committed fresh = committed("7", "a/b c+é", Duration.ofMinutes(1));
    TransactionTokens.Committed lastMinute = committed("8", "t", Duration.ofSeconds(599));
    TransactionTokens.Committed expired = committed("7", "old", Duration.ofMinutes(10));
    temp.write(
        view -> {
          TransactionTokens.record(view, fresh);
          TransactionTokens.record(view, lastMinute);
          TransactionTokens.record(view, expired);
          return null;
        });

    assertThat(TransactionTokens.load(temp.store(), NOW))
        .containsExactlyInAnyOrder(fresh, lastMinute);
  }

  @Test
  void purgeDropsExpiredRecordsOldestFirstWithinItsBudget() throws Exception {
    temp.write(
        view -> {
          for (int minutes = 11; minutes <= 15; minutes++) {
            TransactionTokens.record(
                view, committed("1", "old" + minutes, Duration.ofMinutes(minutes)));
          }
          TransactionTokens.record(view, committed("1", "live", Duration.ofMinutes(2)));
          return null;
        });

    assertThat(purge(NOW, 3)).isEqualTo(3);
    assertThat(TransactionTokens.load(temp.store(), NOW.minus(Duration.ofMinutes(10))))
        .extracting(TransactionTokens.Committed::token)
        .as("the three oldest are gone")
        .containsExactlyInAnyOrder("old11", "old12", "live");
    assertThat(purge(NOW, 3)).isEqualTo(2);
    assertThat(purge(NOW, 3)).isZero();
    assertThat(TransactionTokens.load(temp.store(), NOW))
        .extracting(TransactionTokens.Committed::token)
        .containsExactly("live");
  }
}

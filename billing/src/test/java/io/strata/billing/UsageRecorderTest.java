package io.strata.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UsageRecorderTest {
  private static final Instant TEN = Instant.parse("2025-01-01T10:00:00Z");
  private static final Instant ELEVEN = TEN.plusSeconds(3600);

  private final UsageRecorder recorder = new UsageRecorder();

  @Test
  void drainReturnsOneRowPerTableAndHourThenStartsAfresh() {
    recorder.record("acme", "orders", TEN.plusSeconds(1), 1, 0);
    recorder.record("acme", "orders", TEN.plusSeconds(2), 2, 4);
    recorder.record("acme", "carts", TEN.plusSeconds(3), 1, 0);
    recorder.record("acme", "orders", ELEVEN, 1, 0);
    recorder.record("acme", "orders", ELEVEN, 0, 0);

    assertThat(recorder.drain(ELEVEN))
        .containsExactlyInAnyOrder(
            new UsageRow(new UsageKey("acme", "orders", TEN), 3, 4, 0),
            new UsageRow(new UsageKey("acme", "carts", TEN), 1, 0, 0),
            new UsageRow(new UsageKey("acme", "orders", ELEVEN), 1, 0, 0));
    assertThat(recorder.drain(ELEVEN)).isEmpty();
  }

  @Test
  void drainedRowsFeedTheLedger() {
    InMemoryUsageStore store = new InMemoryUsageStore();
    UsageLedger ledger = new UsageLedger(store);
    recorder.record("acme", "orders", TEN, 5, 0);
    recorder.drain(TEN).forEach(ledger::add);
    recorder.record("acme", "orders", TEN, 7, 0);
    recorder.drain(TEN).forEach(ledger::add);
    assertThat(store.read(new UsageKey("acme", "orders", TEN)).orElseThrow().readHalfUnits())
        .isEqualTo(12);
  }

  @Test
  void concurrentRecordsAreNeverLostBetweenDrains() throws InterruptedException {
    int threads = 4;
    int perThread = 50_000;
    AtomicBoolean recording = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String table = "t" + (t % 2);
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  recorder.record("acme", table, TEN, 1, 2);
                }
              },
              "recorder-" + t);
      workers.add(worker);
      worker.start();
    }
    long[] drained = new long[2];
    Thread drainer =
        new Thread(
            () -> {
              while (recording.get()) {
                add(drained, recorder.drain(TEN));
              }
            },
            "drainer");
    drainer.start();
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    recording.set(false);
    drainer.join();
    add(drained, recorder.drain(TEN));

    assertThat(drained).containsExactly((long) threads * perThread, 2L * threads * perThread);
  }

  @Test
  void rowsOfLongPastHoursAreForgotten() {
    recorder.record("acme", "orders", TEN, 1, 0);
    assertThat(recorder.drain(ELEVEN.plusSeconds(3600))).hasSize(1);
    recorder.record("acme", "orders", ELEVEN.plusSeconds(3600), 1, 0);
    // TEN's counters were dropped: only the new hour comes back.
    assertThat(recorder.drain(ELEVEN.plusSeconds(3600)))
        .extracting(row -> row.key().hourStart())
        .containsExactly(ELEVEN.plusSeconds(3600));
  }

  private static void add(long[] totals, List<UsageRow> rows) {
    for (UsageRow row : rows) {
      totals[0] += row.readHalfUnits();
      totals[1] += row.writeHalfUnits();
    }
  }
}

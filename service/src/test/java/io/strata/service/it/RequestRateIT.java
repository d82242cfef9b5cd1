package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.ManualClock;
import io.strata.service.testing.StrataTestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Request-rate limits: a tenant hammering the control plane gets ThrottlingException while its item
 * reads and other tenants carry on; one connection flooding the server is slowed alone. The
 * servers' clocks stand still unless a test advances them, so every allowance is exact.
 */
@Timeout(120)
class RequestRateIT {
  private static final ManualClock clock = new ManualClock();
  private static StrataTestServer server;

  @BeforeAll
  static void start() {
    server =
        StrataTestServer.start(
            Map.of("STRATA_CONTROL_PLANE_RATE", "5", "STRATA_TENANT_REQUEST_RATE", "100000"),
            clock);
  }

  private static int throttledOf(int calls, Runnable call) {
    int throttled = 0;
    for (int i = 0; i < calls; i++) {
      try {
        call.run();
      } catch (DynamoDbException e) {
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(e.statusCode()).isEqualTo(400);
        throttled++;
      }
    }
    return throttled;
  }

  @AfterAll
  static void stop() {
    server.closeQuietly();
  }

  @Test
  void theControlPlaneIsRateLimitedPerTenantWithThrottlingException() {
    try (DynamoDbClient noisy = server.client();
        DynamoDbClient quiet = server.clientFor(server.newTenant("quiet"))) {
      String table = TablesIT.randomName();
      noisy.createTable(TablesIT.hashAndRange(table).build());
      quiet.listTables();
      Map<String, AttributeValue> key =
          Map.of("pk", AttributeValue.fromS("k"), "sk", AttributeValue.fromN("1"));
      noisy.putItem(b -> b.tableName(table).item(key));
      assertThat(throttledOf(40, () -> noisy.describeTable(b -> b.tableName(table))))
          .as("of 40 DescribeTable calls after CreateTable, at 5/s with a burst of 10")
          .isEqualTo(31);
      assertThat(noisy.getItem(b -> b.tableName(table).key(key)).hasItem())
          .as("item operations are not control plane")
          .isTrue();
      assertThat(quiet.listTables().tableNames()).as("another tenant").isEmpty();
      clock.advance(Duration.ofSeconds(1));
      assertThat(throttledOf(10, () -> noisy.describeTable(b -> b.tableName(table))))
          .as("a second refills 5 of the 10 calls")
          .isEqualTo(5);
    }
  }

  @Test
  void oneConnectionFloodingTheServerIsSlowedWithThrottlingException() {
    StrataTestServer limited =
        StrataTestServer.start(Map.of("STRATA_CONNECTION_REQUEST_RATE", "20"), new ManualClock());
    try (DynamoDbClient client = limited.client()) {
      String table = TablesIT.randomName();
      client.createTable(TablesIT.hashAndRange(table).build());
      Map<String, AttributeValue> key =
          Map.of("pk", AttributeValue.fromS("k"), "sk", AttributeValue.fromN("1"));
      assertThat(throttledOf(120, () -> client.getItem(b -> b.tableName(table).key(key))))
          .as("of 120 requests at 20/s (burst 40) on a connection whose clock stands still")
          .isGreaterThanOrEqualTo(80);
    } finally {
      limited.closeQuietly();
    }
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.StrataTestServer;
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
 * reads and other tenants carry on; one connection flooding the server is slowed alone.
 */
@Timeout(120)
class RequestRateIT {
  private static StrataTestServer server;

  @BeforeAll
  static void start() {
    server =
        StrataTestServer.start(
            Map.of("STRATA_CONTROL_PLANE_RATE", "5", "STRATA_TENANT_REQUEST_RATE", "100000"));
  }

  @AfterAll
  static void stop() {
    server.closeQuietly();
  }

  @Test
  void theControlPlaneIsRateLimitedPerTenantWithThrottlingException() throws Exception {
    try (DynamoDbClient noisy = server.client();
        DynamoDbClient quiet = server.clientFor(server.newTenant("quiet"))) {
      String table = TablesIT.randomName();
      noisy.createTable(TablesIT.hashAndRange(table).build());
      quiet.listTables();
      Map<String, AttributeValue> key =
          Map.of("pk", AttributeValue.fromS("k"), "sk", AttributeValue.fromN("1"));
      noisy.putItem(b -> b.tableName(table).item(key));
      int throttled = 0;
      for (int i = 0; i < 40; i++) {
        try {
          noisy.describeTable(b -> b.tableName(table));
        } catch (DynamoDbException e) {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          assertThat(e.statusCode()).isEqualTo(400);
          throttled++;
        }
      }
      assertThat(throttled).as("of 40 DescribeTable calls at 5/s (burst 10)").isGreaterThan(20);
      assertThat(noisy.getItem(b -> b.tableName(table).key(key)).hasItem())
          .as("item operations are not control plane")
          .isTrue();
      assertThat(quiet.listTables().tableNames()).as("another tenant").isEmpty();
      Thread.sleep(1_000);
      assertThat(noisy.describeTable(b -> b.tableName(table)).table().tableName())
          .as("the allowance refills")
          .isEqualTo(table);
    }
  }

  @Test
  void oneConnectionFloodingTheServerIsSlowedWithThrottlingException() {
    StrataTestServer limited =
        StrataTestServer.start(Map.of("STRATA_CONNECTION_REQUEST_RATE", "20"));
    try (DynamoDbClient client = limited.client()) {
      String table = TablesIT.randomName();
      client.createTable(TablesIT.hashAndRange(table).build());
      Map<String, AttributeValue> key =
          Map.of("pk", AttributeValue.fromS("k"), "sk", AttributeValue.fromN("1"));
      int throttled = 0;
      for (int i = 0; i < 120; i++) {
        try {
          client.getItem(b -> b.tableName(table).key(key));
        } catch (DynamoDbException e) {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          throttled++;
        }
      }
      assertThat(throttled)
          .as("of 120 requests at 20/s (burst 40) on one connection")
          .isGreaterThan(50);
    } finally {
      limited.closeQuietly();
    }
  }
}

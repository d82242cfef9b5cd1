package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.ManualClock;
import io.strata.service.testing.StrataTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;

/**
 * Every quota {@code strata admin set-quotas} accepts is enforced on the tenant it is set for, and
 * setting one leaves the others as they were. The server's clock stands still unless a test
 * advances it, so a second's allowance is exact: a quota of 10 units per second admits exactly ten
 * one-unit requests after a second.
 */
@Timeout(180)
class QuotasIT {
  private static final ManualClock clock = new ManualClock();
  private static StrataTestServer server;

  @BeforeAll
  static void start() {
    server = StrataTestServer.start(Map.of(), clock);
  }

  @AfterAll
  static void stop() {
    server.closeQuietly();
  }

  @Test
  void maxTablesIsHowManyTablesTheTenantMayOwn() throws Exception {
    Credentials tenant = tenantWith("--max-tables=1");
    try (DynamoDbClient client = server.clientFor(tenant)) {
      client.createTable(TablesIT.hashAndRange("first").build());
      DynamoDbException refused =
          refusal(() -> client.createTable(TablesIT.hashAndRange("second").build()));
      assertThat(refused).isInstanceOf(LimitExceededException.class);
      assertThat(refused.awsErrorDetails().errorMessage())
          .isEqualTo(
              "Subscriber limit exceeded: You have exceeded the maximum number of tables (1)"
                  + " allowed for your account");

      server.admin("set-quotas", tenant.tenantId(), "--max-tables=2");
      client.createTable(TablesIT.hashAndRange("second").build());
      assertThat(client.listTables().tableNames()).containsExactly("first", "second");
    }
  }

  @Test
  void aRestoredTableCountsAgainstMaxTables() throws Exception {
    Credentials tenant = tenantWith("--max-tables=1");
    try (DynamoDbClient client = server.clientFor(tenant)) {
      client.createTable(TablesIT.hashAndRange("original").build());
      String backup =
          client
              .createBackup(b -> b.tableName("original").backupName("nightly"))
              .backupDetails()
              .backupArn();
      assertThat(
              catchThrowableOfType(
                  LimitExceededException.class,
                  () ->
                      client.restoreTableFromBackup(
                          b -> b.backupArn(backup).targetTableName("copy"))))
          .as("the restore is refused")
          .isNotNull();
      assertThat(client.listTables().tableNames()).containsExactly("original");
    }
  }

  @Test
  void maxReadUnitsCapAllTheTenantsOnDemandTablesTogether() throws Exception {
    Credentials tenant = tenantWith("--max-read-units=10");
    try (DynamoDbClient client = server.clientFor(tenant)) {
      createTables(client, "left", "right");
      IntConsumer strongReadOfEither = i -> strongRead(client, i % 2 == 0 ? "left" : "right");
      exhaust("RequestLimitExceeded", strongReadOfEither);

      clock.advance(Duration.ofSeconds(1));
      assertThat(callsUntilThrottled(100, "RequestLimitExceeded", strongReadOfEither))
          .as("one-unit reads over both tables in a second")
          .isEqualTo(10);
      assertThat(refusal(() -> strongRead(client, "left")).awsErrorDetails().errorMessage())
          .isEqualTo(
              "Throughput exceeds the current throughput limit for your account. The limit is"
                  + " Strata's tenant quota of read units per second for all the tenant's"
                  + " on-demand tables together; an operator raises it with: strata admin"
                  + " set-quotas "
                  + tenant.tenantId()
                  + " --max-read-units=<units per second>");
    }
  }

  @Test
  void maxWriteUnitsCapAllTheTenantsOnDemandTablesTogether() throws Exception {
    Credentials tenant = tenantWith("--max-write-units=10");
    try (DynamoDbClient client = server.clientFor(tenant)) {
      createTables(client, "left", "right");
      IntConsumer smallPutToEither = i -> smallPut(client, i % 2 == 0 ? "left" : "right", i);
      exhaust("RequestLimitExceeded", smallPutToEither);

      clock.advance(Duration.ofSeconds(1));
      assertThat(callsUntilThrottled(100, "RequestLimitExceeded", smallPutToEither))
          .as("one-unit writes over both tables in a second")
          .isEqualTo(10);
      assertThat(refusal(() -> smallPut(client, "left", -1)).awsErrorDetails().errorMessage())
          .contains("--max-write-units=");
    }
  }

  @Test
  void maxTableReadUnitsCapEachOnDemandTable() throws Exception {
    Credentials tenant = tenantWith("--max-table-read-units=5");
    try (DynamoDbClient client = server.clientFor(tenant)) {
      createTables(client, "hot", "cold");
      exhaust("ProvisionedThroughputExceededException", i -> strongRead(client, "hot"));

      clock.advance(Duration.ofSeconds(1));
      assertThat(
              callsUntilThrottled(
                  100, "ProvisionedThroughputExceededException", i -> strongRead(client, "hot")))
          .isEqualTo(5);
      assertThat(
              callsUntilThrottled(
                  5, "ProvisionedThroughputExceededException", i -> strongRead(client, "cold")))
          .as("another table of the tenant has an allowance of its own")
          .isEqualTo(5);
      assertThat(refusal(() -> strongRead(client, "hot")).awsErrorDetails().errorMessage())
          .isEqualTo(
              "Throughput exceeds the current capacity of your table or index. The limit is the"
                  + " table's OnDemandThroughput maximum if it has one, else Strata's tenant quota"
                  + " of read units per second per on-demand table; an operator raises it with:"
                  + " strata admin set-quotas "
                  + tenant.tenantId()
                  + " --max-table-read-units=<units per second>");
    }
  }

  @Test
  void maxTableWriteUnitsCapEachOnDemandTable() throws Exception {
    Credentials tenant = tenantWith("--max-table-write-units=5");
    try (DynamoDbClient client = server.clientFor(tenant)) {
      createTables(client, "hot", "cold");
      exhaust("ProvisionedThroughputExceededException", i -> smallPut(client, "hot", i));

      clock.advance(Duration.ofSeconds(1));
      assertThat(
              callsUntilThrottled(
                  100, "ProvisionedThroughputExceededException", i -> smallPut(client, "hot", i)))
          .isEqualTo(5);
      assertThat(
              callsUntilThrottled(
                  5, "ProvisionedThroughputExceededException", i -> smallPut(client, "cold", i)))
          .as("another table of the tenant has an allowance of its own")
          .isEqualTo(5);
    }
  }

  @Test
  void settingOneQuotaKeepsTheOthers() throws Exception {
    Credentials tenant = tenantWith("--max-read-units=10", "--max-table-write-units=7");
    server.admin("set-quotas", tenant.tenantId(), "--max-tables=3");

    JsonNode quotas = server.admin("show-tenant", tenant.tenantId()).get("quotas");
    assertThat(quotas.get("maxReadUnitsPerSecond").asLong()).isEqualTo(10);
    assertThat(quotas.get("maxWriteUnitsPerSecond").asLong()).as("the server's default").isZero();
    assertThat(quotas.get("maxTableWriteUnitsPerSecond").asLong()).isEqualTo(7);
    assertThat(quotas.get("maxTables").asInt()).isEqualTo(3);
  }

  /** A new tenant, created and given these quotas with {@code strata admin}. */
  private static Credentials tenantWith(String... quotaOptions) throws Exception {
    JsonNode created = server.admin("create-tenant", "--name", "quotas");
    Credentials tenant =
        new Credentials(
            created.get("tenant").asText(),
            created.get("accessKeyId").asText(),
            created.get("secretAccessKey").asText());
    List<String> setQuotas = new ArrayList<>(List.of("set-quotas", tenant.tenantId()));
    setQuotas.addAll(List.of(quotaOptions));
    server.admin(setQuotas.toArray(String[]::new));
    return tenant;
  }

  private static void createTables(DynamoDbClient client, String... names) {
    for (String name : names) {
      client.createTable(TablesIT.hashAndRange(name).build());
    }
  }

  /** One read unit: a strongly consistent read of a missing item. */
  private static void strongRead(DynamoDbClient client, String table) {
    client.getItem(
        b ->
            b.tableName(table)
                .consistentRead(true)
                .key(
                    Map.of("pk", AttributeValue.fromS("absent"), "sk", AttributeValue.fromN("0"))));
  }

  /** One write unit: an item well under 1 KB. */
  private static void smallPut(DynamoDbClient client, String table, int sk) {
    client.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "pk",
                        AttributeValue.fromS("small"),
                        "sk",
                        AttributeValue.fromN(Integer.toString(sk)))));
  }

  /**
   * Spends the burst a new allowance starts with, so the next second's allowance is all there is.
   */
  private static void exhaust(String errorCode, IntConsumer call) {
    assertThat(callsUntilThrottled(1_000, errorCode, call))
        .as("throttled at last")
        .isLessThan(1_000);
  }

  /** How many calls succeed before the first one is throttled with {@code errorCode}. */
  private static int callsUntilThrottled(int max, String errorCode, IntConsumer call) {
    for (int i = 0; i < max; i++) {
      try {
        call.accept(i);
      } catch (DynamoDbException throttled) {
        assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo(errorCode);
        return i;
      }
    }
    return max;
  }

  private static DynamoDbException refusal(Runnable call) {
    DynamoDbException refused = catchThrowableOfType(DynamoDbException.class, call::run);
    assertThat(refused).as("refused").isNotNull();
    return refused;
  }
}

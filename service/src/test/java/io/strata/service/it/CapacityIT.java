package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.admin.AdminCli;
import io.strata.service.json.Json;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.DynamoDbLocal;
import io.strata.service.testing.ManualClock;
import io.strata.service.testing.StrataTestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Capacity units as DynamoDB computes them (checked against DynamoDB Local), token-bucket
 * enforcement on provisioned tables, and a usage ledger that adds up to what clients were told.
 */
@Timeout(180)
class CapacityIT {
  private static final List<Integer> PAYLOAD_SIZES =
      List.of(0, 900, 1010, 1024, 3000, 4070, 4100, 9000, 120_000, 399_000);

  static Map<String, AttributeValue> item(String pk, int payloadBytes) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", AttributeValue.fromS(pk));
    item.put("sk", AttributeValue.fromN("1"));
    if (payloadBytes > 0) {
      item.put("payload", AttributeValue.fromS("x".repeat(payloadBytes)));
    }
    return item;
  }

  static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN("1"));
  }

  /** The ConsumedCapacity figures of one scripted sequence of operations on one client. */
  static List<Double> consumedBy(DynamoDbClient client, String table) {
    List<Double> units = new java.util.ArrayList<>();
    for (int size : PAYLOAD_SIZES) {
      String pk = "size-" + size + "-" + UUID.randomUUID();
      units.add(
          client
              .putItem(
                  b ->
                      b.tableName(table)
                          .item(item(pk, size))
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
              .consumedCapacity()
              .capacityUnits());
      units.add(
          client
              .getItem(
                  b ->
                      b.tableName(table)
                          .key(key(pk))
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
              .consumedCapacity()
              .capacityUnits());
      units.add(
          client
              .getItem(
                  b ->
                      b.tableName(table)
                          .key(key(pk))
                          .consistentRead(true)
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
              .consumedCapacity()
              .capacityUnits());
      units.add(
          client
              .deleteItem(
                  b ->
                      b.tableName(table)
                          .key(key(pk))
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
              .consumedCapacity()
              .capacityUnits());
    }
    units.add(
        client
            .getItem(
                b ->
                    b.tableName(table)
                        .key(key("missing"))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
            .consumedCapacity()
            .capacityUnits());
    List<WriteRequest> batch =
        IntStream.range(0, 5)
            .mapToObj(
                i ->
                    WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(item("batch-" + i, i * 700)).build())
                        .build())
            .toList();
    List<ConsumedCapacity> batchUnits =
        client
            .batchWriteItem(
                b ->
                    b.requestItems(Map.of(table, batch))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
            .consumedCapacity();
    units.add(batchUnits.get(0).capacityUnits());
    return units;
  }

  @Nested
  class Arithmetic {
    @Test
    void everyFigureMatchesDynamoDbLocalForItemsOfManySizes() {
      String table = TablesIT.randomName();
      List<Double> ours;
      try (DynamoDbClient client = StrataTestServer.shared().client()) {
        client.createTable(TablesIT.hashAndRange(table).build());
        ours = consumedBy(client, table);
      }
      List<Double> reference;
      try (DynamoDbClient local = DynamoDbLocal.shared().client()) {
        local.createTable(TablesIT.hashAndRange(table).build());
        reference = consumedBy(local, table);
      }
      assertThat(ours).isEqualTo(reference);
      assertThat(ours.subList(0, 4))
          .as("an empty-payload item")
          .containsExactly(1.0, 0.5, 1.0, 1.0);
    }

    @Test
    void replacingAnItemIsChargedOnTheLargerOfOldAndNew() {
      String table = TablesIT.randomName();
      try (DynamoDbClient client = StrataTestServer.shared().client()) {
        client.createTable(TablesIT.hashAndRange(table).build());
        client.putItem(b -> b.tableName(table).item(item("r", 5000)));
        double units =
            client
                .putItem(
                    b ->
                        b.tableName(table)
                            .item(item("r", 10))
                            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity()
                .capacityUnits();
        assertThat(units).isEqualTo(5.0);
      }
    }
  }

  @Nested
  class Enforcement {
    private ManualClock clock;
    private StrataTestServer server;
    private DynamoDbClient client;
    private String table;

    @org.junit.jupiter.api.BeforeEach
    void provisionedTableOfTenWriteUnits() {
      clock = new ManualClock();
      server = StrataTestServer.start(Map.of(), clock);
      client = server.client();
      table = TablesIT.randomName();
      client.createTable(
          TablesIT.hashAndRange(table)
              .billingMode(BillingMode.PROVISIONED)
              .provisionedThroughput(p -> p.readCapacityUnits(10L).writeCapacityUnits(10L))
              .build());
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
      client.close();
      server.closeQuietly();
    }

    private int writesUntilThrottled(int max) {
      for (int i = 0; i < max; i++) {
        String pk = UUID.randomUUID().toString();
        try {
          client.putItem(b -> b.tableName(table).item(item(pk, 900)));
        } catch (ProvisionedThroughputExceededException throttled) {
          assertThat(throttled.getMessage())
              .startsWith(
                  "The level of configured provisioned throughput for the table was exceeded.");
          return i;
        }
      }
      return max;
    }

    @Test
    void aTenWcuTableSustainsTenKilobyteWritesPerSecondThenThrottles() {
      assertThat(writesUntilThrottled(100)).as("the first second's capacity").isEqualTo(10);
      for (int second = 0; second < 5; second++) {
        clock.advance(Duration.ofSeconds(1));
        assertThat(writesUntilThrottled(100)).as("second %d", second).isEqualTo(10);
      }
    }

    @Test
    void unusedCapacityAccumulatesAsBurstForUpToFiveMinutes() {
      writesUntilThrottled(100);
      clock.advance(Duration.ofSeconds(40));
      assertThat(writesUntilThrottled(1000)).isEqualTo(400);
      clock.advance(Duration.ofSeconds(310));
      assertThat(writesUntilThrottled(5000)).as("at most 300 s are kept").isEqualTo(3000);
    }

    @Test
    void raisingTheProvisionedRateAppliesToTheNextSecond() {
      writesUntilThrottled(100);
      client.updateTable(
          b ->
              b.tableName(table)
                  .provisionedThroughput(p -> p.readCapacityUnits(10L).writeCapacityUnits(50L)));
      clock.advance(Duration.ofSeconds(1));
      assertThat(writesUntilThrottled(200)).isEqualTo(50);
    }

    @Test
    void batchWritesBeyondCapacityComeBackUnprocessed() {
      writesUntilThrottled(100);
      clock.advance(Duration.ofSeconds(1));
      List<WriteRequest> puts =
          IntStream.range(0, 25)
              .mapToObj(
                  i ->
                      WriteRequest.builder()
                          .putRequest(PutRequest.builder().item(item("b" + i, 900)).build())
                          .build())
              .toList();
      Map<String, List<WriteRequest>> unprocessed =
          client.batchWriteItem(b -> b.requestItems(Map.of(table, puts))).unprocessedItems();
      assertThat(unprocessed.get(table)).hasSize(15);
      ProvisionedThroughputExceededException none =
          catchThrowableOfType(
              ProvisionedThroughputExceededException.class,
              () -> client.batchWriteItem(b -> b.requestItems(Map.of(table, puts))));
      assertThat(none).isNotNull();
    }
  }

  @Nested
  class Ledger {
    @Test
    void theLedgerAddsUpToTheCapacityClientsWereTold() throws Exception {
      StrataTestServer server = StrataTestServer.shared();
      Credentials tenant = server.newTenant("ledger");
      double reads = 0;
      double writes = 0;
      String table = "metered";
      try (DynamoDbClient client = server.clientFor(tenant)) {
        client.createTable(TablesIT.hashAndRange(table).build());
        for (int i = 0; i < 30; i++) {
          String pk = "k" + i;
          int size = i * 1500;
          writes +=
              client
                  .putItem(
                      b ->
                          b.tableName(table)
                              .item(item(pk, size))
                              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                  .consumedCapacity()
                  .capacityUnits();
          boolean strong = i % 2 == 0;
          reads +=
              client
                  .getItem(
                      b ->
                          b.tableName(table)
                              .key(key(pk))
                              .consistentRead(strong)
                              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                  .consumedCapacity()
                  .capacityUnits();
        }
      }
      StringWriter out = new StringWriter();
      int exit =
          AdminCli.run(
              new String[] {
                "--url=https://localhost:" + server.server().adminPort(),
                "--data-dir=" + server.dataDirectory(),
                "usage",
                "--tenant=" + tenant.tenantId(),
                "--group-by=tenant"
              },
              Map.of(),
              new PrintWriter(out),
              new PrintWriter(new StringWriter()));
      assertThat(exit).as(out.toString()).isZero();
      JsonNode report = Json.RECORDS.readTree(out.toString());
      JsonNode line = report.get("lines").get(0);
      assertThat(new java.math.BigDecimal(line.get("readUnits").asText()))
          .isEqualByComparingTo(java.math.BigDecimal.valueOf(reads));
      assertThat(new java.math.BigDecimal(line.get("writeUnits").asText()))
          .isEqualByComparingTo(java.math.BigDecimal.valueOf(writes));
    }
  }
}

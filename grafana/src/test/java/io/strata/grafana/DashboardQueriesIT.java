package io.strata.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.PrometheusServer;
import io.strata.service.testing.PrometheusServer.QueryResult;
import io.strata.service.testing.StrataTestServer;
import io.strata.service.testing.Waiters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Every query of every dashboard panel (but the replication panels', which {@code
 * ClusterDashboardIT} runs against a cluster), run against a real Prometheus scraping a real Strata
 * under load, returns data: a renamed metric or label, a selector that matches nothing, or PromQL
 * that Prometheus rejects fails here rather than as an empty panel in production.
 *
 * <p>The load: three tenants; {@code acme} with an on-demand table ({@code orders}) and a table
 * provisioned at 1 WCU ({@code hot}) written faster than that, so it is throttled; reads (repeated
 * eventually consistent ones hit the item cache), batch writes, deletes, and reads of a missing
 * table (ResourceNotFoundException); {@code orders} has point-in-time recovery, and is restored at
 * the end into {@code orders-restored}. It runs in rounds, each waiting for Prometheus to scrape
 * it, so rates have several samples.
 *
 * <p>Each query runs twice: with the variables set as a user would set them ({@code acme}, tables
 * {@code hot} and {@code orders} as a multi-value selection), and with every multi-value variable
 * at All.
 */
@Timeout(120)
class DashboardQueriesIT {
  private static final Duration SCRAPED = Duration.ofSeconds(20);
  private static final int ROUNDS = 6;
  private static final String ORDERS = "orders";
  private static final String HOT = "hot";
  private static final String RESTORED = "orders-restored";
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\((.*),\\s*(\\w+)\\s*\\)");

  private static StrataTestServer server;
  private static PrometheusServer prometheus;
  private static String acme;
  private static String globex;
  private static String firstTenant;
  private static int throttled;

  @BeforeAll
  static void loadScrapedByPrometheus() {
    server = StrataTestServer.start(Map.of());
    prometheus = PrometheusServer.start(List.of(server.metricsTarget()));
    prometheus.awaitTargetsUp(1, SCRAPED);
    Credentials acmeCredentials = server.newTenant("acme");
    Credentials globexCredentials = server.newTenant("globex");
    acme = acmeCredentials.tenantId();
    globex = globexCredentials.tenantId();
    firstTenant = server.firstTenant().tenantId();
    try (DynamoDbClient acmeClient = server.clientFor(acmeCredentials);
        DynamoDbClient globexClient = server.clientFor(globexCredentials);
        DynamoDbClient firstClient = server.client()) {
      createTable(acmeClient, ORDERS, 0, 0);
      createTable(acmeClient, HOT, 5, 1);
      enableRecovery(acmeClient, ORDERS);
      createTable(globexClient, "events", 0, 0);
      createTable(firstClient, "sessions", 0, 0);
      for (int round = 0; round < ROUNDS; round++) {
        putAndGet(acmeClient, ORDERS, round, 10);
        batchWrite(acmeClient, ORDERS, round);
        for (int i = 0; i < 2; i++) {
          Map<String, AttributeValue> key = key(round, i);
          acmeClient.deleteItem(b -> b.tableName(ORDERS).key(key));
        }
        hammer(acmeClient, round);
        try {
          acmeClient.getItem(b -> b.tableName("missing").key(key(0, 0)));
        } catch (ResourceNotFoundException expected) {
          // counted as outcome ResourceNotFoundException
        }
        acmeClient.describeTable(b -> b.tableName(ORDERS));
        putAndGet(globexClient, "events", round, 5);
        putAndGet(firstClient, "sessions", round, 3);
        awaitScrapeOfEveryWrite();
      }
      acmeClient.restoreTableToPointInTime(
          b -> b.sourceTableName(ORDERS).targetTableName(RESTORED).useLatestRestorableTime(true));
      Waiters.tableActive(acmeClient, RESTORED);
    }
    prometheus.awaitQuery(
        "min(count_over_time(ddb_restored_bytes_total{tenant=\"" + acme + "\"}[1m]))",
        result -> !result.isEmpty() && result.singleValue() >= 2,
        SCRAPED);
    prometheus.awaitQuery(
        "ddb_table_items{tenant=\"" + acme + "\",table=\"" + RESTORED + "\"}",
        result -> !result.isEmpty(),
        SCRAPED);
    assertThat(throttled).as("the 1-WCU table was throttled").isPositive();
    prometheus.awaitQuery(
        "min(count_over_time(ddb_throttled_requests_total{tenant=\"" + acme + "\"}[1m]))",
        result -> !result.isEmpty() && result.singleValue() >= 3,
        SCRAPED);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (server != null) {
      server.closeQuietly();
    }
  }

  @TestFactory
  Stream<DynamicNode> everyPanelQueryIsValidAndReturnsData() {
    return Dashboard.all().stream()
        .map(
            dashboard ->
                DynamicContainer.dynamicContainer(
                    dashboard.uid(),
                    Stream.of(
                        selections(dashboard, "selected tenant and tables", false),
                        selections(dashboard, "All", true))));
  }

  @Test
  void variableQueriesListTheLoadedTenantsAndTables() {
    for (Dashboard dashboard : Dashboard.all()) {
      Map<String, String> values = variableValues(dashboard, false);
      for (JsonNode variable : dashboard.variables()) {
        if (!variable.path("type").asText().equals("query")) {
          continue;
        }
        String name = variable.path("name").asText();
        Matcher labelValues = LABEL_VALUES.matcher(Dashboard.variableQuery(variable));
        assertThat(labelValues.matches()).as("$%s is a label_values query", name).isTrue();
        String label = labelValues.group(2);
        String promql =
            "group by ("
                + label
                + ") ("
                + Dashboard.interpolate(labelValues.group(1), values)
                + ")";
        QueryResult result = prometheus.query(promql);
        assertThat(result.isSuccess()).as("%s: %s", promql, result.error()).isTrue();
        Set<String> listed = new HashSet<>(result.valuesBy(label).keySet());
        switch (name) {
          case "tenant":
            assertThat(listed)
                .as(dashboard.uid() + " $tenant")
                .containsExactlyInAnyOrder(acme, globex, firstTenant);
            break;
          case "table":
            assertThat(listed)
                .as(dashboard.uid() + " $table")
                .containsExactlyInAnyOrder(HOT, ORDERS, RESTORED);
            break;
          default:
            throw new AssertionError("no expected values for $" + name + " in " + dashboard.uid());
        }
      }
    }
  }

  private static DynamicContainer selections(Dashboard dashboard, String name, boolean all) {
    Map<String, String> values = variableValues(dashboard, all);
    List<DynamicTest> tests = new ArrayList<>();
    for (Dashboard.Target target : dashboard.targets()) {
      if (target.isReplication()) {
        continue; // a single node exports no Raft metrics: ClusterDashboardIT runs these
      }
      tests.add(
          DynamicTest.dynamicTest(
              target.describe(),
              () -> check(prometheus, Dashboard.interpolate(target.expr(), values))));
    }
    return DynamicContainer.dynamicContainer(name, tests);
  }

  /** {@code prometheus} accepts the query and returns at least one finite sample for it. */
  static void check(PrometheusServer prometheus, String promql) {
    QueryResult result = prometheus.query(promql);
    assertThat(result.isSuccess())
        .as("Prometheus rejected %s: %s %s", promql, result.errorType(), result.error())
        .isTrue();
    assertThat(result.warnings()).as(promql).isEmpty();
    assertThat(result.samples()).as("no data for %s", promql).isNotEmpty();
    assertThat(result.samples())
        .as("only NaN or infinite values for %s", promql)
        .anyMatch(sample -> Double.isFinite(sample.value()));
  }

  /**
   * Values for the dashboard's variables: price textboxes keep their defaults; the tenant is {@code
   * acme} and the tables all of its tables as a Grafana multi-value regex, or, with {@code all},
   * the All value of every variable that has one.
   */
  private static Map<String, String> variableValues(Dashboard dashboard, boolean all) {
    Map<String, String> selected =
        Map.of("tenant", acme, "table", "(" + HOT + "|" + ORDERS + "|" + RESTORED + ")");
    Map<String, String> values = new HashMap<>();
    for (JsonNode variable : dashboard.variables()) {
      String name = variable.path("name").asText();
      switch (variable.path("type").asText()) {
        case "query":
          boolean useAll = all && variable.path("includeAll").asBoolean();
          String value = useAll ? variable.path("allValue").asText() : selected.get(name);
          if (value == null) {
            throw new AssertionError("no test value for $" + name + " in " + dashboard.uid());
          }
          values.put(name, value);
          break;
        case "textbox":
        case "constant":
          values.put(name, variable.path("query").asText());
          break;
        default:
          break;
      }
    }
    return values;
  }

  /** Turns point-in-time recovery on and waits for its first base, which opens the window. */
  private static void enableRecovery(DynamoDbClient client, String table) {
    client.updateContinuousBackups(
        b ->
            b.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    Waiters.until(
        "first base snapshot of " + table,
        () ->
            client
                    .describeContinuousBackups(b -> b.tableName(table))
                    .continuousBackupsDescription()
                    .pointInTimeRecoveryDescription()
                    .earliestRestorableDateTime()
                != null);
  }

  private static void createTable(
      DynamoDbClient client, String name, long readCapacityUnits, long writeCapacityUnits) {
    client.createTable(
        b -> {
          b.tableName(name)
              .keySchema(
                  k -> k.attributeName("pk").keyType(KeyType.HASH),
                  k -> k.attributeName("sk").keyType(KeyType.RANGE))
              .attributeDefinitions(
                  a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                  a -> a.attributeName("sk").attributeType(ScalarAttributeType.N));
          if (writeCapacityUnits > 0) {
            b.billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(
                    p ->
                        p.readCapacityUnits(readCapacityUnits)
                            .writeCapacityUnits(writeCapacityUnits));
          } else {
            b.billingMode(BillingMode.PAY_PER_REQUEST);
          }
        });
  }

  private static void putAndGet(DynamoDbClient client, String table, int round, int count) {
    for (int i = 0; i < count; i++) {
      Map<String, AttributeValue> item = item(round, i, 200 * i);
      client.putItem(b -> b.tableName(table).item(item));
    }
    for (int i = 0; i < count; i++) {
      Map<String, AttributeValue> key = key(round, i);
      boolean strongly = i % 2 == 0;
      client.getItem(b -> b.tableName(table).key(key).consistentRead(strongly));
    }
    // Eventually consistent again: served by the item cache this time.
    for (int i = 1; i < count; i += 2) {
      Map<String, AttributeValue> key = key(round, i);
      client.getItem(b -> b.tableName(table).key(key));
    }
  }

  private static void batchWrite(DynamoDbClient client, String table, int round) {
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 100; i < 105; i++) {
      writes.add(
          WriteRequest.builder()
              .putRequest(PutRequest.builder().item(item(round, i, 300)).build())
              .build());
    }
    client.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
  }

  /** Writes to the 1-WCU table far faster than 1 WCU per second, and reads it within its RCU. */
  private static void hammer(DynamoDbClient client, int round) {
    for (int i = 0; i < 8; i++) {
      Map<String, AttributeValue> item = item(round, i, 100);
      try {
        client.putItem(b -> b.tableName(HOT).item(item));
      } catch (ProvisionedThroughputExceededException expected) {
        throttled++;
      }
    }
    for (int i = 0; i < 4; i++) {
      Map<String, AttributeValue> key = key(round, i);
      try {
        client.getItem(b -> b.tableName(HOT).key(key));
      } catch (ProvisionedThroughputExceededException expected) {
        throttled++;
      }
    }
  }

  /**
   * Waits until Prometheus has scraped everything this round wrote, so each round adds at least one
   * sample to every rate: the writer's op counter, read from the endpoint itself, is the target.
   */
  private static void awaitScrapeOfEveryWrite() {
    double applied = server.scrapedValue("ddb_writer_ops_total");
    prometheus.awaitQuery(
        "sum(ddb_writer_ops_total)",
        result -> !result.isEmpty() && result.singleValue() >= applied,
        SCRAPED);
  }

  private static Map<String, AttributeValue> key(int round, int index) {
    return Map.of(
        "pk",
        AttributeValue.fromS("round-" + round),
        "sk",
        AttributeValue.fromN(Integer.toString(index)));
  }

  private static Map<String, AttributeValue> item(int round, int index, int payloadBytes) {
    Map<String, AttributeValue> item = new HashMap<>(key(round, index));
    item.put("payload", AttributeValue.fromS("x".repeat(payloadBytes)));
    return item;
  }
}

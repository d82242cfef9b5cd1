package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.PrometheusServer;
import io.strata.service.testing.PrometheusServer.QueryResult;
import io.strata.service.testing.StrataTestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A real Prometheus scrapes the metrics endpoint, and a PromQL query returns the tenant's
 * consumption: exactly the capacity the SDK was told each request consumed ({@code
 * ReturnConsumedCapacity=TOTAL}), summed, and the tenant's requests counted by operation and
 * outcome. The workload runs once, for a tenant of its own, so the shared server's other tests
 * cannot add to the sums.
 */
@Timeout(120)
class PrometheusMetricsIT {
  private static final Duration SCRAPED = Duration.ofSeconds(20);
  private static final String TABLE = "metered";

  private static PrometheusServer prometheus;
  private static Credentials tenant;
  private static double writeUnitsCharged;
  private static double readUnitsCharged;
  private static int itemsLeft;
  private static final Map<String, Double> requestsSent = new TreeMap<>();

  @BeforeAll
  static void meteredWorkloadScrapedByPrometheus() {
    StrataTestServer server = StrataTestServer.shared();
    prometheus = PrometheusServer.start(List.of(server.metricsTarget()));
    tenant = server.newTenant("metered");
    try (DynamoDbClient client = server.clientFor(tenant)) {
      runWorkload(client);
    }
    prometheus.awaitTargetsUp(1, SCRAPED);
  }

  @AfterAll
  static void stopPrometheus() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  /**
   * Puts of growing size (0 to 7.7 KB: 1 to 8 WCU each), a batch, strongly and eventually
   * consistent reads (of a missing item too), deletes, and one read of a missing table, which
   * consumes nothing but is a request.
   */
  private static void runWorkload(DynamoDbClient client) {
    client.createTable(TablesIT.hashAndRange(TABLE).build());
    sent("CreateTable", "success");
    int puts = 12;
    for (int i = 0; i < puts; i++) {
      Map<String, AttributeValue> item = item(i, 700 * i);
      writeUnitsCharged +=
          client
              .putItem(
                  b ->
                      b.tableName(TABLE)
                          .item(item)
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
              .consumedCapacity()
              .capacityUnits();
      sent("PutItem", "success");
    }
    List<WriteRequest> batch = new ArrayList<>();
    for (int i = puts; i < puts + 3; i++) {
      batch.add(
          WriteRequest.builder()
              .putRequest(PutRequest.builder().item(item(i, 1500)).build())
              .build());
    }
    BatchWriteItemResponse batchResponse =
        client.batchWriteItem(
            b ->
                b.requestItems(Map.of(TABLE, batch))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertThat(batchResponse.unprocessedItems()).isEmpty();
    for (ConsumedCapacity consumed : batchResponse.consumedCapacity()) {
      writeUnitsCharged += consumed.capacityUnits();
    }
    sent("BatchWriteItem", "success");
    // One key past the last item: reading a missing item is charged too (0.5, eventually).
    for (int i = 0; i < puts + 4; i++) {
      boolean strongly = i % 2 == 0;
      Map<String, AttributeValue> key = key(i);
      readUnitsCharged +=
          client
              .getItem(
                  b ->
                      b.tableName(TABLE)
                          .key(key)
                          .consistentRead(strongly)
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
              .consumedCapacity()
              .capacityUnits();
      sent("GetItem", "success");
    }
    for (int i = 0; i < 2; i++) {
      Map<String, AttributeValue> key = key(i);
      writeUnitsCharged +=
          client
              .deleteItem(
                  b ->
                      b.tableName(TABLE)
                          .key(key)
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
              .consumedCapacity()
              .capacityUnits();
      sent("DeleteItem", "success");
    }
    itemsLeft = puts + 3 - 2;
    assertThatThrownBy(() -> client.getItem(b -> b.tableName("no-such-table").key(key(0))))
        .isInstanceOf(ResourceNotFoundException.class);
    sent("GetItem", "ResourceNotFoundException");
    // Whole numbers of units would hide a read metered in the wrong half-unit step.
    assertThat(readUnitsCharged % 1).isEqualTo(0.5);
    assertThat(writeUnitsCharged).isGreaterThan(puts + 3 + 2);
  }

  private static void sent(String operation, String outcome) {
    requestsSent.merge(operation + "/" + outcome, 1.0, Double::sum);
  }

  private static Map<String, AttributeValue> key(int index) {
    return Map.of(
        "pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromN(Integer.toString(index)));
  }

  private static Map<String, AttributeValue> item(int index, int payloadBytes) {
    Map<String, AttributeValue> item = new HashMap<>(key(index));
    item.put("payload", AttributeValue.fromS("x".repeat(payloadBytes)));
    return item;
  }

  private static String tenantSelector() {
    return "{tenant=\"" + tenant.tenantId() + "\"}";
  }

  private static QueryResult awaitSingleValue(String promql, double expected) {
    return prometheus.awaitQuery(
        promql,
        r -> r.isSuccess() && r.samples().size() == 1 && r.singleValue() == expected,
        SCRAPED);
  }

  @Test
  void consumedWriteUnitsAreWhatTheClientWasCharged() {
    QueryResult result =
        awaitSingleValue(
            "sum(ddb_consumed_write_units_total" + tenantSelector() + ")", writeUnitsCharged);
    assertThat(result.singleValue()).isEqualTo(writeUnitsCharged);
  }

  @Test
  void consumedReadUnitsAreWhatTheClientWasCharged() {
    QueryResult result =
        awaitSingleValue(
            "sum(ddb_consumed_read_units_total" + tenantSelector() + ")", readUnitsCharged);
    assertThat(result.singleValue()).isEqualTo(readUnitsCharged);
  }

  @Test
  void consumptionIsLabelledWithTheTable() {
    QueryResult result =
        prometheus.awaitQuery(
            "sum by (table) (ddb_consumed_write_units_total" + tenantSelector() + ")",
            r -> r.valuesBy("table").equals(Map.of(TABLE, writeUnitsCharged)),
            SCRAPED);
    assertThat(result.valuesBy("table")).containsExactly(Map.entry(TABLE, writeUnitsCharged));
  }

  @Test
  void requestsAreCountedByOperationAndOutcome() {
    QueryResult result =
        prometheus.awaitQuery(
            "sum by (operation, outcome) (ddb_requests_total" + tenantSelector() + ")",
            r -> r.valuesBy("operation", "outcome").equals(requestsSent),
            SCRAPED);
    assertThat(new TreeMap<>(result.valuesBy("operation", "outcome")))
        .containsExactlyEntriesOf(requestsSent);
  }

  @Test
  void theTablesItemCountIsExported() {
    QueryResult result =
        awaitSingleValue("sum(ddb_table_items" + tenantSelector() + ")", itemsLeft);
    assertThat(result.singleValue()).isEqualTo(itemsLeft);
  }

  @Test
  void requestDurationsFillTheHistogramBuckets() {
    // The histogram has no tenant label: other tests' requests are in it too, so at least ours.
    QueryResult result =
        prometheus.awaitQuery(
            "sum(ddb_request_duration_seconds_bucket{operation=\"PutItem\",le=\"+Inf\"})",
            r -> r.samples().size() == 1 && r.singleValue() >= 12,
            SCRAPED);
    assertThat(result.singleValue()).isGreaterThanOrEqualTo(12);
  }

  @Test
  void bucketBoundsAreLabelledAsPrometheusSpellsThem() {
    QueryResult result =
        prometheus.awaitQuery(
            "group by (le) (ddb_request_duration_seconds_bucket{operation=\"PutItem\"})",
            r -> !r.isEmpty(),
            SCRAPED);
    assertThat(result.valuesBy("le").keySet())
        .contains("0.0001", "0.00025", "0.001", "1", "2.5", "10", "+Inf")
        .noneMatch(bound -> bound.contains("E"));
  }

  @Test
  void theStoreIsMeasuredAgainstItsMapSize() {
    assertThat(awaitSingleValue("ddb_storage_map_size_bytes", 4L << 30).singleValue())
        .as("STRATA_MAP_SIZE_BYTES of the shared server")
        .isEqualTo(4L << 30);
    assertThat(
            prometheus
                .awaitQuery(
                    "ddb_storage_size_bytes / ddb_storage_map_size_bytes",
                    r -> !r.isEmpty(),
                    SCRAPED)
                .singleValue())
        .isStrictlyBetween(0.0, 1.0);
  }

  @Test
  void theCertificatesExpiryIsExported() throws Exception {
    X509Certificate certificate;
    try (InputStream in = Files.newInputStream(StrataTestServer.shared().certificate())) {
      certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    double notAfter = certificate.getNotAfter().toInstant().getEpochSecond();
    assertThat(
            awaitSingleValue("ddb_tls_certificate_expiry_timestamp_seconds", notAfter)
                .singleValue())
        .isEqualTo(notAfter);
  }

  @Test
  void theBuildAndTheProcessAreExported() {
    QueryResult build =
        prometheus.awaitQuery("ddb_build_info", r -> r.samples().size() == 1, SCRAPED);
    assertThat(build.valuesBy("version").keySet()).singleElement().asString().isNotBlank();
    for (String processMetric :
        List.of(
            "sum(jvm_memory_used_bytes{area=\"heap\"})",
            "jvm_threads_live_threads",
            "process_files_open_files",
            "process_cpu_usage",
            "process_uptime_seconds",
            "sum(jvm_gc_pause_seconds_count)")) {
      assertThat(prometheus.awaitQuery(processMetric, r -> !r.isEmpty(), SCRAPED).singleValue())
          .as(processMetric)
          .isNotNegative();
    }
  }

  @Test
  void anInvalidQueryIsReportedAsAnError() {
    QueryResult result = prometheus.query("sum(ddb_requests_total");
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.errorType()).isEqualTo("bad_data");
  }
}

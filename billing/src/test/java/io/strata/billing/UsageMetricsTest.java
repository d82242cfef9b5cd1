package io.strata.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UsageMetricsTest {
  private static final Pattern TENANT_LABEL = Pattern.compile("tenant=\"([^\"]*)\"");

  private final UsageMetrics metrics = new UsageMetrics(2, 2);

  @Test
  void scrapeHasEveryDocumentedNameAndLabel() {
    metrics.recordConsumed("acme", "orders", 3, 4);
    metrics.recordThrottled("acme", "orders", "PutItem");
    metrics.recordRequest("acme", "PutItem", UsageMetrics.SUCCESS, 250_000);
    metrics.recordRequest("acme", "PutItem", "ConditionalCheckFailedException", 2_000_000);
    metrics.setTableGauges("acme", "orders", 10, 2048);
    metrics.setProvisioned("acme", "orders", 5, 10);
    metrics.recordCacheHit("acme");
    metrics.recordCacheMiss("acme");
    metrics.recordCacheMiss("acme");

    String scrape = metrics.scrape();

    assertThat(scrape.lines())
        .contains(
            "# TYPE ddb_consumed_read_units_total counter",
            "ddb_consumed_read_units_total{table=\"orders\",tenant=\"acme\"} 1.5",
            "# TYPE ddb_consumed_write_units_total counter",
            "ddb_consumed_write_units_total{table=\"orders\",tenant=\"acme\"} 2.0",
            "# TYPE ddb_throttled_requests_total counter",
            "ddb_throttled_requests_total{operation=\"PutItem\",table=\"orders\",tenant=\"acme\"} 1.0",
            "# TYPE ddb_requests_total counter",
            "ddb_requests_total{operation=\"PutItem\",outcome=\"success\",tenant=\"acme\"} 1.0",
            "ddb_requests_total{operation=\"PutItem\","
                + "outcome=\"ConditionalCheckFailedException\",tenant=\"acme\"} 1.0",
            "# TYPE ddb_request_duration_seconds histogram",
            "ddb_request_duration_seconds_count{operation=\"PutItem\"} 2",
            "# TYPE ddb_table_items gauge",
            "ddb_table_items{table=\"orders\",tenant=\"acme\"} 10.0",
            "# TYPE ddb_table_size_bytes gauge",
            "ddb_table_size_bytes{table=\"orders\",tenant=\"acme\"} 2048.0",
            "# TYPE ddb_provisioned_read_units gauge",
            "ddb_provisioned_read_units{table=\"orders\",tenant=\"acme\"} 5.0",
            "# TYPE ddb_provisioned_write_units gauge",
            "ddb_provisioned_write_units{table=\"orders\",tenant=\"acme\"} 10.0",
            "# TYPE ddb_cache_hits_total counter",
            "ddb_cache_hits_total{tenant=\"acme\"} 1.0",
            "# TYPE ddb_cache_misses_total counter",
            "ddb_cache_misses_total{tenant=\"acme\"} 2.0");
    // Nothing overflowed, so no _other series is exported.
    assertThat(scrape).doesNotContain(UsageMetrics.OTHER);
  }

  @Test
  void durationHistogramResolvesSubMillisecondToSeconds() {
    metrics.recordRequest("acme", "GetItem", UsageMetrics.SUCCESS, 80_000);
    metrics.recordRequest("acme", "GetItem", UsageMetrics.SUCCESS, 400_000);
    metrics.recordRequest("acme", "GetItem", UsageMetrics.SUCCESS, 3_000_000_000L);

    List<String> buckets =
        metrics
            .scrape()
            .lines()
            .filter(line -> line.startsWith("ddb_request_duration_seconds_bucket"))
            .toList();

    assertThat(buckets)
        .hasSize(UsageMetrics.DURATION_BUCKETS.size() + 1)
        .contains(
            "ddb_request_duration_seconds_bucket{operation=\"GetItem\",le=\"0.0001\"} 1",
            "ddb_request_duration_seconds_bucket{operation=\"GetItem\",le=\"0.0005\"} 2",
            "ddb_request_duration_seconds_bucket{operation=\"GetItem\",le=\"2.5\"} 2",
            "ddb_request_duration_seconds_bucket{operation=\"GetItem\",le=\"5\"} 3",
            "ddb_request_duration_seconds_bucket{operation=\"GetItem\",le=\"+Inf\"} 3");
  }

  @Test
  void tenantsBeyondTheBudgetFoldIntoOther() {
    metrics.recordConsumed("a", "t", 2, 0);
    metrics.recordConsumed("b", "t", 2, 0);
    metrics.recordConsumed("c", "t1", 2, 0);
    metrics.recordConsumed("d", "t2", 4, 0);
    metrics.recordRequest("e", "Scan", UsageMetrics.SUCCESS, 1);
    metrics.recordCacheHit("f");

    List<String> lines = metrics.scrape().lines().toList();

    assertThat(lines)
        .contains(
            "ddb_consumed_read_units_total{table=\"t\",tenant=\"a\"} 1.0",
            "ddb_consumed_read_units_total{table=\"t\",tenant=\"b\"} 1.0",
            // A folded tenant folds its tables too.
            "ddb_consumed_read_units_total{table=\"_other\",tenant=\"_other\"} 3.0",
            "ddb_requests_total{operation=\"Scan\",outcome=\"success\",tenant=\"_other\"} 1.0",
            "ddb_cache_hits_total{tenant=\"_other\"} 1.0");
    assertThat(tenantLabels(lines)).containsExactlyInAnyOrder("a", "b", "_other");
  }

  @Test
  void tablesBeyondTheBudgetFoldIntoTheirTenantsOther() {
    metrics.recordConsumed("a", "t1", 0, 2);
    metrics.recordConsumed("a", "t2", 0, 2);
    metrics.recordConsumed("a", "t3", 0, 2);
    metrics.recordThrottled("a", "t4", "PutItem");
    metrics.recordConsumed("a", "t1", 0, 2);

    assertThat(metrics.scrape().lines())
        .contains(
            "ddb_consumed_write_units_total{table=\"t1\",tenant=\"a\"} 2.0",
            "ddb_consumed_write_units_total{table=\"t2\",tenant=\"a\"} 1.0",
            "ddb_consumed_write_units_total{table=\"_other\",tenant=\"a\"} 1.0",
            "ddb_throttled_requests_total{operation=\"PutItem\",table=\"_other\",tenant=\"a\"} 1.0")
        .noneMatch(line -> line.contains("table=\"t3\"") || line.contains("table=\"t4\""));
  }

  @Test
  void gaugesOfFoldedTablesAreSummedAndDeletedTablesDisappear() {
    metrics.setTableGauges("a", "t1", 1, 100);
    metrics.setTableGauges("a", "t2", 2, 200);
    metrics.setTableGauges("a", "t3", 3, 300);
    metrics.setTableGauges("a", "t4", 4, 400);
    metrics.setTableGauges("a", "t4", 5, 500);

    assertThat(metrics.scrape().lines())
        .contains(
            "ddb_table_items{table=\"t1\",tenant=\"a\"} 1.0",
            "ddb_table_items{table=\"_other\",tenant=\"a\"} 8.0",
            "ddb_table_size_bytes{table=\"_other\",tenant=\"a\"} 800.0");

    metrics.removeTable("a", "t3");
    metrics.removeTable("a", "t1");

    assertThat(metrics.scrape().lines())
        .contains("ddb_table_size_bytes{table=\"_other\",tenant=\"a\"} 500.0")
        .noneMatch(line -> line.startsWith("ddb_table_items{table=\"t1\""));

    metrics.removeTable("a", "t4");
    metrics.setTableGauges("a", "t1", 7, 700);
    assertThat(metrics.scrape().lines())
        .contains("ddb_table_items{table=\"t1\",tenant=\"a\"} 7.0")
        .noneMatch(line -> line.startsWith("ddb_table_items{table=\"_other\""));
  }

  @Test
  void concurrentNewTenantsNeverExceedTheBudget() throws InterruptedException {
    UsageMetrics wide = new UsageMetrics(10, 1);
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      Thread worker =
          new Thread(
              () -> {
                awaitQuietly(start);
                for (int i = 0; i < 200; i++) {
                  wide.recordConsumed("tenant-" + ((i * threads + offset) % 50), "t", 2, 0);
                }
              },
              "metrics-test-" + t);
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    List<String> lines = wide.scrape().lines().toList();
    Set<String> tenants = tenantLabels(lines);
    assertThat(tenants).hasSize(11).contains(UsageMetrics.OTHER);
    double total =
        lines.stream()
            .filter(line -> line.startsWith("ddb_consumed_read_units_total{"))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .sum();
    assertThat(total).isEqualTo(threads * 200.0);
  }

  @Test
  void callersRegisterTheirOwnMetersOnTheRegistry() {
    AtomicLong commits = new AtomicLong(42);
    Gauge.builder("ddb.writer.commits", commits, AtomicLong::get).register(metrics.registry());
    assertThat(metrics.scrape().lines()).contains("ddb_writer_commits 42.0");
  }

  @Test
  void rejectsEmptyBudgets() {
    assertThatThrownBy(() -> new UsageMetrics(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTenants must be positive: 0");
    assertThatThrownBy(() -> new UsageMetrics(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTablesPerTenant must be positive: 0");
  }

  private static Set<String> tenantLabels(List<String> lines) {
    return lines.stream()
        .filter(line -> !line.startsWith("#"))
        .map(TENANT_LABEL::matcher)
        .filter(Matcher::find)
        .map(matcher -> matcher.group(1))
        .collect(Collectors.toSet());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

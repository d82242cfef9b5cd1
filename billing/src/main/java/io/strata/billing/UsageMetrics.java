package io.strata.billing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The service's Prometheus metrics: what it consumed, throttled and served, per tenant, table and
 * operation. This class owns the {@link PrometheusMeterRegistry}; the service serves {@link
 * #scrape()} on its admin port with {@link #CONTENT_TYPE} and may register its own meters (writer
 * commits, LMDB size) on {@link #registry()}.
 *
 * <h2>Names (API: the Grafana dashboards query exactly these)</h2>
 *
 * <pre>
 * ddb_consumed_read_units_total      counter   tenant, table     RCU/RRU consumed (0.5 steps)
 * ddb_consumed_write_units_total     counter   tenant, table     WCU/WRU consumed
 * ddb_throttled_requests_total       counter   tenant, table, operation
 * ddb_requests_total                 counter   tenant, operation, outcome ("success" or the error's
 *                                                                short name, e.g.
 *                                                                ConditionalCheckFailedException;
 *                                                                requests refused before a caller
 *                                                                or operation is known count under
 *                                                                tenant "_unauthenticated" and
 *                                                                operation "_unknown")
 * ddb_request_duration_seconds       histogram operation         buckets from 100 us to 10 s
 * ddb_table_items                    gauge     tenant, table
 * ddb_table_size_bytes               gauge     tenant, table
 * ddb_provisioned_read_units         gauge     tenant, table     0 for on-demand tables
 * ddb_provisioned_write_units        gauge     tenant, table
 * ddb_pitr_retained_changes          gauge     tenant, table     changes kept for point-in-time
 *                                                                recovery of a live table
 * ddb_pitr_storage_bytes             gauge     tenant, table     bytes of its recovery data
 *                                                                (retained changes and bases)
 * ddb_restored_bytes_total           counter   tenant, table     bytes written into tables by
 *                                                                completed restores (DynamoDB
 *                                                                bills restores per GB restored)
 * ddb_cache_hits_total               counter   tenant
 * ddb_cache_misses_total             counter   tenant
 * ddb_cache_saved_read_units_total   counter   tenant, table     read units of cache hits the
 *                                                                tenant is not billed for (its
 *                                                                billing settings waive them);
 *                                                                consumed units include them
 * </pre>
 *
 * The duration histogram has fixed buckets ({@link #DURATION_BUCKETS}: 0.1, 0.25, 0.5, 1, 2.5, 5,
 * 10, 25, 50, 100, 250, 500 ms, 1, 2.5, 5, 10 s) rather than client-side percentiles, because
 * percentiles cannot be aggregated across nodes while buckets can: dashboards use {@code
 * histogram_quantile(0.99, sum by (le, operation)
 * (rate(ddb_request_duration_seconds_bucket[5m])))}. Micrometer also exports {@code
 * ddb_request_duration_seconds_max}.
 *
 * <h2>Bounded labels</h2>
 *
 * Every series costs memory here and in Prometheus, and tenants create tables at will, so label
 * values are budgeted: at most {@code maxTenants} distinct tenant values and {@code
 * maxTablesPerTenant} table values per tenant, {@value #MAX_OPERATIONS} operation values and
 * {@value #MAX_OUTCOMES} outcome values. Slots are handed out first come, first served, and kept
 * for the life of the process; a value that finds no slot is reported as {@value #OTHER}. A tenant
 * folded into {@code _other} has all its tables folded too. Counters of folded series add up in the
 * {@code _other} series; gauges of folded tables are summed there, so {@code
 * sum(ddb_table_size_bytes)} stays the true total.
 *
 * <p>First come, first served was chosen over hashing values into a fixed number of buckets: a
 * named series always means exactly one tenant or table, which is what an operator reading a
 * dashboard assumes, and the tenants that exist at startup (the catalog's, registered as the
 * service warms up) keep stable names across restarts. The cost is that a tenant created after the
 * budget is spent is only visible in {@code _other} until the next restart with a larger budget;
 * size the budget above the expected tenant count. A real value spelled {@code _other} shares the
 * overflow series. Slots are not reclaimed when a table is deleted ({@link #removeTable} drops only
 * its gauges), so churn cannot grow the series count past the budget.
 *
 * <p><b>Threads.</b> Every method may be called from any thread, event loops included. After a
 * series exists, recording is two or three {@code ConcurrentHashMap} lookups and an atomic add, no
 * locks and no allocation. Gauge updates ({@link #setTableGauges}, {@link #setProvisioned}) take a
 * per-table lock; they come from a periodic statistics task, not the request path.
 */
public final class UsageMetrics {
  /** The label value that stands for every value past the budget. */
  public static final String OTHER = "_other";

  /** The outcome label of a request that succeeded. */
  public static final String SUCCESS = "success";

  /** The {@code Content-Type} of {@link #scrape()}: Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  static final int MAX_OPERATIONS = 128;
  static final int MAX_OUTCOMES = 128;

  static final List<Duration> DURATION_BUCKETS =
      List.of(
          Duration.ofNanos(100_000),
          Duration.ofNanos(250_000),
          Duration.ofNanos(500_000),
          Duration.ofMillis(1),
          Duration.ofNanos(2_500_000),
          Duration.ofMillis(5),
          Duration.ofMillis(10),
          Duration.ofMillis(25),
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofMillis(2500),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10));

  private static final String TENANT = "tenant";
  private static final String TABLE = "table";
  private static final String OPERATION = "operation";
  private static final String OUTCOME = "outcome";

  private final PrometheusMeterRegistry registry;
  private final LabelBudget<TenantSeries> tenants;
  private final LabelBudget<OperationSeries> operations;
  private final LabelBudget<String> outcomes;

  /** A registry of its own, with the given label budgets. */
  public UsageMetrics(int maxTenants, int maxTablesPerTenant) {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), maxTenants, maxTablesPerTenant);
  }

  public UsageMetrics(PrometheusMeterRegistry registry, int maxTenants, int maxTablesPerTenant) {
    if (maxTenants < 1) {
      throw new IllegalArgumentException("maxTenants must be positive: " + maxTenants);
    }
    if (maxTablesPerTenant < 1) {
      throw new IllegalArgumentException(
          "maxTablesPerTenant must be positive: " + maxTablesPerTenant);
    }
    this.registry = registry;
    // A folded tenant folds its tables too: otherwise its table values would be unbounded.
    this.tenants =
        new LabelBudget<>(
            maxTenants,
            label -> new TenantSeries(label, maxTablesPerTenant),
            () -> new TenantSeries(OTHER, 0));
    this.operations =
        new LabelBudget<>(MAX_OPERATIONS, OperationSeries::new, () -> new OperationSeries(OTHER));
    this.outcomes = new LabelBudget<>(MAX_OUTCOMES, label -> label, () -> OTHER);
  }

  /** The registry, for the service's own meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Every metric in Prometheus text format ({@link #CONTENT_TYPE}), bucket bounds spelled as
   * Prometheus spells them ({@link BucketLabels}).
   */
  public String scrape() {
    return BucketLabels.canonical(registry.scrape());
  }

  /** Capacity a request consumed, in half-units ({@link CapacityUnits}); step 9 of a request. */
  public void recordConsumed(
      String tenantId, String tableName, long readHalfUnits, long writeHalfUnits) {
    TableSeries table = tenants.get(tenantId).table(tableName);
    if (readHalfUnits > 0) {
      table.consumedRead.increment(readHalfUnits / 2.0);
    }
    if (writeHalfUnits > 0) {
      table.consumedWrite.increment(writeHalfUnits / 2.0);
    }
  }

  /**
   * Read half-units of cache hits that the tenant's bill waives; they stay in {@link
   * #recordConsumed}, which is what DynamoDB would have consumed.
   */
  public void recordCacheSaved(String tenantId, String tableName, long readHalfUnits) {
    if (readHalfUnits > 0) {
      tenants.get(tenantId).table(tableName).cacheSavedRead.increment(readHalfUnits / 2.0);
    }
  }

  /** A request the capacity gate throttled. */
  public void recordThrottled(String tenantId, String tableName, String operation) {
    tenants.get(tenantId).table(tableName).throttled(operations.get(operation).label).increment();
  }

  /**
   * A request that finished, successfully ({@link #SUCCESS}) or with an error, named by its short
   * wire name (the part of {@code __type} after {@code #}). Negative durations count as zero.
   */
  public void recordRequest(String tenantId, String operation, String outcome, long durationNanos) {
    OperationSeries op = operations.get(operation);
    op.duration.record(Math.max(0, durationNanos), TimeUnit.NANOSECONDS);
    tenants.get(tenantId).requests(op.label, outcomes.get(outcome)).increment();
  }

  public void recordCacheHit(String tenantId) {
    tenants.get(tenantId).cacheHits.increment();
  }

  public void recordCacheMiss(String tenantId) {
    tenants.get(tenantId).cacheMisses.increment();
  }

  /** The table's item count and size, as its latest statistics say. */
  public void setTableGauges(String tenantId, String tableName, long itemCount, long sizeBytes) {
    tenants
        .get(tenantId)
        .table(tableName)
        .setGauges(GaugeKind.STATISTICS, contributor(tenantId, tableName), itemCount, sizeBytes);
  }

  /** The table's provisioned throughput; 0 and 0 for an on-demand table. */
  public void setProvisioned(
      String tenantId, String tableName, long readCapacityUnits, long writeCapacityUnits) {
    tenants
        .get(tenantId)
        .table(tableName)
        .setGauges(
            GaugeKind.PROVISIONED,
            contributor(tenantId, tableName),
            readCapacityUnits,
            writeCapacityUnits);
  }

  /** The table's point-in-time recovery data: changes retained and bytes kept. */
  public void setRecoveryGauges(
      String tenantId, String tableName, long retainedChanges, long storageBytes) {
    tenants
        .get(tenantId)
        .table(tableName)
        .setGauges(
            GaugeKind.RECOVERY, contributor(tenantId, tableName), retainedChanges, storageBytes);
  }

  /** Forgets the recovery gauges of a table whose recovery was turned off or that was deleted. */
  public void removeRecoveryGauges(String tenantId, String tableName) {
    tenants
        .peek(tenantId)
        .peekTable(tableName)
        .removeGauges(GaugeKind.RECOVERY, contributor(tenantId, tableName));
  }

  /** A restore into the table completed, having written {@code restoredBytes}. */
  public void recordRestored(String tenantId, String tableName, long restoredBytes) {
    tenants.get(tenantId).table(tableName).restoredBytes.increment(restoredBytes);
  }

  /**
   * Forgets a deleted table's gauges. Its counters stay (removing them would read as a reset), and
   * so does its label slot.
   */
  public void removeTable(String tenantId, String tableName) {
    TableSeries table = tenants.peek(tenantId).peekTable(tableName);
    table.removeGauges(GaugeKind.STATISTICS, contributor(tenantId, tableName));
    table.removeGauges(GaugeKind.PROVISIONED, contributor(tenantId, tableName));
    table.removeGauges(GaugeKind.RECOVERY, contributor(tenantId, tableName));
  }

  private static String contributor(String tenantId, String tableName) {
    return tenantId + '\u0000' + tableName;
  }

  private enum GaugeKind {
    STATISTICS(
        "ddb.table.items",
        "Items in the table, from its latest statistics",
        "ddb.table.size.bytes",
        "Size of the table's items in bytes, from its latest statistics"),
    PROVISIONED(
        "ddb.provisioned.read.units",
        "Provisioned read capacity units; 0 for on-demand tables",
        "ddb.provisioned.write.units",
        "Provisioned write capacity units; 0 for on-demand tables"),
    RECOVERY(
        "ddb.pitr.retained.changes",
        "Item changes kept for the table's point-in-time recovery",
        "ddb.pitr.storage.bytes",
        "Bytes of the table's point-in-time recovery data: retained changes and base snapshots");

    final String firstName;
    final String firstDescription;
    final String secondName;
    final String secondDescription;

    GaugeKind(
        String firstName, String firstDescription, String secondName, String secondDescription) {
      this.firstName = firstName;
      this.firstDescription = firstDescription;
      this.secondName = secondName;
      this.secondDescription = secondDescription;
    }
  }

  private final class OperationSeries {
    final String label;
    final Timer duration;

    OperationSeries(String label) {
      this.label = label;
      this.duration =
          Timer.builder("ddb.request.duration")
              .description("Time from a request's arrival to its response")
              .tag(OPERATION, label)
              .serviceLevelObjectives(DURATION_BUCKETS.toArray(Duration[]::new))
              .register(registry);
    }
  }

  private final class TenantSeries {
    final String label;
    final LabelBudget<TableSeries> tables;
    final Counter cacheHits;
    final Counter cacheMisses;
    final ConcurrentHashMap<String, ConcurrentHashMap<String, Counter>> requests =
        new ConcurrentHashMap<>();

    TenantSeries(String label, int maxTables) {
      this.label = label;
      this.tables =
          new LabelBudget<>(
              maxTables,
              tableLabel -> new TableSeries(label, tableLabel),
              () -> new TableSeries(label, OTHER));
      Tags tags = Tags.of(TENANT, label);
      this.cacheHits =
          Counter.builder("ddb.cache.hits")
              .description("Eventually consistent reads served from the item cache")
              .tags(tags)
              .register(registry);
      this.cacheMisses =
          Counter.builder("ddb.cache.misses")
              .description("Eventually consistent reads the item cache could not serve")
              .tags(tags)
              .register(registry);
    }

    TableSeries table(String tableName) {
      return tables.get(tableName);
    }

    TableSeries peekTable(String tableName) {
      return tables.peek(tableName);
    }

    Counter requests(String operation, String outcome) {
      ConcurrentHashMap<String, Counter> byOutcome = requests.get(operation);
      if (byOutcome == null) {
        byOutcome = requests.computeIfAbsent(operation, k -> new ConcurrentHashMap<>());
      }
      Counter counter = byOutcome.get(outcome);
      if (counter == null) {
        counter =
            byOutcome.computeIfAbsent(
                outcome,
                k ->
                    Counter.builder("ddb.requests")
                        .description("Requests answered, by outcome")
                        .tags(TENANT, label, OPERATION, operation, OUTCOME, outcome)
                        .register(registry));
      }
      return counter;
    }
  }

  private final class TableSeries {
    final Tags tags;
    final Counter consumedRead;
    final Counter consumedWrite;
    final Counter cacheSavedRead;
    final Counter restoredBytes;
    final ConcurrentHashMap<String, Counter> throttled = new ConcurrentHashMap<>();

    /**
     * Per gauge kind, the latest two values of every real table reported under this series: one
     * table for a named series, every folded table for {@code _other}. Values are immutable arrays
     * replaced whole, so the gauges read them without locking.
     */
    private final Map<GaugeKind, ConcurrentHashMap<String, long[]>> values =
        new EnumMap<>(GaugeKind.class);

    private final Map<GaugeKind, List<Gauge>> gauges = new EnumMap<>(GaugeKind.class);

    TableSeries(String tenantLabel, String tableLabel) {
      this.tags = Tags.of(TENANT, tenantLabel, TABLE, tableLabel);
      this.consumedRead =
          Counter.builder("ddb.consumed.read.units")
              .description("Read capacity units consumed (RCU or RRU)")
              .tags(tags)
              .register(registry);
      this.consumedWrite =
          Counter.builder("ddb.consumed.write.units")
              .description("Write capacity units consumed (WCU or WRU)")
              .tags(tags)
              .register(registry);
      this.cacheSavedRead =
          Counter.builder("ddb.cache.saved.read.units")
              .description("Read units of cache hits not billed to the tenant")
              .tags(tags)
              .register(registry);
      this.restoredBytes =
          Counter.builder("ddb.restored.bytes")
              .description("Bytes written into the table by completed restores")
              .tags(tags)
              .register(registry);
      for (GaugeKind kind : GaugeKind.values()) {
        values.put(kind, new ConcurrentHashMap<>());
        gauges.put(kind, new ArrayList<>());
      }
    }

    Counter throttled(String operation) {
      Counter counter = throttled.get(operation);
      if (counter == null) {
        counter =
            throttled.computeIfAbsent(
                operation,
                k ->
                    Counter.builder("ddb.throttled.requests")
                        .description("Requests refused by the capacity gate")
                        .tags(tags)
                        .tag(OPERATION, operation)
                        .register(registry));
      }
      return counter;
    }

    synchronized void setGauges(GaugeKind kind, String contributor, long first, long second) {
      values(kind).put(contributor, new long[] {first, second});
      List<Gauge> gauges = gauges(kind);
      if (gauges.isEmpty()) {
        ConcurrentHashMap<String, long[]> values = values(kind);
        gauges.add(
            Gauge.builder(kind.firstName, values, v -> sum(v, 0))
                .description(kind.firstDescription)
                .tags(tags)
                .strongReference(true)
                .register(registry));
        gauges.add(
            Gauge.builder(kind.secondName, values, v -> sum(v, 1))
                .description(kind.secondDescription)
                .tags(tags)
                .strongReference(true)
                .register(registry));
      }
    }

    synchronized void removeGauges(GaugeKind kind, String contributor) {
      ConcurrentHashMap<String, long[]> values = values(kind);
      values.remove(contributor);
      if (values.isEmpty()) {
        for (Gauge gauge : gauges(kind)) {
          registry.remove(gauge);
        }
        gauges(kind).clear();
      }
    }

    private ConcurrentHashMap<String, long[]> values(GaugeKind kind) {
      return values.get(kind);
    }

    private List<Gauge> gauges(GaugeKind kind) {
      return gauges.get(kind);
    }

    private static double sum(ConcurrentHashMap<String, long[]> values, int index) {
      long total = 0;
      for (long[] value : values.values()) {
        total += value[index];
      }
      return total;
    }
  }
}

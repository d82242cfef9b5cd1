package io.strata.service.metering;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.strata.billing.UsageMetrics;
import io.strata.service.storage.DamagedValues;
import io.strata.service.storage.LmdbStore;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.writer.Writer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The Prometheus scrape endpoint ({@code GET /metrics} on the metrics port): the usage metrics,
 * plus gauges of the storage engine registered here. Table item counts, sizes and provisioned
 * throughput are refreshed from the catalog at each scrape, so a provisioned table shows (and is
 * priced on the dashboards) even if it has served no request since the service started; tables
 * deleted since the last scrape are dropped.
 *
 * <p>Besides the names documented in {@link UsageMetrics}: {@code ddb_writer_commits_total} and
 * {@code ddb_writer_ops_total} (their ratio is the group-commit batch size), {@code ddb_writer_up}
 * (0 once the writer has stopped after a storage failure: every write is then refused and {@code
 * /healthz} answers 503), {@code ddb_writer_queued_ops} and {@code ddb_writer_queued_bytes} (work
 * waiting for the writer), {@code ddb_storage_size_bytes} (the LMDB file), {@code
 * ddb_storage_map_size_bytes} (the most it may grow to: the writer stops when it is reached) and
 * {@code ddb_corrupt_values_total} (stored values met that failed to open; see {@code
 * DamagedValues}). The process's own metrics are {@link ProcessMetrics}.
 */
public final class MetricsEndpoint implements Handler<HttpServerRequest> {
  private final UsageMetrics metrics;
  private final TableCatalog catalog;
  private final TableStats stats;
  private final Predicate<@Nullable String> authorized;
  private final Set<String> reportedTables = new HashSet<>();

  /**
   * @param authorized whether a scrape's {@code Authorization} header (null if absent) lets it
   *     read: the bearer token check of {@code STRATA_METRICS_TOKEN}, or always true when there is
   *     none and where it listens is the endpoint's only guard
   */
  public MetricsEndpoint(
      UsageMetrics metrics,
      TableCatalog catalog,
      TableStats stats,
      Writer writer,
      LmdbStore store,
      DamagedValues damagedValues,
      Predicate<@Nullable String> authorized) {
    this.metrics = metrics;
    this.catalog = catalog;
    this.stats = stats;
    this.authorized = authorized;
    FunctionCounter.builder("ddb.writer.commits", writer, Writer::commits)
        .description("Durable LMDB commits (fsyncs) made by the single writer")
        .register(metrics.registry());
    FunctionCounter.builder("ddb.writer.ops", writer, Writer::opsApplied)
        .description("Write operations applied by the single writer")
        .register(metrics.registry());
    Gauge.builder("ddb.writer.up", writer, w -> w.isHealthy() ? 1 : 0)
        .description("1 while the single writer accepts writes, 0 after it stopped on a failure")
        .register(metrics.registry());
    Gauge.builder("ddb.writer.queued.ops", writer, Writer::queuedOps)
        .description("Write operations waiting for the writer")
        .register(metrics.registry());
    Gauge.builder("ddb.writer.queued", writer, Writer::queuedBytes)
        .baseUnit("bytes")
        .description("Estimated size of the write operations waiting for the writer")
        .register(metrics.registry());
    FunctionCounter.builder("ddb.corrupt.values", damagedValues, DamagedValues::met)
        .description("Stored values that failed to open (each time one was met)")
        .register(metrics.registry());
    Gauge.builder("ddb.storage.size", store, LmdbStore::sizeOnDiskBytes)
        .baseUnit("bytes")
        .description("Size of the LMDB data file")
        .register(metrics.registry());
    Gauge.builder("ddb.storage.map.size", store, LmdbStore::mapSizeBytes)
        .baseUnit("bytes")
        .description("The most the LMDB data file may grow to; writes stop when it is full")
        .register(metrics.registry());
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (!authorized.test(request.getHeader("Authorization"))) {
      // RFC 6750 section 3: a request without valid credentials learns the scheme, nothing else.
      request
          .response()
          .setStatusCode(401)
          .putHeader("WWW-Authenticate", "Bearer realm=\"strata-metrics\"")
          .end();
      return;
    }
    if (request.method() != HttpMethod.GET || !request.path().equals("/metrics")) {
      request.response().setStatusCode(404).end();
      return;
    }
    refreshTableGauges();
    request.response().putHeader("Content-Type", UsageMetrics.CONTENT_TYPE).end(metrics.scrape());
  }

  private synchronized void refreshTableGauges() {
    Set<String> current = new HashSet<>();
    for (TableMetadata table : catalog.all()) {
      TableStats.Totals totals = stats.of(table.tableId());
      metrics.setTableGauges(
          table.tenantId(), table.name(), totals.itemCount(), totals.sizeBytes());
      ProvisionedThroughput throughput = table.throughput();
      metrics.setProvisioned(
          table.tenantId(),
          table.name(),
          throughput.readCapacityUnits(),
          throughput.writeCapacityUnits());
      current.add(table.tenantId() + "/" + table.name());
    }
    for (String gone : reportedTables) {
      if (!current.contains(gone)) {
        int slash = gone.indexOf('/');
        metrics.removeTable(gone.substring(0, slash), gone.substring(slash + 1));
      }
    }
    reportedTables.clear();
    reportedTables.addAll(current);
  }
}

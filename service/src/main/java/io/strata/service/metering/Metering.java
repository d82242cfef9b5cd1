package io.strata.service.metering;

import io.strata.billing.UsageMetrics;
import io.strata.billing.UsageRecorder;
import io.strata.service.table.BillingMode;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableSettings;
import io.strata.service.tenant.BillingSettings;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.tenant.TenantQuotas;
import io.strata.service.tenant.TenantRecord;
import io.strata.tenancy.CapacityDecision;
import io.strata.tenancy.CapacityGate;
import io.strata.tenancy.CapacityMode;
import io.strata.tenancy.CapacityQuota;
import io.strata.tenancy.CapacityTicket;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Steps 6 and 9 of a request, capacity and metering, in one place. Before an operation does work,
 * its estimate passes the {@link CapacityGate}; when the request ends, the gate is settled with
 * what the operation actually consumed, the consumption is counted in the Prometheus metrics, and
 * reads are handed to the {@link UsageRecorder} for the ledger (writes are already in the ledger,
 * recorded inside their own transaction).
 *
 * <p>The gate is configured lazily from the metadata a request uses: catalog entries and tenant
 * records are immutable values, replaced on every change, so a changed value means a changed limit,
 * applied on the first request that sees it (UpdateTable takes effect immediately).
 */
public final class Metering implements TableCatalog.Listener {
  private final CapacityGate gate;
  private final UsageMetrics metrics;
  private final UsageRecorder reads;
  private final TenantDirectory tenants;
  private final Map<CapacityGate.TableKey, TableMetadata> configuredTables =
      new ConcurrentHashMap<>();
  private final Map<String, TenantQuotas> configuredTenants = new ConcurrentHashMap<>();

  public Metering(
      CapacityGate gate, UsageMetrics metrics, UsageRecorder reads, TenantDirectory tenants) {
    this.gate = gate;
    this.metrics = metrics;
    this.reads = reads;
    this.tenants = tenants;
  }

  /** A fresh account for one request of {@code operation}. */
  public Consumption start(String operation) {
    return new Consumption(this, operation);
  }

  /** UpdateTable and CreateTable: the new limits apply from the moment they commit. */
  @Override
  public void changed(TableMetadata table) {
    configure(new CapacityGate.TableKey(table.tenantId(), table.name()), table);
  }

  @Override
  public void deleted(TableMetadata table) {
    CapacityGate.TableKey key = new CapacityGate.TableKey(table.tenantId(), table.name());
    configuredTables.remove(key);
    gate.removeTable(key);
  }

  CapacityDecision tryAcquire(TableMetadata table, long readHalfUnits, long writeHalfUnits) {
    CapacityGate.TableKey key = new CapacityGate.TableKey(table.tenantId(), table.name());
    configure(key, table);
    return gate.tryAcquire(key, readHalfUnits, writeHalfUnits);
  }

  void throttled(TableMetadata table, String operation) {
    metrics.recordThrottled(table.tenantId(), table.name(), operation);
  }

  /**
   * Ends a request's metering: settles its admissions with the actual charges, counts the
   * consumption and hands reads to the ledger. A table admitted several times (one admission per
   * batch item) has its whole actual charge settled on the first ticket and nothing on the others,
   * which nets exactly the actual charge.
   *
   * <p>The gate and the consumption metrics take DynamoDB's charge for every read, cache hits
   * included; the ledger bills cache hits only if the tenant's {@link BillingSettings} say so, and
   * what it waives is counted as the tenant's saving.
   */
  public void settle(Consumption consumption, Instant at) {
    Map<CapacityGate.TableKey, Consumption.TableUnits> unsettled = new HashMap<>();
    recordCache(consumption);
    for (Consumption.TableUnits units : consumption.byTable()) {
      TableMetadata table = units.table();
      unsettled.put(new CapacityGate.TableKey(table.tenantId(), table.name()), units);
      metrics.recordConsumed(
          table.tenantId(), table.name(), units.readHalfUnits(), units.writeHalfUnits());
      long waived = isWaivingCacheHits(table.tenantId()) ? units.cacheHalfUnits() : 0;
      metrics.recordCacheSaved(table.tenantId(), table.name(), waived);
      reads.record(table.tenantId(), table.name(), at, units.readHalfUnits() - waived, 0);
    }
    for (CapacityTicket ticket : consumption.tickets()) {
      Consumption.TableUnits units = unsettled.remove(ticket.table());
      gate.settle(
          ticket,
          units == null ? 0 : units.readHalfUnits(),
          units == null ? 0 : units.writeHalfUnits());
    }
  }

  private boolean isWaivingCacheHits(String tenantId) {
    return tenants
        .tenant(tenantId)
        .map(tenant -> tenant.billingSettings().cacheHits() == BillingSettings.CacheHits.FREE)
        .orElse(false);
  }

  private void recordCache(Consumption consumption) {
    List<Consumption.TableUnits> tables = consumption.byTable();
    if (tables.isEmpty()) {
      return;
    }
    String tenantId = tables.get(0).table().tenantId();
    for (int i = 0; i < consumption.cacheHits(); i++) {
      metrics.recordCacheHit(tenantId);
    }
    for (int i = 0; i < consumption.cacheMisses(); i++) {
      metrics.recordCacheMiss(tenantId);
    }
  }

  public void recordRequest(String tenantId, String operation, String outcome, long durationNanos) {
    metrics.recordRequest(tenantId, operation, outcome, durationNanos);
  }

  private void configure(CapacityGate.TableKey key, TableMetadata table) {
    if (configuredTables.get(key) != table) {
      gate.configureTable(key, mode(table));
      configuredTables.put(key, table);
    }
    TenantRecord tenant = tenants.tenant(table.tenantId()).orElse(null);
    if (tenant != null && !tenant.quotas().equals(configuredTenants.get(tenant.id()))) {
      gate.configureTenant(tenant.id(), quota(tenant.quotas()));
      configuredTenants.put(tenant.id(), tenant.quotas());
    }
  }

  /** The table's capacity mode; an on-demand table's OnDemandThroughput maximums included. */
  private static CapacityMode mode(TableMetadata table) {
    ProvisionedThroughput throughput = table.throughput();
    if (table.billingMode() == BillingMode.PROVISIONED) {
      return CapacityMode.provisioned(
          throughput.readCapacityUnits(), throughput.writeCapacityUnits());
    }
    TableSettings.OnDemandThroughput maximums = table.settings().onDemandThroughput();
    return maximums == null
        ? CapacityMode.payPerRequest()
        : new CapacityMode.PayPerRequest(
            maximums.maxReadRequestUnits(), maximums.maxWriteRequestUnits());
  }

  /**
   * A tenant's quotas as the gate enforces them (and DescribeLimits reports them); zero means the
   * server's default for that limit.
   */
  public static CapacityQuota quota(TenantQuotas quotas) {
    CapacityQuota defaults = CapacityQuota.DEFAULT;
    return new CapacityQuota(
        orDefault(quotas.maxReadUnitsPerSecond(), defaults.readUnitsPerSecond()),
        orDefault(quotas.maxWriteUnitsPerSecond(), defaults.writeUnitsPerSecond()),
        orDefault(quotas.maxTableReadUnitsPerSecond(), defaults.tableReadUnitsPerSecond()),
        orDefault(quotas.maxTableWriteUnitsPerSecond(), defaults.tableWriteUnitsPerSecond()),
        defaults.burstSeconds());
  }

  private static long orDefault(long value, long fallback) {
    return value > 0 ? value : fallback;
  }
}

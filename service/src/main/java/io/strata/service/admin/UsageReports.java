package io.strata.service.admin;

import io.strata.billing.UsageKey;
import io.strata.billing.UsageLedger;
import io.strata.billing.UsagePrices;
import io.strata.billing.UsageReport;
import io.strata.service.maintenance.UsageFlusher;
import io.strata.service.metering.LedgerStore;
import io.strata.service.storage.LmdbStore;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableRef;
import io.strata.service.table.TableSettings;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.util.List;

/**
 * Usage reports from the ledger. Pending read usage is flushed first, so a report covers every
 * request answered before it was asked for; the ledger is then read on the read pool.
 *
 * <p>A table's usage is priced by its table class: Standard-IA tables at the infrequent-access
 * prices, every other line (Standard tables, and tables since deleted) at the standard ones. The
 * class is the table's current one, for the whole range: the ledger does not record when a table
 * changed class (DynamoDB allows that twice in 30 days), so a report spanning a change prices the
 * hours before it at the new class too.
 */
public final class UsageReports {
  private final UsageFlusher flusher;
  private final LmdbStore store;
  private final WorkerExecutor readPool;
  private final TableCatalog catalog;
  private final UsagePrices standardPrices;
  private final UsagePrices infrequentAccessPrices;

  public UsageReports(
      UsageFlusher flusher,
      LmdbStore store,
      WorkerExecutor readPool,
      TableCatalog catalog,
      UsagePrices standardPrices,
      UsagePrices infrequentAccessPrices) {
    this.flusher = flusher;
    this.store = store;
    this.readPool = readPool;
    this.catalog = catalog;
    this.standardPrices = standardPrices;
    this.infrequentAccessPrices = infrequentAccessPrices;
  }

  public Future<UsageReport> report(
      List<String> tenantIds, Instant from, Instant to, UsageReport.Grouping grouping) {
    return flusher
        .flush()
        .compose(
            flushed ->
                readPool.executeBlocking(
                    () ->
                        store.read(
                            view ->
                                new UsageLedger(LedgerStore.reading(view))
                                    .report(
                                        tenantIds,
                                        from,
                                        to,
                                        grouping,
                                        standardPrices,
                                        this::pricesOf)),
                    false));
  }

  private UsagePrices pricesOf(UsageKey key) {
    boolean infrequentAccess =
        catalog
            .find(new TableRef(key.tenantId(), key.tableName()))
            .map(
                table ->
                    table.settings().effectiveTableClass()
                        == TableSettings.TableClass.STANDARD_INFREQUENT_ACCESS)
            .orElse(false);
    return infrequentAccess ? infrequentAccessPrices : standardPrices;
  }
}

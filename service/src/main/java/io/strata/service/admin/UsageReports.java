package io.strata.service.admin;

import io.strata.billing.UsageLedger;
import io.strata.billing.UsagePrices;
import io.strata.billing.UsageReport;
import io.strata.service.maintenance.UsageFlusher;
import io.strata.service.metering.LedgerStore;
import io.strata.service.storage.LmdbStore;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.util.List;

/**
 * Usage reports from the ledger. Pending read usage is flushed first, so a report covers every
 * request answered before it was asked for; the ledger is then read on the read pool.
 */
public final class UsageReports {
  private final UsageFlusher flusher;
  private final LmdbStore store;
  private final WorkerExecutor readPool;
  private final UsagePrices prices;

  public UsageReports(
      UsageFlusher flusher, LmdbStore store, WorkerExecutor readPool, UsagePrices prices) {
    this.flusher = flusher;
    this.store = store;
    this.readPool = readPool;
    this.prices = prices;
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
                                    .report(tenantIds, from, to, grouping, prices)),
                    false));
  }
}

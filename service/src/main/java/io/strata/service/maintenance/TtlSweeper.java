package io.strata.service.maintenance;

import io.strata.service.item.ItemWrites;
import io.strata.service.storage.LmdbStore;
import io.strata.service.table.TableCatalog;
import io.strata.service.ttl.ExpiryIndex;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Instant;

/**
 * Deletes expired items in the background, in small batches: each round reads due entries of the
 * expiry index on the read pool, then hands them to the writer as service deletions (not charged to
 * the tenant, marked in streams). A full batch means more may be due, so another round follows at
 * once; each batch is one short writer op, so a backlog of millions never stalls foreground writes
 * for more than one batch.
 */
final class TtlSweeper implements MaintenanceJob {
  private final LmdbStore store;
  private final WorkerExecutor readPool;
  private final ItemWrites items;
  private final TableCatalog catalog;
  private final Clock clock;
  private final int batch;

  TtlSweeper(
      LmdbStore store,
      WorkerExecutor readPool,
      ItemWrites items,
      TableCatalog catalog,
      Clock clock,
      int batch) {
    this.store = store;
    this.readPool = readPool;
    this.items = items;
    this.catalog = catalog;
    this.clock = clock;
    this.batch = batch;
  }

  @Override
  public Future<Boolean> runRound() {
    Instant now = clock.instant();
    return readPool
        .executeBlocking(() -> store.read(view -> ExpiryIndex.due(view, now, batch)), false)
        .compose(
            due ->
                due.isEmpty()
                    ? Future.succeededFuture(false)
                    : items.expire(due, now, catalog::byId).map(deleted -> due.size() == batch));
  }
}

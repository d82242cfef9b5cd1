package io.strata.service.ttl;

import io.strata.service.item.ItemStore;
import io.strata.service.storage.LmdbStore;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TimeToLive;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired items in the background, in small batches: reads due entries of the expiry index
 * on the read pool, then hands one batch at a time to the writer as service deletions (not charged
 * to the tenant, marked in streams). While a full batch keeps coming back it continues at once;
 * otherwise it waits for the next tick. Each batch is one short writer op, so a backlog of millions
 * never stalls foreground writes for more than one batch.
 *
 * <p>Also indexes tables whose TTL was just enabled (backfill), resumable after a restart.
 */
public final class TtlSweeper implements TableCatalog.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(TtlSweeper.class);

  private final LmdbStore store;
  private final WorkerExecutor readPool;
  private final ItemStore items;
  private final TableCatalog catalog;
  private final Clock clock;
  private final int batch;
  private boolean sweeping;

  public TtlSweeper(
      LmdbStore store,
      WorkerExecutor readPool,
      ItemStore items,
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

  /** Sweeps every {@code periodMillis}, and resumes unfinished backfills. */
  public void start(Vertx vertx, long periodMillis) {
    vertx.setPeriodic(periodMillis, id -> sweep());
    catalog.all().forEach(this::changed);
  }

  /** Runs sweep batches until the index has nothing due; completes with the items deleted. */
  public synchronized Future<Integer> sweep() {
    if (sweeping) {
      return Future.succeededFuture(0);
    }
    sweeping = true;
    return sweepFrom(0).eventually(() -> done());
  }

  private synchronized Future<Void> done() {
    sweeping = false;
    return Future.succeededFuture();
  }

  private Future<Integer> sweepFrom(int deletedSoFar) {
    Instant now = clock.instant();
    return readPool
        .executeBlocking(() -> store.read(view -> ExpiryIndex.due(view, now, batch)), false)
        .compose(
            due ->
                due.isEmpty()
                    ? Future.succeededFuture(deletedSoFar)
                    : items
                        .expire(due, now, catalog::byId)
                        .compose(
                            deleted ->
                                due.size() < batch
                                    ? Future.succeededFuture(deletedSoFar + deleted)
                                    : sweepFrom(deletedSoFar + deleted)))
        .onFailure(cause -> LOG.warn("TTL sweep paused: {}", cause.toString()));
  }

  /** A table whose TTL was just enabled gets its existing items indexed. */
  @Override
  public void changed(TableMetadata table) {
    TimeToLive ttl = table.timeToLive();
    if (ttl != null && ttl.enabled() && !ttl.indexed()) {
      backfill(table, null);
    }
  }

  private void backfill(TableMetadata table, byte @Nullable [] from) {
    items
        .backfillExpiry(table, from, batch)
        .onSuccess(
            next -> {
              if (next != null) {
                backfill(table, next);
              } else {
                markIndexed(table);
              }
            })
        .onFailure(
            cause ->
                LOG.warn("TTL backfill of table {} paused: {}", table.tableId(), cause.toString()));
  }

  private void markIndexed(TableMetadata table) {
    catalog.update(
        table.ref(),
        current -> {
          TimeToLive ttl = current.timeToLive();
          return current.tableId() == table.tableId() && ttl != null && ttl.enabled()
              ? current.toBuilder().timeToLive(ttl.asIndexed()).build()
              : current;
        });
  }
}

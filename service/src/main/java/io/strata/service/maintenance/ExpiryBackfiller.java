package io.strata.service.maintenance;

import io.strata.service.item.TableMaintenance;
import io.strata.service.storage.WriteOp;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TimeToLive;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * Indexes the existing items of a table whose TTL was just enabled, a batch per round, then marks
 * its TTL indexed; from then on every write keeps the expiry index current by itself. Like the
 * index backfill, an interrupted pass starts again from the beginning (adding an entry twice writes
 * the same key).
 */
final class ExpiryBackfiller implements MaintenanceJob {
  private final TableCatalog catalog;
  private final TableMaintenance tables;
  private final Writer writer;
  private final int batch;

  /** Where the next batch of each table starts, by table id. */
  private final Map<Long, byte[]> cursors = new HashMap<>();

  ExpiryBackfiller(TableCatalog catalog, TableMaintenance tables, Writer writer, int batch) {
    this.catalog = catalog;
    this.tables = tables;
    this.writer = writer;
    this.batch = batch;
  }

  @Override
  public Future<Boolean> runRound() {
    for (TableMetadata table : catalog.all()) {
      TimeToLive ttl = table.timeToLive();
      if (ttl != null && ttl.enabled() && !ttl.indexed() && !table.settings().isKeyDestroyed()) {
        return backfillBatch(table).map(done -> true);
      }
    }
    cursors.clear();
    return Future.succeededFuture(false);
  }

  private Future<Void> backfillBatch(TableMetadata table) {
    return tables
        .backfillExpiry(table, cursors.get(table.tableId()), batch)
        .compose(
            next -> {
              if (next != null) {
                cursors.put(table.tableId(), next);
                return Future.succeededFuture();
              }
              cursors.remove(table.tableId());
              return writer.submit(markIndexed(table)).mapEmpty();
            });
  }

  private static WriteOp<TableMetadata> markIndexed(TableMetadata table) {
    return TableChanges.update(
        table.ref(),
        current -> {
          TimeToLive ttl = current.timeToLive();
          return current.tableId() == table.tableId() && ttl != null && ttl.enabled()
              ? current.toBuilder().timeToLive(ttl.asIndexed()).build()
              : current;
        });
  }
}

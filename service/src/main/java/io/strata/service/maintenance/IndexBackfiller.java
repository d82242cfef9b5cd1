package io.strata.service.maintenance;

import io.strata.service.item.TableMaintenance;
import io.strata.service.storage.WriteOp;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds global indexes added to existing tables (UpdateTable), in the background: a batch of the
 * table's items per round, then the index turns ACTIVE. Which indexes need it is in the catalog
 * (they are marked backfilling); where each one has got to is kept only here, so a backfill that a
 * restart or a change of leader interrupted simply runs again from the start (a backfill batch
 * skips entries that are already there).
 */
final class IndexBackfiller implements MaintenanceJob {
  private static final int ITEMS_PER_BATCH = 500;

  private final TableCatalog catalog;
  private final TableMaintenance tables;
  private final Writer writer;

  /** Where the next batch of each backfilling index starts, by index id. */
  private final Map<Long, byte[]> cursors = new HashMap<>();

  IndexBackfiller(TableCatalog catalog, TableMaintenance tables, Writer writer) {
    this.catalog = catalog;
    this.tables = tables;
    this.writer = writer;
  }

  @Override
  public Future<Boolean> runRound() {
    for (TableMetadata table : catalog.all()) {
      if (table.settings().isKeyDestroyed()) {
        continue; // its items cannot be opened, so there is nothing to index
      }
      for (SecondaryIndex index : table.indexes()) {
        if (index.backfilling()) {
          return backfillBatch(table, index).map(done -> true);
        }
      }
    }
    cursors.clear();
    return Future.succeededFuture(false);
  }

  private Future<Void> backfillBatch(TableMetadata table, SecondaryIndex index) {
    byte @Nullable [] from = cursors.get(index.indexId());
    return tables
        .backfillIndex(table, index, from, ITEMS_PER_BATCH)
        .compose(
            next -> {
              if (next != null) {
                cursors.put(index.indexId(), next);
                return Future.succeededFuture();
              }
              cursors.remove(index.indexId());
              return writer.submit(activate(table, index.indexId())).mapEmpty();
            });
  }

  /** The index turns ACTIVE, if it is still the table's and still backfilling. */
  private static WriteOp<TableMetadata> activate(TableMetadata table, long indexId) {
    return TableChanges.update(
        table.ref(),
        current ->
            current.tableId() != table.tableId()
                ? current
                : current.toBuilder()
                    .indexes(
                        current.indexes().stream()
                            .map(
                                index ->
                                    index.indexId() == indexId
                                        ? index.withBackfilling(false)
                                        : index)
                            .toList())
                    .build());
  }
}

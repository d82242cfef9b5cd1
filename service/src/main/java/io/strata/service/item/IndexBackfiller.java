package io.strata.service.item;

import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds global indexes added to existing tables (UpdateTable), in the background: batches of the
 * table's items through the writer, then the index turns ACTIVE. Starts when the catalog announces
 * such an index, and at startup for those a restart interrupted (a backfill is idempotent, so it
 * simply runs again from the start).
 */
public final class IndexBackfiller implements TableCatalog.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(IndexBackfiller.class);
  private static final int ITEMS_PER_BATCH = 500;

  private final ItemStore items;
  private final TableCatalog catalog;
  private final Map<Long, Boolean> running = new ConcurrentHashMap<>();

  public IndexBackfiller(ItemStore items, TableCatalog catalog) {
    this.items = items;
    this.catalog = catalog;
  }

  /** Resumes the backfills of these tables' backfilling indexes (at startup). */
  public void resume(List<TableMetadata> tables) {
    tables.forEach(this::changed);
  }

  @Override
  public void changed(TableMetadata table) {
    for (SecondaryIndex index : table.indexes()) {
      if (index.backfilling() && running.putIfAbsent(index.indexId(), true) == null) {
        continueFrom(table.tableId(), index.indexId(), null);
      }
    }
  }

  @Override
  public void deleted(TableMetadata table) {}

  /** One batch, then the next; against the latest definition, so a deleted index just stops. */
  private void continueFrom(long tableId, long indexId, byte @Nullable [] from) {
    TableMetadata table = catalog.byId(tableId);
    SecondaryIndex index = table == null ? null : find(table, indexId);
    if (index == null || !index.backfilling()) {
      running.remove(indexId);
      return;
    }
    items
        .backfillIndex(table, index, from, ITEMS_PER_BATCH)
        .onSuccess(
            next -> {
              if (next != null) {
                continueFrom(tableId, indexId, next);
              } else {
                activate(table, indexId);
              }
            })
        .onFailure(
            cause -> {
              running.remove(indexId);
              LOG.warn("backfill of index {} paused: {}", indexId, cause.toString());
            });
  }

  private void activate(TableMetadata table, long indexId) {
    catalog
        .update(
            table.ref(),
            current ->
                current.toBuilder()
                    .indexes(
                        current.indexes().stream()
                            .map(
                                index ->
                                    index.indexId() == indexId
                                        ? index.withBackfilling(false)
                                        : index)
                            .toList())
                    .build())
        .onComplete(ignored -> running.remove(indexId));
  }

  private static @Nullable SecondaryIndex find(TableMetadata table, long indexId) {
    return table.indexes().stream().filter(i -> i.indexId() == indexId).findFirst().orElse(null);
  }
}

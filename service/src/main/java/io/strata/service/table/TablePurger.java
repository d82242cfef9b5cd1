package io.strata.service.table;

import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.WriteView;
import io.strata.service.storage.Writer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the storage of deleted tables in the background. DeleteTable only removes the catalog entry
 * and leaves a purge marker in the same transaction; this class then deletes the table's keys
 * (items and stream records start with its table id, index entries with their index's id) in small
 * batches, so a huge table never holds the writer for long, and drops the marker when nothing is
 * left. Markers left by a crash are resumed at startup. Correctness never depends on the purge:
 * table ids are never reused, so nothing can read a deleted table's keys.
 */
public final class TablePurger implements TableCatalog.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(TablePurger.class);
  private static final String PURGE_RECORD = "purge";
  private static final int KEYS_PER_BATCH = 500;
  private static final Db[] TABLE_SCOPED = {Db.ITEMS, Db.INDEXES, Db.STREAMS};

  private final Writer writer;

  public TablePurger(Writer writer) {
    this.writer = writer;
  }

  /** Marks one storage id's keys (a table's, an index's, a backup's) for purging. */
  public static void markForPurge(WriteView view, long storageId) {
    view.put(Db.CATALOG, markerKey(storageId), new byte[0]);
  }

  /** Marks the table's key space and each of its indexes' for purging. */
  public static void markForPurge(WriteView view, TableMetadata table) {
    storageIds(table).forEach(id -> markForPurge(view, id));
  }

  private static List<Long> storageIds(TableMetadata table) {
    List<Long> ids = new ArrayList<>();
    ids.add(table.tableId());
    table.indexes().forEach(index -> ids.add(index.indexId()));
    return ids;
  }

  /** Resumes purges interrupted by a restart. Blocking read: call at startup. */
  public void resume(LmdbStore store) {
    List<Long> pending = new ArrayList<>();
    store.read(
        view -> {
          CatalogKeys.forEachUnder(
              view,
              CatalogKeys.prefix(PURGE_RECORD),
              (key, value) -> pending.add(Long.parseLong(key.substring(key.lastIndexOf('/') + 1))));
          return null;
        });
    pending.forEach(this::purge);
  }

  @Override
  public void deleted(TableMetadata table) {
    purge(table);
  }

  /** Deletes the keys of a table and its indexes, marked for purge, in the background. */
  public void purge(TableMetadata table) {
    storageIds(table).forEach(this::purge);
  }

  /** Deletes the keys of a table id marked for purge, in the background. */
  public void purge(long tableId) {
    writer
        .submit(view -> deleteSomeKeys(view, tableId))
        .onSuccess(
            deleted -> {
              if (deleted > 0) {
                purge(tableId);
              }
            })
        .onFailure(cause -> LOG.warn("purge of table {} paused: {}", tableId, cause.toString()));
  }

  /** Deletes up to one batch of the table's keys; drops the marker once none remain. */
  private static int deleteSomeKeys(WriteView view, long tableId) {
    byte[] prefix = KeyCodec.tablePrefix(tableId);
    int deleted = 0;
    for (Db db : TABLE_SCOPED) {
      List<byte[]> keys = new ArrayList<>();
      view.scan(
          db,
          prefix,
          true,
          (key, value) ->
              CatalogKeys.startsWith(key, prefix) && keys.add(key) && keys.size() < KEYS_PER_BATCH);
      for (byte[] key : keys) {
        view.delete(db, key);
      }
      deleted += keys.size();
    }
    if (deleted == 0) {
      view.delete(Db.CATALOG, markerKey(tableId));
    }
    return deleted;
  }

  private static byte[] markerKey(long tableId) {
    return CatalogKeys.key(PURGE_RECORD, Long.toString(tableId));
  }
}

package io.strata.service.maintenance;

import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.WriteView;
import io.strata.service.table.PurgeMarkers;
import io.strata.service.table.TableStats;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Frees the storage of deleted tables, dropped indexes, deleted backups, abandoned copies and
 * expired recovery data. The change that made a storage id unreachable left a purge marker ({@link
 * PurgeMarkers}) in the same transaction; each round deletes a batch of the first marked id's keys
 * (items and stream records start with a table's id, index entries with their index's id, retained
 * changes with their recovery id) and, once none is left, its statistics and the marker. Small
 * batches, so a huge table never holds the writer for long.
 */
final class TablePurger implements MaintenanceJob {
  private static final int KEYS_PER_BATCH = 500;
  private static final Db[] SCOPED_BY_ID = {Db.ITEMS, Db.INDEXES, Db.STREAMS, Db.RECOVERY};

  private final PurgeMarkers markers;
  private final Supplier<Set<Long>> sourcesInUse;
  private final Writer writer;

  /**
   * @param sourcesInUse the storage ids restores and exports in progress still read
   */
  TablePurger(PurgeMarkers markers, Supplier<Set<Long>> sourcesInUse, Writer writer) {
    this.markers = markers;
    this.sourcesInUse = sourcesInUse;
    this.writer = writer;
  }

  /**
   * Purges the first marked id that no restore or export in progress still reads (a backup deleted
   * while a table is restored from it stays until the restore is done).
   */
  @Override
  public Future<Boolean> runRound() {
    Set<Long> inUse = sourcesInUse.get();
    Optional<Long> next = markers.pending().stream().filter(id -> !inUse.contains(id)).findFirst();
    if (next.isEmpty()) {
      return Future.succeededFuture(false);
    }
    long storageId = next.get();
    return writer.submit(view -> deleteSomeKeys(view, storageId)).map(deleted -> true);
  }

  /** Deletes up to one batch of the id's keys per database; drops the marker once none remain. */
  private static int deleteSomeKeys(WriteView view, long storageId) {
    byte[] prefix = KeyCodec.tablePrefix(storageId);
    int deleted = 0;
    for (Db db : SCOPED_BY_ID) {
      List<byte[]> keys = new ArrayList<>();
      view.scan(
          db,
          prefix,
          true,
          (key, value) ->
              CatalogKeys.startsWith(key, prefix) && keys.add(key) && keys.size() < KEYS_PER_BATCH);
      keys.forEach(key -> view.delete(db, key));
      deleted += keys.size();
    }
    if (deleted == 0) {
      TableStats.delete(view, storageId);
      PurgeMarkers.drop(view, storageId);
    }
    return deleted;
  }
}

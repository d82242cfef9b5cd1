package io.strata.service.table;

import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;

/**
 * Storage ids (of deleted tables, dropped indexes, deleted backups, abandoned restores) whose keys
 * are still to be freed: a marker {@code purge/<id>} is written in the same transaction that makes
 * the id unreachable, and dropped by the purge once no key is left. The set in memory is projected
 * from the markers, so whichever node runs the purge finds the same work. Correctness never depends
 * on the purge: ids are never reused, so nothing can read a purged id's keys.
 */
public final class PurgeMarkers implements Projection {
  private static final String RECORD = "purge";
  private static final byte[] PREFIX = CatalogKeys.prefix(RECORD);

  private final Set<Long> pending = new ConcurrentSkipListSet<>();

  /** Marks one storage id's keys (a table's, an index's, a backup's) for purging. */
  public static void mark(WriteView view, long storageId) {
    view.put(Db.CATALOG, key(storageId), new byte[0]);
  }

  /** Marks the table's key space and each of its indexes' for purging. */
  public static void mark(WriteView view, TableMetadata table) {
    storageIds(table).forEach(id -> mark(view, id));
  }

  /** Drops the marker once the id's keys are gone. */
  public static void drop(WriteView view, long storageId) {
    view.delete(Db.CATALOG, key(storageId));
  }

  /** The table's own storage id and its indexes'. */
  public static List<Long> storageIds(TableMetadata table) {
    return Stream.concat(
            Stream.of(table.tableId()), table.indexes().stream().map(SecondaryIndex::indexId))
        .toList();
  }

  /** Reads the markers left by earlier runs. Blocking: call at startup. */
  public void load(LmdbStore store) {
    store.read(
        view -> {
          CatalogKeys.forEachUnder(view, PREFIX, (key, value) -> pending.add(idOf(key)));
          return null;
        });
  }

  /** The ids still to purge, smallest first. */
  public List<Long> pending() {
    return List.copyOf(pending);
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    for (WriteSet.Mutation mutation : writes.mutationsUnder(Db.CATALOG, PREFIX)) {
      long id = idOf(new String(mutation.key(), StandardCharsets.UTF_8));
      if (mutation.isDelete()) {
        pending.remove(id);
      } else {
        pending.add(id);
      }
    }
  }

  private static byte[] key(long storageId) {
    return CatalogKeys.key(RECORD, Long.toString(storageId));
  }

  private static long idOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }
}

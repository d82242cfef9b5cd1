package io.strata.service.table;

import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import java.util.ArrayList;
import java.util.List;

/**
 * Storage ids handed to a copy that no record owns yet: a backup being taken, a base snapshot for
 * point-in-time recovery, an export's scratch copy. Such a copy is written in many batches before
 * the record that names it (a backup, a base) is saved; a crash in between would leave its keys
 * reachable by nobody and never freed. So the id is reserved ({@code reserved/<id>}) in the
 * transaction that allocates it, and released in the transaction that saves the owning record.
 *
 * <p>A copy does not survive its process (it reads one snapshot of a table that keeps changing), so
 * every reservation still standing when the node starts evaluating writes belongs to a copy that
 * will never finish: {@link #abandonAll} turns each into a purge marker before anything is served,
 * and the purge frees the keys.
 */
public final class StorageReservations {
  private static final String RECORD = "reserved";
  private static final byte[] PREFIX = CatalogKeys.prefix(RECORD);

  private StorageReservations() {}

  /** A fresh storage id, reserved until {@link #release}d or abandoned. */
  public static long reserve(WriteView view) {
    long storageId = TableChanges.nextStorageId(view);
    view.put(Db.CATALOG, key(storageId), new byte[0]);
    return storageId;
  }

  /** A fresh storage id for a copy, reserved in a write op of its own. */
  public static WriteOp<Long> reserveOne() {
    return StorageReservations::reserve;
  }

  /** The id is owned by a record now (written in the same transaction). */
  public static void release(WriteView view, long storageId) {
    view.delete(Db.CATALOG, key(storageId));
  }

  /** Gives up a reserved id: its keys are purged. */
  public static void abandon(WriteView view, long storageId) {
    release(view, storageId);
    PurgeMarkers.mark(view, storageId);
  }

  /** Gives up a reserved id in a write op of its own (its copy failed). */
  public static WriteOp<Void> abandonOne(long storageId) {
    return view -> {
      abandon(view, storageId);
      return null;
    };
  }

  /**
   * Abandons every reservation of copies that died with an earlier process; run before the node
   * serves (or starts copying) anything.
   *
   * @return how many were abandoned
   */
  public static WriteOp<Integer> abandonAll() {
    return view -> {
      List<Long> reserved = new ArrayList<>();
      CatalogKeys.forEachUnder(
          view, PREFIX, (key, value) -> reserved.add(Long.parseLong(key.substring(PREFIX.length))));
      reserved.forEach(storageId -> abandon(view, storageId));
      return reserved.size();
    };
  }

  private static byte[] key(long storageId) {
    return CatalogKeys.key(RECORD, Long.toString(storageId));
  }
}

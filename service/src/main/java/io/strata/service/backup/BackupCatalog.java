package io.strata.service.backup;

import io.strata.service.json.Json;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteSet;
import io.strata.service.table.PurgeMarkers;
import io.strata.service.table.StorageReservations;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backups of every tenant: records in the catalog database ({@code backup/<tenant>/<id>}),
 * written by the ops here and served from memory, projected from committed write sets ({@link
 * #apply}), like the table catalog.
 */
public final class BackupCatalog implements Projection {
  private static final String RECORD = "backup";
  private static final byte[] PREFIX = CatalogKeys.prefix(RECORD);

  /** Backups by {@code <tenant>/<backup id>}, the tail of their record key. */
  private final Map<String, BackupRecord> backups = new ConcurrentHashMap<>();

  /** Reads every backup record; blocking, call at startup. */
  public void load(LmdbStore store) {
    store.read(
        view -> {
          CatalogKeys.forEachUnder(
              view,
              PREFIX,
              (key, value) ->
                  backups.put(idOf(key), Json.fromRecordBytes(value, BackupRecord.class)));
          return null;
        });
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    for (WriteSet.Mutation mutation : writes.mutationsUnder(Db.CATALOG, PREFIX)) {
      String id = idOf(new String(mutation.key(), StandardCharsets.UTF_8));
      byte[] value = mutation.value();
      if (value == null) {
        backups.remove(id);
      } else {
        backups.put(id, Json.fromRecordBytes(value, BackupRecord.class));
      }
    }
  }

  /** Saves a backup whose items were copied under a reserved storage id, which it now owns. */
  public static WriteOp<BackupRecord> save(BackupRecord backup) {
    return view -> {
      view.put(Db.CATALOG, key(backup.tenantId(), backup.backupId()), Json.toRecordBytes(backup));
      StorageReservations.release(view, backup.storageId());
      return backup;
    };
  }

  public Optional<BackupRecord> find(String tenantId, String backupId) {
    return Optional.ofNullable(backups.get(tenantId + '/' + backupId));
  }

  /** The tenant's backups, oldest first. */
  public List<BackupRecord> list(String tenantId) {
    return backups.values().stream()
        .filter(backup -> backup.tenantId().equals(tenantId))
        .sorted(Comparator.comparing(BackupRecord::createdAt).thenComparing(BackupRecord::backupId))
        .toList();
  }

  /** Removes the record and marks the backup's items to be freed in the background. */
  public static WriteOp<BackupRecord> delete(BackupRecord backup) {
    return view -> {
      view.delete(Db.CATALOG, key(backup.tenantId(), backup.backupId()));
      PurgeMarkers.mark(view, backup.storageId());
      return backup;
    };
  }

  private static byte[] key(String tenantId, String backupId) {
    return CatalogKeys.key(RECORD, tenantId, backupId);
  }

  private static String idOf(String recordKey) {
    return recordKey.substring(PREFIX.length);
  }
}

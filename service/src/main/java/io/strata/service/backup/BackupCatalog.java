package io.strata.service.backup;

import io.strata.service.json.Json;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.Writer;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TablePurger;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backups of every tenant: records in the catalog database ({@code backup/<tenant>/<id>}),
 * mirrored in memory for lookups on the event loop, like the table catalog.
 */
public final class BackupCatalog {
  private static final String RECORD = "backup";

  private final Writer writer;
  private final TablePurger purger;
  private final Map<String, BackupRecord> backups = new ConcurrentHashMap<>();

  public BackupCatalog(Writer writer, TablePurger purger) {
    this.writer = writer;
    this.purger = purger;
  }

  /** Reads every backup record; blocking, call at startup. */
  public void load(LmdbStore store) {
    store.read(
        view -> {
          CatalogKeys.forEachUnder(
              view,
              CatalogKeys.prefix(RECORD),
              (key, value) -> remember(Json.fromRecordBytes(value, BackupRecord.class)));
          return null;
        });
  }

  public Future<BackupRecord> save(BackupRecord backup) {
    return writer
        .submit(
            view -> {
              view.put(
                  Db.CATALOG,
                  key(backup.tenantId(), backup.backupId()),
                  Json.toRecordBytes(backup));
              return backup;
            })
        .onSuccess(this::remember);
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

  /** Removes the record and frees the backup's items in the background. */
  public Future<BackupRecord> delete(BackupRecord backup) {
    return writer
        .submit(
            view -> {
              view.delete(Db.CATALOG, key(backup.tenantId(), backup.backupId()));
              TablePurger.markForPurge(view, backup.storageId());
              return backup;
            })
        .onSuccess(
            deleted -> {
              backups.remove(deleted.tenantId() + '/' + deleted.backupId());
              purger.purge(deleted.storageId());
            });
  }

  /** Frees the keys copied for a table that is not going to be published after all. */
  public Future<Void> discard(TableMetadata unpublished) {
    return writer
        .<Void>submit(
            view -> {
              TablePurger.markForPurge(view, unpublished);
              return null;
            })
        .onSuccess(ignored -> purger.purge(unpublished));
  }

  private void remember(BackupRecord backup) {
    backups.put(backup.tenantId() + '/' + backup.backupId(), backup);
  }

  private static byte[] key(String tenantId, String backupId) {
    return CatalogKeys.key(RECORD, tenantId, backupId);
  }
}

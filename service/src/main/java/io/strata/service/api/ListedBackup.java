package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.storage.WriteOp;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.RecoveryRecord;
import io.strata.service.table.RestoreSummary;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A backup as ListBackups, DescribeBackup, DeleteBackup and RestoreTableFromBackup see it: either
 * one the tenant took (CreateBackup, {@code BackupType} USER) or the system backup that deleting a
 * table with point-in-time recovery leaves (SYSTEM). The API reference's {@code BackupDetails}: "If
 * you delete a table with point-in-time recovery enabled, a SYSTEM backup is automatically created
 * ... System backups allow you to restore the deleted table to the state it was in just before the
 * point of deletion"; its {@code BackupExpiryDateTime} is when it goes (here: the table's recovery
 * period after the deletion, when the retention trim drops the recovery data).
 */
sealed interface ListedBackup {
  String backupId();

  String backupName();

  Instant createdAt();

  long itemCount();

  long sizeBytes();

  /** The table the backup holds, as it was when the backup was taken. */
  TableMetadata source();

  /** {@code BackupType}. */
  String type();

  @Nullable Instant expiresAt();

  /** DeleteBackup's op; false when the backup was gone already. */
  WriteOp<Boolean> delete();

  /**
   * RestoreTableFromBackup's op: creates the {@code CREATING} table that a restore job fills.
   *
   * @param draftOf shapes the source's definition into the restored table's, given the restore's
   *     summary
   */
  WriteOp<TableMetadata> restore(DraftOf draftOf, int maxTablesPerTenant);

  /** Makes the restored table's definition from the source's and the restore's summary. */
  interface DraftOf {
    TableMetadata draft(TableMetadata source, RestoreSummary summary);
  }

  /** An on-demand backup. */
  record UserBackup(BackupRecord backup) implements ListedBackup {
    @Override
    public String backupId() {
      return backup.backupId();
    }

    @Override
    public String backupName() {
      return backup.backupName();
    }

    @Override
    public Instant createdAt() {
      return backup.createdAt();
    }

    @Override
    public long itemCount() {
      return backup.itemCount();
    }

    @Override
    public long sizeBytes() {
      return backup.sizeBytes();
    }

    @Override
    public TableMetadata source() {
      return backup.source();
    }

    @Override
    public String type() {
      return "USER";
    }

    @Override
    public @Nullable Instant expiresAt() {
      return null;
    }

    @Override
    public WriteOp<Boolean> delete() {
      WriteOp<BackupRecord> delete = BackupCatalog.delete(backup);
      return view -> {
        delete.apply(view);
        return true;
      };
    }

    @Override
    public WriteOp<TableMetadata> restore(DraftOf draftOf, int maxTablesPerTenant) {
      TableMetadata source = backup.source();
      RestoreSummary summary =
          new RestoreSummary(backup.backupId(), source.name(), backup.createdAt(), true);
      return TableChanges.createRestoring(
          draftOf.draft(source, summary), maxTablesPerTenant, backup.storage(), null);
    }
  }

  /**
   * A deleted table's kept recovery data. Its id is made of the deletion's millisecond and the
   * recovery id, in the shape of an on-demand backup's ({@code CreateBackup}), so it is stable and
   * unique; its name is the table's with DynamoDB's {@code $DeletedTableBackup} suffix.
   */
  record SystemBackup(RecoveryRecord recovery, RecoveryRecord.DeletedTable table)
      implements ListedBackup {
    private static final String NAME_SUFFIX = "$DeletedTableBackup";

    /** The system backup of a deleted table's recovery data; null when it has none to show. */
    static @Nullable SystemBackup of(RecoveryRecord recovery) {
      RecoveryRecord.DeletedTable table = recovery.deletedTable();
      // Records deleted before their first base hold nothing restorable.
      if (table == null || recovery.bases().isEmpty()) {
        return null;
      }
      return new SystemBackup(recovery, table);
    }

    @Override
    public String backupId() {
      return String.format(
          "%014d-%08x", createdAt().toEpochMilli(), recovery.recoveryId() & 0xFFFF_FFFFL);
    }

    @Override
    public String backupName() {
      return recovery.tableName() + NAME_SUFFIX;
    }

    @Override
    public Instant createdAt() {
      return Objects.requireNonNull(recovery.deletedAt());
    }

    @Override
    public long itemCount() {
      return table.itemCount();
    }

    @Override
    public long sizeBytes() {
      return table.sizeBytes();
    }

    @Override
    public TableMetadata source() {
      return table.definition();
    }

    @Override
    public String type() {
      return "SYSTEM";
    }

    @Override
    public Instant expiresAt() {
      return createdAt().plus(recovery.recoveryPeriod());
    }

    @Override
    public WriteOp<Boolean> delete() {
      return ContinuousBackups.deleteSystemBackup(recovery.tableId());
    }

    /** The deleted table as it was just before its deletion, like a point-in-time restore. */
    @Override
    public WriteOp<TableMetadata> restore(DraftOf draftOf, int maxTablesPerTenant) {
      RestoreSummary summary =
          new RestoreSummary(backupId(), recovery.tableName(), createdAt(), true);
      return ContinuousBackups.restore(
          recovery, createdAt(), then -> draftOf.draft(then, summary), maxTablesPerTenant);
    }
  }
}

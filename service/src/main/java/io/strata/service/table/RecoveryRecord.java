package io.strata.service.table;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A table's point-in-time recovery: its retained changes (under {@code recoveryId}, {@code
 * storage/RetainedChanges}) and the base snapshots they are replayed onto. A base is a consistent
 * copy of the table's items (without index entries) under a storage id of its own, taken at a log
 * position; a restore to instant T starts from the newest base taken at or before T and replays the
 * changes after the base's position whose timestamps are at most T.
 *
 * <p>Bases are taken periodically ({@code maintenance/RecoveryBases}) so the retention trim can
 * drop what lies before the window: it keeps the newest base taken at or before the window's start
 * and deletes older bases and the changes they cover. The earliest restorable instant is therefore
 * the later of the window's start and the oldest base kept.
 *
 * <p>When the table is deleted the record stays, with {@code deletedAt}: its recovery data is the
 * system backup DynamoDB leaves behind, restorable (to the instant of the deletion at the latest)
 * until the recovery period has passed since the deletion. {@code deletedTable} keeps what
 * ListBackups and DescribeBackup show of it.
 *
 * @param bases oldest first
 * @param deletedTable the table as it was deleted; null while it lives (and in records written
 *     before system backups were listed)
 */
public record RecoveryRecord(
    String tenantId,
    String tableName,
    long tableId,
    long recoveryId,
    int recoveryPeriodDays,
    Instant enabledAt,
    List<Base> bases,
    @Nullable Instant deletedAt,
    @Nullable DeletedTable deletedTable) {

  /** A base snapshot: the table's items as of the write set at {@code logIndex}. */
  public record Base(long storageId, long logIndex, Instant snapshotTime) {}

  /** The deleted table's definition and committed totals when it was deleted. */
  public record DeletedTable(TableMetadata definition, long itemCount, long sizeBytes) {}

  public RecoveryRecord {
    bases = List.copyOf(bases);
  }

  public TableRef ref() {
    return new TableRef(tenantId, tableName);
  }

  public boolean isDeleted() {
    return deletedAt != null;
  }

  public Duration recoveryPeriod() {
    return Duration.ofDays(recoveryPeriodDays);
  }

  /** The earliest instant a restore may ask for; empty until the first base is taken. */
  public Optional<Instant> earliestRestorable(Instant now) {
    if (bases.isEmpty()) {
      return Optional.empty();
    }
    Instant windowStart = latestRestorable(now).minus(recoveryPeriod());
    Instant oldestBase = bases.get(0).snapshotTime();
    return Optional.of(oldestBase.isAfter(windowStart) ? oldestBase : windowStart);
  }

  /** The latest instant a restore may ask for: now, or when the table was deleted. */
  public Instant latestRestorable(Instant now) {
    return deletedAt != null ? deletedAt : now;
  }

  /** The newest base taken at or before {@code instant}. */
  public Optional<Base> baseFor(Instant instant) {
    Base found = null;
    for (Base base : bases) {
      if (!base.snapshotTime().isAfter(instant)) {
        found = base;
      }
    }
    return Optional.ofNullable(found);
  }

  public @Nullable Base newestBase() {
    return bases.isEmpty() ? null : bases.get(bases.size() - 1);
  }

  RecoveryRecord withBase(Base base) {
    List<Base> more = new ArrayList<>(bases);
    more.add(base);
    return withBases(more);
  }

  RecoveryRecord withBases(List<Base> kept) {
    return new RecoveryRecord(
        tenantId,
        tableName,
        tableId,
        recoveryId,
        recoveryPeriodDays,
        enabledAt,
        kept,
        deletedAt,
        deletedTable);
  }

  RecoveryRecord withPeriod(int days) {
    return new RecoveryRecord(
        tenantId, tableName, tableId, recoveryId, days, enabledAt, bases, deletedAt, deletedTable);
  }

  RecoveryRecord deleted(Instant at, DeletedTable table) {
    return new RecoveryRecord(
        tenantId, tableName, tableId, recoveryId, recoveryPeriodDays, enabledAt, bases, at, table);
  }
}

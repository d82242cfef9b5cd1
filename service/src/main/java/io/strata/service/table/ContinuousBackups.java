package io.strata.service.table;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.RetainedChanges;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteView;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Point-in-time recovery of every table that has it ({@code pitr/<table id>} → {@link
 * RecoveryRecord}), served from memory as a projection of committed write sets, and the write ops
 * that change it: turning recovery on and off, saving a base snapshot, trimming to the recovery
 * period, keeping a deleted table's recovery data, and creating a table restored to a point in
 * time. Each op re-reads the record in its own transaction.
 *
 * <p>Turning recovery on starts retaining the table's changes in the same transaction ({@code
 * RetainedChanges.retain}); the first base is taken in the background, and until it is there the
 * table has no restorable window yet. Turning it off, like DynamoDB, discards the recovery data.
 */
public final class ContinuousBackups implements Projection {
  private static final PerTableRecords<RecoveryRecord> RECORDS =
      new PerTableRecords<>("pitr", RecoveryRecord.class);

  private final Map<Long, RecoveryRecord> records = new ConcurrentSkipListMap<>();

  /** Reads the records left by earlier runs. Blocking: call at startup. */
  public void load(LmdbStore store) {
    RECORDS.loadInto(store, records);
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    RECORDS.project(writes, records);
  }

  /** The recovery of a live table; empty when it has none. */
  public Optional<RecoveryRecord> of(TableMetadata table) {
    return Optional.ofNullable(records.get(table.tableId())).filter(r -> !r.isDeleted());
  }

  /** The recovery data of the tenant's most recently deleted table of that name, if still kept. */
  public Optional<RecoveryRecord> deleted(TableRef ref) {
    return records.values().stream()
        .filter(r -> r.isDeleted() && r.ref().equals(ref))
        .max(
            Comparator.comparing(
                RecoveryRecord::deletedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
  }

  /** The tenant's deleted tables whose recovery data is kept (their system backups). */
  public List<RecoveryRecord> deletedOf(String tenantId) {
    return records.values().stream()
        .filter(r -> r.isDeleted() && r.tenantId().equals(tenantId))
        .toList();
  }

  /** Every record, live and deleted, for the background jobs. */
  public List<RecoveryRecord> all() {
    return List.copyOf(records.values());
  }

  /**
   * Turns recovery on for the table with {@code recoveryPeriodDays} (or changes the period of a
   * table that has it).
   */
  public static WriteOp<RecoveryRecord> enable(TableRef ref, int recoveryPeriodDays, Instant now) {
    return view -> {
      TableMetadata table = TableChanges.changeable(view, ref);
      RecoveryRecord existing = read(view, table.tableId());
      RecoveryRecord record =
          existing != null
              ? existing.withPeriod(recoveryPeriodDays)
              : new RecoveryRecord(
                  table.tenantId(),
                  table.name(),
                  table.tableId(),
                  TableChanges.nextStorageId(view),
                  recoveryPeriodDays,
                  now,
                  List.of(),
                  null,
                  null);
      if (existing == null) {
        RetainedChanges.retain(
            view, table.tableId(), record.recoveryId(), TableRecords.encode(table));
      }
      save(view, record);
      return record;
    };
  }

  /** Turns recovery off: the table's changes are no longer retained and its recovery data goes. */
  public static WriteOp<TableMetadata> disable(TableRef ref) {
    return view -> {
      TableMetadata table = TableChanges.changeable(view, ref);
      RecoveryRecord record = read(view, table.tableId());
      if (record != null) {
        RetainedChanges.stopRetaining(view, table.tableId());
        discard(view, record);
      }
      return table;
    };
  }

  /**
   * DeleteBackup of a deleted table's system backup: its recovery data is discarded at once (a
   * restore still reading it keeps it until it is done: the purge leaves ids in use alone).
   *
   * @return whether there was such a backup left to delete
   */
  public static WriteOp<Boolean> deleteSystemBackup(long tableId) {
    return view -> {
      RecoveryRecord record = read(view, tableId);
      if (record == null || !record.isDeleted()) {
        return false;
      }
      discard(view, record);
      return true;
    };
  }

  /**
   * Saves a base snapshot copied under a reserved storage id, which the record now owns; if the
   * table lost its recovery meanwhile (deleted, or recovery turned off), the copy is abandoned.
   */
  public static WriteOp<Boolean> addBase(long tableId, RecoveryRecord.Base base) {
    return view -> {
      RecoveryRecord record = read(view, tableId);
      if (record == null || record.isDeleted()) {
        StorageReservations.abandon(view, base.storageId());
        return false;
      }
      save(view, record.withBase(base));
      StorageReservations.release(view, base.storageId());
      return true;
    };
  }

  /**
   * One round of the retention trim of the table's recovery data at {@code now}: drops it whole
   * once a deleted table's period has passed; otherwise drops the bases older than the newest one
   * taken at or before the window's start and deletes up to {@code limit} changes that the oldest
   * base kept already holds. Leaves alone recovery data that a restore in progress reads ({@code
   * inUse}, checked in the transaction).
   *
   * @return whether more is left to trim (changes, or data a restore still reads)
   */
  public static WriteOp<Boolean> trim(
      long tableId, Instant now, int limit, Supplier<Set<Long>> inUse) {
    return view -> {
      RecoveryRecord record = read(view, tableId);
      if (record == null) {
        return false;
      }
      if (inUse.get().contains(record.recoveryId())) {
        return true;
      }
      Instant deletedAt = record.deletedAt();
      if (deletedAt != null && !now.isBefore(deletedAt.plus(record.recoveryPeriod()))) {
        discard(view, record);
        return false;
      }
      Instant windowStart = record.latestRestorable(now).minus(record.recoveryPeriod());
      List<RecoveryRecord.Base> bases = record.bases();
      int keepFrom = 0;
      for (int i = 0; i < bases.size(); i++) {
        if (!bases.get(i).snapshotTime().isAfter(windowStart)) {
          keepFrom = i;
        }
      }
      if (keepFrom > 0) {
        bases.subList(0, keepFrom).forEach(base -> PurgeMarkers.mark(view, base.storageId()));
        record = record.withBases(bases.subList(keepFrom, bases.size()));
        save(view, record);
      }
      RecoveryRecord.Base oldest = record.bases().isEmpty() ? null : record.bases().get(0);
      return oldest != null
          && RetainedChanges.trimThrough(view, record.recoveryId(), oldest.logIndex(), limit)
              == limit;
    };
  }

  /**
   * Creates the table restored from {@code source}'s recovery data to {@code instant}, {@code
   * CREATING}: defined as the source was at that instant (then shaped by {@code draftOf}: new name,
   * overrides), its items copied from the newest base taken at or before the instant, then the
   * retained changes after that base up to the instant replayed ({@link RestoreJob}).
   */
  public static WriteOp<TableMetadata> restore(
      RecoveryRecord source,
      Instant instant,
      UnaryOperator<TableMetadata> draftOf,
      int maxTablesPerTenant) {
    return view -> {
      AsOf asOf = asOf(view, source, instant);
      return TableChanges.createRestoring(
              draftOf.apply(asOf.then()), maxTablesPerTenant, asOf.copyFrom(), asOf.replay())
          .apply(view);
    };
  }

  /**
   * How to rebuild a table as it was at an instant of its recovery window: its definition then, the
   * newest base taken at or before the instant (as a table without indexes under the base's storage
   * id) and the retained changes to replay onto it.
   */
  record AsOf(TableMetadata then, TableMetadata copyFrom, RestoreJob.Replay replay) {}

  static AsOf asOf(ReadView view, RecoveryRecord source, Instant instant) {
    RecoveryRecord.Base base =
        source
            .baseFor(instant)
            .orElseThrow(() -> new IllegalStateException("no base before " + instant));
    byte[] definition =
        RetainedChanges.definitionAt(view, source.recoveryId(), instant.toEpochMilli());
    if (definition == null) {
      throw new IllegalStateException("no definition of " + source.tableName() + " at " + instant);
    }
    TableMetadata then = TableRecords.decode(definition);
    return new AsOf(
        then,
        then.toBuilder().tableId(base.storageId()).indexes(List.of()).build(),
        new RestoreJob.Replay(source.recoveryId(), base.logIndex(), instant.toEpochMilli()));
  }

  /** Keeps the retained definition in step when a table that retains changes is redefined. */
  static void definitionChanged(WriteView view, TableMetadata table) {
    RetainedChanges.recoveryIdOf(view, table.tableId())
        .ifPresent(
            recoveryId ->
                RetainedChanges.retain(
                    view, table.tableId(), recoveryId, TableRecords.encode(table)));
  }

  /**
   * The table is being deleted: at {@code deletedAt} its recovery data becomes its system backup;
   * with no time (the tenant is being deleted) it is discarded.
   */
  static void tableDeleted(WriteView view, TableMetadata table, @Nullable Instant deletedAt) {
    RecoveryRecord record = read(view, table.tableId());
    if (record == null) {
      return;
    }
    if (deletedAt == null) {
      discard(view, record);
    } else {
      TableStats.Totals totals = TableStats.read(view, table.tableId());
      save(
          view,
          record.deleted(
              deletedAt,
              new RecoveryRecord.DeletedTable(table, totals.itemCount(), totals.sizeBytes())));
    }
  }

  private static void discard(WriteView view, RecoveryRecord record) {
    RECORDS.delete(view, record.tableId());
    PurgeMarkers.mark(view, record.recoveryId());
    record.bases().forEach(base -> PurgeMarkers.mark(view, base.storageId()));
  }

  /** A tenant's request about a table whose recovery it cannot use: DynamoDB's refusal. */
  public static DynamoException unavailable(String tableName) {
    return new DynamoException(
        ErrorCode.POINT_IN_TIME_RECOVERY_UNAVAILABLE,
        "Point in time recovery has not yet been enabled for this source table: " + tableName);
  }

  private static @Nullable RecoveryRecord read(ReadView view, long tableId) {
    return RECORDS.read(view, tableId);
  }

  private static void save(WriteView view, RecoveryRecord record) {
    RECORDS.save(view, record.tableId(), record);
  }
}

package io.strata.service.table;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.RetainedChanges;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The write ops of table definitions. Each re-checks its precondition inside the write transaction
 * (so two concurrent CreateTable calls for one name cannot both win) and writes the record; the
 * {@link TableCatalog} learns of the change from the committed write set.
 */
public final class TableChanges {
  private static final String TABLE_ID_SEQUENCE = "table-id";

  private TableChanges() {}

  /**
   * Creates a table, with fresh table and index ids.
   *
   * @param maxTablesPerTenant the tenant's table quota
   */
  public static WriteOp<TableMetadata> create(TableMetadata draft, int maxTablesPerTenant) {
    return view -> {
      if (view.get(Db.CATALOG, TableRecords.key(draft.ref())) != null) {
        throw DynamoException.resourceInUse("Table already exists: " + draft.name());
      }
      if (CatalogKeys.valuesUnder(view, TableRecords.prefixOf(draft.tenantId())).size()
          >= maxTablesPerTenant) {
        throw DynamoException.limitExceeded(
            "Subscriber limit exceeded: You have exceeded the maximum number of tables ("
                + maxTablesPerTenant
                + ") allowed for your account");
      }
      TableMetadata table = withFreshIds(view, draft);
      put(view, table);
      return table;
    };
  }

  /**
   * Creates a table to restore into: {@code CREATING} (the draft carries a restore in progress),
   * with fresh ids, and the restore's job, which the background restore carries out batch by batch
   * ({@link RestoreJobs}); the table turns {@code ACTIVE} with {@link #completeRestore}. Because
   * the table owns its ids from the start, a crash mid-restore leaves nothing unowned: the restore
   * resumes.
   */
  public static WriteOp<TableMetadata> createRestoring(
      TableMetadata draft,
      int maxTablesPerTenant,
      TableMetadata copyFrom,
      RestoreJob.@Nullable Replay replay) {
    WriteOp<TableMetadata> create = create(draft, maxTablesPerTenant);
    return view -> {
      TableMetadata table = create.apply(view);
      RestoreJobs.save(view, RestoreJob.start(table, copyFrom, replay));
      return table;
    };
  }

  /** Publishes a restored table as {@code ACTIVE} and forgets its restore job. */
  public static TableMetadata completeRestore(WriteView view, TableMetadata restored) {
    RestoreSummary restore = restored.restore();
    TableMetadata done =
        restored.toBuilder().restore(restore == null ? null : restore.completed()).build();
    put(view, done);
    RestoreJobs.drop(view, restored.tableId());
    return done;
  }

  /**
   * A fresh storage id (for a table, an index, a copy) inside the caller's transaction; a copy not
   * yet owned by a record takes one through {@link StorageReservations} instead.
   */
  public static long nextStorageId(WriteView view) {
    return CatalogKeys.nextSequence(view, TABLE_ID_SEQUENCE);
  }

  /** The draft with a new table id and a new storage id for each of its indexes. */
  private static TableMetadata withFreshIds(WriteView view, TableMetadata draft) {
    long tableId = nextStorageId(view);
    List<SecondaryIndex> indexes = new ArrayList<>();
    for (SecondaryIndex index : draft.indexes()) {
      indexes.add(index.withIndexId(nextStorageId(view)));
    }
    return draft.toBuilder().tableId(tableId).indexes(indexes).build();
  }

  /** Replaces a table's metadata; fails with ResourceNotFound if it no longer exists. */
  public static WriteOp<TableMetadata> update(TableRef ref, UnaryOperator<TableMetadata> change) {
    return update(ref, (view, current) -> change.apply(current));
  }

  /** As {@link #update(TableRef, UnaryOperator)}, for changes that read other state in the txn. */
  public static WriteOp<TableMetadata> update(
      TableRef ref, BiFunction<WriteView, TableMetadata, TableMetadata> change) {
    return view -> {
      TableMetadata updated = change.apply(view, changeable(view, ref));
      put(view, updated);
      return updated;
    };
  }

  /** Publishes an imported table {@code ACTIVE} once its items are all in. */
  static void completeImport(WriteView view, TableMetadata imported) {
    put(view, imported.toBuilder().restore(null).build());
  }

  /**
   * Removes the table of a failed import, whatever it holds so far: its storage is purged and no
   * recovery data is kept (it never served an item).
   */
  static void abandonImport(WriteView view, TableRef ref, long tableId) {
    byte[] stored = view.get(Db.CATALOG, TableRecords.key(ref));
    TableMetadata table = stored == null ? null : TableRecords.decode(stored);
    if (table != null && table.tableId() == tableId) {
      remove(view, table, null);
    }
  }

  /**
   * Removes a table from the catalog at {@code deletedAt}; its items are purged afterwards in the
   * background, its point-in-time recovery data is kept as its system backup.
   */
  public static WriteOp<TableMetadata> delete(
      TableRef ref, UnaryOperator<TableMetadata> precondition, Instant deletedAt) {
    return view -> {
      TableMetadata table = precondition.apply(changeable(view, ref));
      remove(view, table, deletedAt);
      return table;
    };
  }

  /**
   * Removes every table of a tenant inside the caller's transaction (tenant deletion), recovery
   * data and all.
   */
  public static List<TableMetadata> deleteAllOf(WriteView view, String tenantId) {
    List<TableMetadata> deleted = new ArrayList<>();
    for (byte[] value : CatalogKeys.valuesUnder(view, TableRecords.prefixOf(tenantId))) {
      TableMetadata table = TableRecords.decode(value);
      remove(view, table, null);
      deleted.add(table);
    }
    return deleted;
  }

  /**
   * Removes the table's record; its storage is purged, its restore (if it was still being restored)
   * forgotten and its changes no longer retained (those already retained belong to its recovery
   * data, which outlives it when it has a {@code deletedAt}, {@link ContinuousBackups}).
   */
  private static void remove(WriteView view, TableMetadata table, @Nullable Instant deletedAt) {
    view.delete(Db.CATALOG, TableRecords.key(table.ref()));
    PurgeMarkers.mark(view, table);
    RestoreJobs.drop(view, table.tableId());
    RetainedChanges.stopRetaining(view, table.tableId());
    ContinuousBackups.tableDeleted(view, table, deletedAt);
  }

  private static void put(WriteView view, TableMetadata table) {
    view.put(Db.CATALOG, TableRecords.key(table.ref()), TableRecords.encode(table));
    ContinuousBackups.definitionChanged(view, table);
  }

  /**
   * The table as stored, unless it is still being restored: a {@code CREATING} table cannot be
   * changed or deleted (dynalite's deleteTable, which DynamoDB's message follows).
   */
  static TableMetadata changeable(WriteView view, TableRef ref) {
    TableMetadata table = current(view, ref);
    if (table.isRestoring()) {
      throw beingCreated(ErrorCode.RESOURCE_IN_USE, ref.name());
    }
    return table;
  }

  /** DynamoDB's refusal, with {@code code}, of a change to a table that is still being created. */
  public static DynamoException beingCreated(ErrorCode code, String tableName) {
    return new DynamoException(
        code,
        "Attempt to change a resource which is still in use: Table is being created: " + tableName);
  }

  private static TableMetadata current(WriteView view, TableRef ref) {
    byte[] stored = view.get(Db.CATALOG, TableRecords.key(ref));
    if (stored == null) {
      throw DynamoException.resourceNotFound(
          "Requested resource not found: Table: " + ref.name() + " not found");
    }
    return TableRecords.decode(stored);
  }
}

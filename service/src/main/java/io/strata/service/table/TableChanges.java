package io.strata.service.table;

import io.strata.service.error.DynamoException;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The write ops of table definitions. Each re-checks its precondition inside the write transaction
 * (so two concurrent CreateTable calls for one name cannot both win) and writes the record; the
 * {@link TableCatalog} learns of the change from the committed write set.
 */
public final class TableChanges {
  private static final String TABLE_ID_SEQUENCE = "table-id";

  private TableChanges() {}

  /**
   * Creates a table. A draft without a table id gets fresh table and index ids; a draft that
   * carries ids reserved with {@link #reserveIds} (a restore, whose items were copied under them
   * first) keeps them.
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
      TableMetadata table = draft.tableId() != 0 ? draft : withFreshIds(view, draft);
      put(view, table);
      return table;
    };
  }

  /** A fresh storage id (for a table, an index, a backup) inside the caller's transaction. */
  public static long nextStorageId(WriteView view) {
    return CatalogKeys.nextSequence(view, TABLE_ID_SEQUENCE);
  }

  /**
   * Reserves a fresh table id, e.g. for the items of a backup or of a table being restored before
   * its catalog entry exists (ids are never reused, so nothing else can see those keys).
   */
  public static WriteOp<Long> allocateTableId() {
    return TableChanges::nextStorageId;
  }

  /**
   * The draft with fresh table and index ids, reserved but not published: a restore copies the
   * items under them first, then creates the table with them.
   */
  public static WriteOp<TableMetadata> reserveIds(TableMetadata draft) {
    return view -> withFreshIds(view, draft);
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
      TableMetadata updated = change.apply(view, current(view, ref));
      put(view, updated);
      return updated;
    };
  }

  /** Removes a table from the catalog; its items are purged afterwards in the background. */
  public static WriteOp<TableMetadata> delete(
      TableRef ref, UnaryOperator<TableMetadata> precondition) {
    return view -> {
      TableMetadata table = precondition.apply(current(view, ref));
      remove(view, table);
      return table;
    };
  }

  /** Removes every table of a tenant inside the caller's transaction (tenant deletion). */
  public static List<TableMetadata> deleteAllOf(WriteView view, String tenantId) {
    List<TableMetadata> deleted = new ArrayList<>();
    for (byte[] value : CatalogKeys.valuesUnder(view, TableRecords.prefixOf(tenantId))) {
      TableMetadata table = TableRecords.decode(value);
      remove(view, table);
      deleted.add(table);
    }
    return deleted;
  }

  private static void remove(WriteView view, TableMetadata table) {
    view.delete(Db.CATALOG, TableRecords.key(table.ref()));
    PurgeMarkers.mark(view, table);
  }

  private static void put(WriteView view, TableMetadata table) {
    view.put(Db.CATALOG, TableRecords.key(table.ref()), TableRecords.encode(table));
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

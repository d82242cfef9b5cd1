package io.strata.service.table;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Json;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import io.strata.service.storage.Writer;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The tables of every tenant: durable in the catalog database, served from memory.
 *
 * <p>Reads ({@link #find}, {@link #list}) are lock-free map lookups, safe on the event loop.
 * Changes go through the {@link Writer} as ops that re-check their precondition inside the write
 * transaction (so two concurrent CreateTable calls for one name cannot both win) and publish the
 * new state to memory in {@code afterCommit}, before the caller is answered.
 */
public final class TableCatalog {
  private static final String TABLE_RECORD = "table";
  private static final String TABLE_ID_SEQUENCE = "table-id";

  private final Writer writer;
  private final Map<TableRef, TableMetadata> tables = new ConcurrentHashMap<>();
  private final Map<Long, TableMetadata> byId = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Told on the writer thread, right after commit and before the caller is answered, of every table
   * created, changed or deleted. Must be quick and must not block.
   */
  public interface Listener {
    default void changed(TableMetadata table) {}

    default void deleted(TableMetadata table) {}
  }

  public TableCatalog(Writer writer) {
    this.writer = writer;
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Loads every table into memory. Blocking: call at startup, before serving. */
  public void load(LmdbStore store) {
    store.read(
        view -> {
          for (byte[] value : CatalogKeys.valuesUnder(view, CatalogKeys.prefix(TABLE_RECORD))) {
            TableMetadata table = Json.fromRecordBytes(value, TableMetadata.class);
            publish(table);
          }
          return null;
        });
  }

  /** The live table with this storage id, if any (background work goes from keys to tables). */
  public @Nullable TableMetadata byId(long tableId) {
    return byId.get(tableId);
  }

  private void publish(TableMetadata table) {
    tables.put(table.ref(), table);
    byId.put(table.tableId(), table);
  }

  private void unpublish(TableMetadata table) {
    tables.remove(table.ref());
    byId.remove(table.tableId());
  }

  public Optional<TableMetadata> find(TableRef ref) {
    return Optional.ofNullable(tables.get(ref));
  }

  /** A tenant's tables, by name (ListTables' order). */
  public List<TableMetadata> list(String tenantId) {
    return tables.values().stream()
        .filter(table -> table.tenantId().equals(tenantId))
        .sorted(Comparator.comparing(TableMetadata::name))
        .toList();
  }

  /** All tables of all tenants, for background work and metrics. */
  public List<TableMetadata> all() {
    return List.copyOf(tables.values());
  }

  /**
   * Creates a table. A draft without a table id gets fresh table and index ids; a draft that
   * carries ids reserved with {@link #reserveIds} (a restore, whose items were copied under them
   * first) keeps them.
   *
   * @param maxTablesPerTenant the tenant's table quota
   */
  public Future<TableMetadata> create(TableMetadata draft, int maxTablesPerTenant) {
    return writer.submit(
        new WriteOp<TableMetadata>() {
          @Override
          public TableMetadata apply(WriteView view) {
            if (view.get(Db.CATALOG, recordKey(draft.ref())) != null) {
              throw DynamoException.resourceInUse("Table already exists: " + draft.name());
            }
            if (CatalogKeys.valuesUnder(view, CatalogKeys.prefix(TABLE_RECORD, draft.tenantId()))
                    .size()
                >= maxTablesPerTenant) {
              throw DynamoException.limitExceeded(
                  "Subscriber limit exceeded: You have exceeded the maximum number of tables ("
                      + maxTablesPerTenant
                      + ") allowed for your account");
            }
            TableMetadata table = draft.tableId() != 0 ? draft : withFreshIds(view, draft);
            view.put(Db.CATALOG, recordKey(table.ref()), Json.toRecordBytes(table));
            return table;
          }

          @Override
          public void afterCommit(TableMetadata table) {
            publish(table);
            listeners.forEach(listener -> listener.changed(table));
          }
        });
  }

  /** A fresh storage id (for a table, an index, a backup) inside the caller's transaction. */
  public static long nextStorageId(WriteView view) {
    return CatalogKeys.nextSequence(view, TABLE_ID_SEQUENCE);
  }

  /**
   * Reserves a fresh table id, e.g. for the items of a backup or of a table being restored before
   * its catalog entry exists (ids are never reused, so nothing else can see those keys).
   */
  public Future<Long> allocateTableId() {
    return writer.submit(TableCatalog::nextStorageId);
  }

  /**
   * The draft with fresh table and index ids, reserved but not published: a restore copies the
   * items under them first, then creates the table with them.
   */
  public Future<TableMetadata> reserveIds(TableMetadata draft) {
    return writer.submit(view -> withFreshIds(view, draft));
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
  public Future<TableMetadata> update(TableRef ref, UnaryOperator<TableMetadata> change) {
    return update(ref, (view, current) -> change.apply(current));
  }

  /** As {@link #update(TableRef, UnaryOperator)}, for changes that read other state in the txn. */
  public Future<TableMetadata> update(
      TableRef ref, BiFunction<WriteView, TableMetadata, TableMetadata> change) {
    return writer.submit(
        new WriteOp<TableMetadata>() {
          @Override
          public TableMetadata apply(WriteView view) {
            TableMetadata updated = change.apply(view, current(view, ref));
            view.put(Db.CATALOG, recordKey(ref), Json.toRecordBytes(updated));
            return updated;
          }

          @Override
          public void afterCommit(TableMetadata table) {
            publish(table);
            listeners.forEach(listener -> listener.changed(table));
          }
        });
  }

  /** Removes a table from the catalog; its items are purged afterwards in the background. */
  public Future<TableMetadata> delete(TableRef ref, UnaryOperator<TableMetadata> precondition) {
    return writer.submit(
        new WriteOp<TableMetadata>() {
          @Override
          public TableMetadata apply(WriteView view) {
            TableMetadata table = precondition.apply(current(view, ref));
            view.delete(Db.CATALOG, recordKey(ref));
            TablePurger.markForPurge(view, table);
            return table;
          }

          @Override
          public void afterCommit(TableMetadata table) {
            unpublish(table);
            listeners.forEach(listener -> listener.deleted(table));
          }
        });
  }

  /**
   * Removes every table of a tenant inside the caller's transaction (tenant deletion); the caller
   * hands the result to {@link #forgetDeleted} once committed.
   */
  public List<TableMetadata> deleteAllOf(WriteView view, String tenantId) {
    List<TableMetadata> deleted = new ArrayList<>();
    for (byte[] value : CatalogKeys.valuesUnder(view, CatalogKeys.prefix(TABLE_RECORD, tenantId))) {
      TableMetadata table = Json.fromRecordBytes(value, TableMetadata.class);
      view.delete(Db.CATALOG, recordKey(table.ref()));
      TablePurger.markForPurge(view, table);
      deleted.add(table);
    }
    return deleted;
  }

  /** Publishes deletions made by {@link #deleteAllOf}; on the writer thread after commit. */
  public void forgetDeleted(List<TableMetadata> deleted) {
    for (TableMetadata table : deleted) {
      unpublish(table);
      listeners.forEach(listener -> listener.deleted(table));
    }
  }

  private static TableMetadata current(WriteView view, TableRef ref) {
    byte[] stored = view.get(Db.CATALOG, recordKey(ref));
    if (stored == null) {
      throw DynamoException.resourceNotFound(
          "Requested resource not found: Table: " + ref.name() + " not found");
    }
    return Json.fromRecordBytes(stored, TableMetadata.class);
  }

  private static byte[] recordKey(TableRef ref) {
    return CatalogKeys.key(TABLE_RECORD, ref.tenantId(), ref.name());
  }
}

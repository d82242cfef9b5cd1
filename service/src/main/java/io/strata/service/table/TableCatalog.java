package io.strata.service.table;

import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The tables of every tenant, served from memory: a projection of the {@code table/} records of
 * committed write sets ({@link #apply}). Reads ({@link #find}, {@link #list}) are lock-free map
 * lookups, safe on the event loop. Changes are write ops ({@link TableChanges}) that re-check their
 * preconditions inside the write transaction; what they commit reaches this catalog through the
 * projection before the request that made the change is answered.
 */
public final class TableCatalog implements Projection {
  /** A published definition and the record bytes it was decoded from. */
  private record Published(TableMetadata table, byte[] record) {}

  private final Map<TableRef, Published> tables = new ConcurrentHashMap<>();
  private final Map<Long, TableMetadata> byId = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /**
   * In-memory state derived from the catalog (capacity limits of tables), told on the writer thread
   * of every table projected as created, changed or deleted. Must be quick and must not block;
   * background work does not hang off this, it looks at the catalog on its own schedule.
   */
  public interface Listener {
    default void changed(TableMetadata table) {}

    default void deleted(TableMetadata table) {}
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Loads every table into memory. Blocking: call at startup, before serving. */
  public void load(LmdbStore store) {
    store.read(
        view -> {
          CatalogKeys.forEachUnder(
              view,
              TableRecords.PREFIX,
              (key, value) -> publish(new Published(TableRecords.decode(value), value)));
          return null;
        });
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    for (WriteSet.Mutation mutation : writes.mutationsUnder(Db.CATALOG, TableRecords.PREFIX)) {
      byte[] record = mutation.value();
      if (record == null) {
        Published removed = tables.remove(TableRecords.refOf(mutation.key()));
        if (removed != null) {
          byId.remove(removed.table().tableId());
          listeners.forEach(listener -> listener.deleted(removed.table()));
        }
      } else {
        TableMetadata table = TableRecords.decode(record);
        publish(new Published(table, record));
        listeners.forEach(listener -> listener.changed(table));
      }
    }
  }

  private void publish(Published published) {
    TableMetadata table = published.table();
    Published replaced = tables.put(table.ref(), published);
    if (replaced != null && replaced.table().tableId() != table.tableId()) {
      byId.remove(replaced.table().tableId());
    }
    byId.put(table.tableId(), table);
  }

  /** The live table with this storage id, if any (background work goes from keys to tables). */
  public @Nullable TableMetadata byId(long tableId) {
    return byId.get(tableId);
  }

  public Optional<TableMetadata> find(TableRef ref) {
    Published published = tables.get(ref);
    return published == null ? Optional.empty() : Optional.of(published.table());
  }

  /** A tenant's tables, by name (ListTables' order). */
  public List<TableMetadata> list(String tenantId) {
    return tables.values().stream()
        .map(Published::table)
        .filter(table -> table.tenantId().equals(tenantId))
        .sorted(Comparator.comparing(TableMetadata::name))
        .toList();
  }

  /** All tables of all tenants, for background work and metrics. */
  public List<TableMetadata> all() {
    return tables.values().stream().map(Published::table).toList();
  }

  /**
   * The definition of {@code parsed}'s table as it stands in {@code view}, a write transaction:
   * what a write must be carried out against, since a request is parsed against the catalog in
   * memory and may reach the writer after UpdateTable added an index, TTL or a stream. Null when
   * the table was deleted (or deleted and created again) since. Costs one lookup: the stored record
   * is decoded only when it differs from the published one.
   */
  public @Nullable TableMetadata inTransaction(ReadView view, TableMetadata parsed) {
    byte[] stored = view.get(Db.CATALOG, TableRecords.key(parsed.ref()));
    if (stored == null) {
      return null;
    }
    Published published = tables.get(parsed.ref());
    TableMetadata current =
        published != null && Arrays.equals(published.record(), stored)
            ? published.table()
            : TableRecords.decode(stored);
    return current.tableId() == parsed.tableId() ? current : null;
  }
}

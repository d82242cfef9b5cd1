package io.strata.service.table;

import io.strata.service.json.Json;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteView;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One kind of catalog record kept per table ({@code <name>/<table id>} → a JSON record of type
 * {@code R}): its key format, its reads and writes inside a transaction, and how a registry keeps a
 * copy in memory from the records at startup and from each committed write set after.
 */
final class PerTableRecords<R> {
  private final String name;
  private final byte[] prefix;
  private final Class<R> type;

  PerTableRecords(String name, Class<R> type) {
    this.name = name;
    this.prefix = CatalogKeys.prefix(name);
    this.type = type;
  }

  /** Fills {@code byTable} with the records left by earlier runs. Blocking: call at startup. */
  void loadInto(LmdbStore store, Map<Long, R> byTable) {
    store.read(
        view -> {
          CatalogKeys.forEachUnder(
              view, prefix, (key, value) -> byTable.put(tableIdOf(key), decode(value)));
          return null;
        });
  }

  /** Brings {@code byTable} up to date with the records {@code writes} put or deleted. */
  void project(WriteSet writes, Map<Long, R> byTable) {
    for (WriteSet.Mutation mutation : writes.mutationsUnder(Db.CATALOG, prefix)) {
      long tableId = tableIdOf(new String(mutation.key(), StandardCharsets.UTF_8));
      byte[] value = mutation.value();
      if (value == null) {
        byTable.remove(tableId);
      } else {
        byTable.put(tableId, decode(value));
      }
    }
  }

  @Nullable R read(ReadView view, long tableId) {
    byte[] stored = view.get(Db.CATALOG, key(tableId));
    return stored == null ? null : decode(stored);
  }

  void save(WriteView view, long tableId, R record) {
    view.put(Db.CATALOG, key(tableId), Json.toRecordBytes(record));
  }

  void delete(WriteView view, long tableId) {
    view.delete(Db.CATALOG, key(tableId));
  }

  private R decode(byte[] value) {
    return Json.fromRecordBytes(value, type);
  }

  private byte[] key(long tableId) {
    return CatalogKeys.key(name, Long.toString(tableId));
  }

  private static long tableIdOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }
}

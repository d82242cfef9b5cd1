package io.strata.service.table;

import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Item count and size of every table, exact and durable: each item write adjusts its table's totals
 * inside the same transaction ({@link #adjust}), and the committed totals are projected into memory
 * from every write set ({@link #apply}) for DescribeTable and the storage metrics. DynamoDB
 * refreshes these figures only every six hours; exact figures are a strict improvement clients
 * cannot tell apart.
 */
public final class TableStats implements Projection {
  private static final String STATS_RECORD = "stats";
  private static final byte[] PREFIX = CatalogKeys.prefix(STATS_RECORD);

  /** Committed totals of one table. */
  public record Totals(long itemCount, long sizeBytes) {
    public static final Totals EMPTY = new Totals(0, 0);
  }

  private final Map<Long, Totals> committed = new ConcurrentHashMap<>();

  public void load(LmdbStore store) {
    store.read(
        view -> {
          CatalogKeys.forEachUnder(
              view, PREFIX, (key, value) -> committed.put(tableIdOf(key), decode(value)));
          return null;
        });
  }

  public Totals of(long tableId) {
    return committed.getOrDefault(tableId, Totals.EMPTY);
  }

  /** A table's totals as the caller's transaction sees them. */
  public static Totals read(ReadView view, long tableId) {
    byte[] stored = view.get(Db.CATALOG, key(tableId));
    return stored == null ? Totals.EMPTY : decode(stored);
  }

  /** Adds to a table's totals inside the caller's transaction and returns the new totals. */
  public static Totals adjust(WriteView view, long tableId, long countDelta, long sizeDelta) {
    byte[] key = key(tableId);
    Totals current = read(view, tableId);
    Totals updated = new Totals(current.itemCount() + countDelta, current.sizeBytes() + sizeDelta);
    view.put(
        Db.CATALOG,
        key,
        ByteBuffer.allocate(2 * Long.BYTES)
            .putLong(updated.itemCount())
            .putLong(updated.sizeBytes())
            .array());
    return updated;
  }

  /** Drops the totals of a table whose storage is purged, inside the caller's transaction. */
  public static void delete(WriteView view, long tableId) {
    view.delete(Db.CATALOG, key(tableId));
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    for (WriteSet.Mutation mutation : writes.mutationsUnder(Db.CATALOG, PREFIX)) {
      long tableId = tableIdOf(new String(mutation.key(), StandardCharsets.UTF_8));
      byte[] value = mutation.value();
      if (value == null) {
        committed.remove(tableId);
      } else {
        committed.put(tableId, decode(value));
      }
    }
  }

  private static byte[] key(long tableId) {
    return CatalogKeys.key(STATS_RECORD, Long.toString(tableId));
  }

  private static long tableIdOf(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }

  private static Totals decode(byte[] value) {
    ByteBuffer buffer = ByteBuffer.wrap(value);
    return new Totals(buffer.getLong(), buffer.getLong());
  }
}

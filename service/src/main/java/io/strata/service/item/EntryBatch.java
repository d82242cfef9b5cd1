package io.strata.service.item;

import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.ReadView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One batch of a long walk over a key range done a writer op at a time (TTL backfill, index
 * backfill, re-sealing): up to {@code limit} entries under a prefix from a cursor, and the cursor
 * of the next batch, so no op holds the writer for long.
 *
 * @param next where the next batch starts (the smallest key after the last one read), or null when
 *     the range is exhausted
 */
record EntryBatch(List<byte[]> keys, List<byte[]> values, byte @Nullable [] next) {

  /**
   * Reads the batch of {@code db} under {@code prefix} that starts at {@code from} (null: the
   * start).
   */
  static EntryBatch read(ReadView view, Db db, byte[] prefix, byte @Nullable [] from, int limit) {
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    view.scan(
        db,
        from == null ? prefix : from,
        true,
        (key, value) -> {
          if (!CatalogKeys.startsWith(key, prefix) || keys.size() == limit) {
            return false;
          }
          keys.add(key);
          values.add(value);
          return true;
        });
    byte[] next = null;
    if (keys.size() == limit) {
      byte[] last = keys.get(limit - 1);
      next = Arrays.copyOf(last, last.length + 1);
    }
    return new EntryBatch(keys, values, next);
  }

  int size() {
    return keys.size();
  }
}

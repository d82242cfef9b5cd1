package io.strata.billing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link UsageStore} in memory, for tests and for running without persistence.
 *
 * <p>It keeps rows as the bytes of {@link UsageRowCodec} in a map ordered by unsigned byte
 * comparison, which is what the LMDB store does, so tests through this fake also exercise the codec
 * and its range bounds. Safe for concurrent use; like every store, it relies on one mutator at a
 * time for the ledger's read-add-write.
 */
public final class InMemoryUsageStore implements UsageStore {
  private final ConcurrentSkipListMap<byte[], byte[]> rows =
      new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

  @Override
  public Optional<UsageRow> read(UsageKey key) {
    byte[] value = rows.get(UsageRowCodec.encodeKey(key));
    return value == null ? Optional.empty() : Optional.of(UsageRowCodec.decodeValue(key, value));
  }

  @Override
  public void write(UsageRow row) {
    rows.put(UsageRowCodec.encodeKey(row.key()), UsageRowCodec.encodeValue(row));
  }

  @Override
  public List<UsageRow> list(String tenantId, Instant fromHour, Instant toHour) {
    byte[] start = UsageRowCodec.keyRangeStart(tenantId, fromHour);
    byte[] end = UsageRowCodec.keyRangeEnd(tenantId, toHour);
    List<UsageRow> result = new ArrayList<>();
    if (Arrays.compareUnsigned(start, end) >= 0) {
      return result;
    }
    for (Map.Entry<byte[], byte[]> entry : rows.subMap(start, true, end, false).entrySet()) {
      result.add(UsageRowCodec.decode(entry.getKey(), entry.getValue()));
    }
    return result;
  }

  /** How many rows the store holds. */
  public int size() {
    return rows.size();
  }
}

package io.strata.service.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.strata.service.model.ItemPage;
import io.strata.service.storage.Db;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.WriteSet;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The query cache: pages of eventually consistent Query and Scan requests, as read from storage
 * (before filters and projections, which are applied per request), one bounded Caffeine cache per
 * tenant, like DAX's query cache.
 *
 * <p>Invalidation is per table and exact. The cache is a projection of committed write sets ({@link
 * #apply}): a write set that changes a table's items records its log index as the table's last
 * change, before any of its requests is answered. A page is stamped with the applied log index
 * noted before its read transaction opened ({@link #startRead}), and is served only while no change
 * to its table is newer than the stamp. So a read never returns a page older than a write its
 * client was told about; a write to a table simply makes all of its cached pages misses.
 */
public final class QueryCache implements Projection {
  private static final int ENTRY_OVERHEAD_BYTES = 512;

  /** What identifies a page: its table and everything about the read that shapes the page. */
  public record PageKey(long tableId, Object read) {}

  /** A read about to go to storage: offer what it finds with {@link #offer}. */
  public record PendingRead(String tenantId, PageKey key, long sequence) {}

  private record Entry(ItemPage page, long sequence) {}

  private final Map<String, Cache<PageKey, Entry>> byTenant = new ConcurrentHashMap<>();
  private final Map<Long, Long> lastChange = new ConcurrentHashMap<>();
  private final LongSupplier appliedIndex;
  private final long maxBytesPerTenant;

  /**
   * @param appliedIndex the log index of the last committed write set
   * @param maxBytesPerTenant memory each tenant's cache may hold (0: off)
   */
  public QueryCache(LongSupplier appliedIndex, long maxBytesPerTenant) {
    this.appliedIndex = appliedIndex;
    this.maxBytesPerTenant = maxBytesPerTenant;
  }

  /** The cached page for {@code key}, if the cache is on and no later write touched its table. */
  public @Nullable ItemPage lookup(String tenantId, PageKey key) {
    if (maxBytesPerTenant <= 0) {
      return null;
    }
    Entry entry = cacheOf(tenantId).getIfPresent(key);
    return entry != null && isCurrent(key.tableId(), entry.sequence()) ? entry.page() : null;
  }

  /** To be called before the read transaction of a page that missed opens. */
  public PendingRead startRead(String tenantId, PageKey key) {
    return new PendingRead(tenantId, key, appliedIndex.getAsLong());
  }

  /** Keeps what a read found, unless a write to its table committed since the read started. */
  public void offer(PendingRead read, ItemPage page) {
    if (maxBytesPerTenant > 0 && isCurrent(read.key().tableId(), read.sequence())) {
      cacheOf(read.tenantId()).put(read.key(), new Entry(page, read.sequence()));
    }
  }

  private boolean isCurrent(long tableId, long sequence) {
    return lastChange.getOrDefault(tableId, 0L) <= sequence;
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    for (WriteSet.Mutation mutation : writes.mutations(Db.ITEMS)) {
      lastChange.put(ByteBuffer.wrap(mutation.key(), 0, Long.BYTES).getLong(), position.index());
    }
  }

  private Cache<PageKey, Entry> cacheOf(String tenantId) {
    return byTenant.computeIfAbsent(
        tenantId,
        id ->
            Caffeine.newBuilder()
                .maximumWeight(maxBytesPerTenant)
                .<PageKey, Entry>weigher(
                    (key, entry) ->
                        (int)
                            Math.min(
                                Integer.MAX_VALUE,
                                ENTRY_OVERHEAD_BYTES + 2 * entry.page().bytesRead()))
                .build());
  }
}

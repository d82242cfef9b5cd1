package io.strata.service.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.strata.service.item.ItemPage;
import io.strata.service.storage.CommitListener;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The query cache: pages of eventually consistent Query and Scan requests, as read from storage
 * (before filters and projections, which are applied per request), one bounded Caffeine cache per
 * tenant, like DAX's query cache.
 *
 * <p>Invalidation is per table and exact: every commit that changes a table's items records the
 * commit's sequence as the table's last change ({@link #committed}, called by the writer before any
 * of the commit's requests is answered). A page is stamped with the writer's sequence taken before
 * its read transaction opened, and is served only while no change to its table is newer than the
 * stamp. So a read never returns a page older than a write its client was told about; a write to a
 * table simply makes all of its cached pages misses.
 */
public final class QueryCache implements CommitListener {
  private static final int ENTRY_OVERHEAD_BYTES = 512;

  /** What identifies a page: its table and everything about the read that shapes the page. */
  public record PageKey(long tableId, Object read) {}

  /** A page, and whether it came from this cache. */
  public record Result(ItemPage page, boolean hit) {}

  private record Entry(ItemPage page, long sequence) {}

  private final Map<String, Cache<PageKey, Entry>> byTenant = new ConcurrentHashMap<>();
  private final Map<Long, Long> lastChange = new ConcurrentHashMap<>();
  private final LongSupplier commitSequence;
  private final long maxBytesPerTenant;

  public QueryCache(LongSupplier commitSequence, long maxBytesPerTenant) {
    this.commitSequence = commitSequence;
    this.maxBytesPerTenant = maxBytesPerTenant;
  }

  /** The cached page for {@code key} if still valid, else what {@code read} finds (then cached). */
  public Future<Result> read(String tenantId, PageKey key, Supplier<Future<ItemPage>> read) {
    if (maxBytesPerTenant <= 0) {
      return read.get().map(page -> new Result(page, false));
    }
    Cache<PageKey, Entry> cache = cacheOf(tenantId);
    Entry entry = cache.getIfPresent(key);
    if (entry != null && isCurrent(key.tableId(), entry.sequence())) {
      return Future.succeededFuture(new Result(entry.page(), true));
    }
    long sequence = commitSequence.getAsLong();
    return read.get()
        .map(
            page -> {
              if (isCurrent(key.tableId(), sequence)) {
                cache.put(key, new Entry(page, sequence));
              }
              return new Result(page, false);
            });
  }

  private boolean isCurrent(long tableId, long sequence) {
    return lastChange.getOrDefault(tableId, 0L) <= sequence;
  }

  @Override
  public void committed(List<byte[]> changedItemKeys) {
    if (changedItemKeys.isEmpty()) {
      return;
    }
    long sequence = commitSequence.getAsLong();
    for (byte[] itemKey : changedItemKeys) {
      lastChange.put(ByteBuffer.wrap(itemKey, 0, Long.BYTES).getLong(), sequence);
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

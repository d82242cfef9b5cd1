package io.strata.service.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.storage.Db;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.WriteSet;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The item cache: decrypted items (and known absences) by storage key, one bounded Caffeine cache
 * per tenant so no tenant can evict another's entries. Like DAX's item cache it serves eventually
 * consistent reads without touching storage.
 *
 * <h2>Never older than a write the client was told about</h2>
 *
 * The cache is a projection of committed write sets ({@link #apply}): after each commit and before
 * any of that commit's requests is answered, the entry of every item key the write set changed is
 * replaced with a <em>tombstone</em> stamped with the write set's log index. A reader records the
 * applied log index before it opens its read transaction ({@link #readSequence}) and may store what
 * it read only over nothing, or over an entry older than that index ({@link #store}). The race this
 * closes: a read that began before commit N saw the old value; if it stored after commit N's
 * invalidation, it would bring the old value back. It cannot: the tombstone carries N, which is
 * newer than the read's index.
 *
 * <p>A tombstone evicted for space could let such a stale store through, so every eviction of a
 * tombstone raises a watermark (synchronously, in Caffeine's eviction listener), and reads that
 * began before the watermark do not store at all. Eviction of tombstones is rare (they are small
 * and recently written), so this costs nothing in practice and keeps the guarantee unconditional.
 *
 * <p>Threads: {@link #lookup} runs on event loops, {@link #store} on the read pool, {@link #apply}
 * on the writer thread; all are lock-free or Caffeine-internal.
 */
public final class ItemCache implements Projection {
  /** Bytes charged per entry on top of the item's size: key, map nodes, Caffeine's node. */
  private static final int ENTRY_OVERHEAD_BYTES = 256;

  /** A cached read: the item, or null for a key known to be absent; or a tombstone. */
  private record Entry(
      @Nullable Map<String, AttributeValue> item, long sequence, boolean tombstone) {}

  /** A lookup result; {@code item} null with {@code hit} true means "known absent". */
  public record Lookup(boolean hit, @Nullable Map<String, AttributeValue> item) {
    static final Lookup MISS = new Lookup(false, null);
  }

  private final Map<String, Cache<ByteBuffer, Entry>> byTenant = new ConcurrentHashMap<>();
  private final Map<Long, String> tenantOfTable = new ConcurrentHashMap<>();
  private final LongSupplier appliedIndex;
  private final long maxBytesPerTenant;
  private final boolean enabled;
  private final AtomicLong evictedTombstoneWatermark = new AtomicLong();

  /**
   * @param appliedIndex the log index of the last committed write set
   * @param maxBytesPerTenant memory each tenant's cache may hold
   */
  public ItemCache(LongSupplier appliedIndex, long maxBytesPerTenant) {
    this.appliedIndex = appliedIndex;
    this.maxBytesPerTenant = maxBytesPerTenant;
    this.enabled = maxBytesPerTenant > 0;
  }

  /** Whether eventually consistent reads may be answered from memory. */
  public boolean isEnabled() {
    return enabled;
  }

  public Lookup lookup(String tenantId, byte[] itemKey) {
    if (!enabled) {
      return Lookup.MISS;
    }
    Cache<ByteBuffer, Entry> cache = byTenant.get(tenantId);
    Entry entry = cache == null ? null : cache.getIfPresent(ByteBuffer.wrap(itemKey));
    return entry == null || entry.tombstone() ? Lookup.MISS : new Lookup(true, entry.item());
  }

  /**
   * To be taken before a read transaction opens, and passed to {@link #store} after. It also
   * registers the table's tenant, so that from now on commits to the table find the tenant's cache
   * to invalidate.
   */
  public long readSequence(String tenantId, long tableId) {
    tenantOfTable.putIfAbsent(tableId, tenantId);
    return appliedIndex.getAsLong();
  }

  /** Offers what a read found (null: absent) for caching, under the protocol above. */
  public void store(
      String tenantId,
      byte[] itemKey,
      @Nullable Map<String, AttributeValue> item,
      long readSequence) {
    if (!enabled || readSequence < evictedTombstoneWatermark.get()) {
      return;
    }
    cacheOf(tenantId)
        .asMap()
        .compute(
            ByteBuffer.wrap(itemKey),
            (key, existing) ->
                existing != null && existing.sequence() > readSequence
                    ? existing
                    : new Entry(item, readSequence, false));
  }

  /** Invalidates every item key the committed write set changed. */
  @Override
  public void apply(LogPosition position, WriteSet writes) {
    if (!enabled) {
      return;
    }
    for (WriteSet.Mutation mutation : writes.mutations(Db.ITEMS)) {
      byte[] itemKey = mutation.key();
      String tenantId = tenantOfTable.get(ByteBuffer.wrap(itemKey, 0, Long.BYTES).getLong());
      if (tenantId != null) {
        cacheOf(tenantId).put(ByteBuffer.wrap(itemKey), new Entry(null, position.index(), true));
      }
    }
  }

  private Cache<ByteBuffer, Entry> cacheOf(String tenantId) {
    return byTenant.computeIfAbsent(
        tenantId,
        id ->
            Caffeine.newBuilder()
                .maximumWeight(maxBytesPerTenant)
                .<ByteBuffer, Entry>weigher(
                    (key, entry) ->
                        (int)
                            Math.min(
                                Integer.MAX_VALUE,
                                ENTRY_OVERHEAD_BYTES
                                    + key.remaining()
                                    + (entry.item() == null ? 0 : ItemSize.of(entry.item()))))
                .evictionListener(
                    (ByteBuffer key, Entry entry, RemovalCause cause) -> {
                      if (entry != null && entry.tombstone()) {
                        evictedTombstoneWatermark.accumulateAndGet(entry.sequence() + 1, Math::max);
                      }
                    })
                .build());
  }
}

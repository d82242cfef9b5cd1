package io.strata.service.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.model.AttributeValue;
import io.strata.service.storage.Db;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.WriteSet;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ItemCacheTest {
  private static final long TABLE = 9;
  private final AtomicLong commits = new AtomicLong();
  private final ItemCache cache = new ItemCache(commits::get, 1 << 20);

  private static byte[] key(String suffix) {
    byte[] tail = suffix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Long.BYTES + tail.length).putLong(TABLE).put(tail).array();
  }

  /** A write set changing {@code itemKey} commits at the next log position. */
  private void commit(byte[] itemKey) {
    long index = commits.incrementAndGet();
    cache.apply(
        new LogPosition(0, index),
        WriteSet.builder().put(Db.ITEMS, itemKey, new byte[] {1}).build(0));
  }

  private static Map<String, AttributeValue> item(String value) {
    return Map.of("v", AttributeValue.s(value));
  }

  @Test
  void storedReadsAreServedUntilACommitChangesTheKey() {
    long sequence = cache.readSequence("t", TABLE);
    cache.store("t", key("a"), item("old"), sequence);
    assertThat(cache.lookup("t", key("a"))).isEqualTo(new ItemCache.Lookup(true, item("old")));
    commit(key("a"));
    assertThat(cache.lookup("t", key("a")).hit()).isFalse();
  }

  @Test
  void aReadThatBeganBeforeACommitCannotCacheItsOlderValueAfterTheInvalidation() {
    long startedBeforeCommit = cache.readSequence("t", TABLE);
    commit(key("race"));
    cache.store("t", key("race"), item("stale"), startedBeforeCommit);
    assertThat(cache.lookup("t", key("race")).hit()).isFalse();
    long startedAfterCommit = cache.readSequence("t", TABLE);
    cache.store("t", key("race"), item("fresh"), startedAfterCommit);
    assertThat(cache.lookup("t", key("race")).item()).isEqualTo(item("fresh"));
  }

  @Test
  void knownAbsenceIsAHitWithNoItem() {
    cache.store("t", key("none"), null, cache.readSequence("t", TABLE));
    assertThat(cache.lookup("t", key("none"))).isEqualTo(new ItemCache.Lookup(true, null));
  }

  @Test
  void tenantsHaveSeparateBudgetsSoOneCannotEvictAnother() {
    ItemCache small = new ItemCache(commits::get, 64 * 1024);
    small.store("quiet", key("keep"), item("x"), small.readSequence("quiet", TABLE));
    for (int i = 0; i < 2_000; i++) {
      small.store("noisy", key("n" + i), item("y".repeat(1000)), small.readSequence("noisy", 10));
    }
    assertThat(small.lookup("quiet", key("keep")).hit()).isTrue();
  }

  @Test
  void aDisabledCacheNeverHits() {
    ItemCache off = new ItemCache(commits::get, 0);
    off.store("t", key("a"), item("x"), off.readSequence("t", TABLE));
    assertThat(off.lookup("t", key("a")).hit()).isFalse();
  }
}

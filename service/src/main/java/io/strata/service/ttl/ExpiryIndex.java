package io.strata.service.ttl;

import io.strata.service.model.AttributeValue;
import io.strata.service.storage.Db;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.Sha256;
import io.strata.service.storage.WriteView;
import io.strata.service.table.TableMetadata;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which items expire when: one entry per item of a TTL-enabled table whose TTL attribute holds a
 * number, kept in step with the item by the writer (same transaction), ordered by expiry time so
 * the sweeper reads only what is due.
 *
 * <pre>
 *   key   = expires-at epoch seconds (8, big-endian, sign bit flipped) | tableId (8)
 *           | first 16 bytes of SHA-256(item key)
 *   value = the item key
 * </pre>
 *
 * DynamoDB's rules (developer guide, "How TTL works"): the attribute must be a Number of epoch
 * seconds; items whose time is more than five years in the past are never deleted; any other type
 * is ignored.
 */
public final class ExpiryIndex {
  /** DynamoDB ignores expiry times more than five years in the past. */
  static final Duration TOO_OLD = Duration.ofDays(5 * 365);

  /** An index entry whose time has come. */
  public record Due(byte[] entryKey, long tableId, byte[] itemKey) {}

  private ExpiryIndex() {}

  /** The item's expiry time in epoch seconds, or null if it has none DynamoDB would honour. */
  public static @Nullable Long expiresAt(
      @Nullable Map<String, AttributeValue> item, @Nullable String attribute) {
    if (item == null || attribute == null) {
      return null;
    }
    AttributeValue value = item.get(attribute);
    if (!(value instanceof AttributeValue.N number)) {
      return null;
    }
    BigDecimal seconds = number.value().toBigDecimal();
    if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
      return null;
    }
    return seconds.longValue();
  }

  /** Whether the item is expired now, by DynamoDB's rules. */
  public static boolean isExpired(
      @Nullable Map<String, AttributeValue> item, @Nullable String attribute, Instant now) {
    Long seconds = expiresAt(item, attribute);
    return seconds != null
        && seconds <= now.getEpochSecond()
        && seconds > now.minus(TOO_OLD).getEpochSecond();
  }

  /** Keeps the item's entry in step with a change of the item. */
  public static void update(
      WriteView view,
      TableMetadata table,
      byte[] itemKey,
      @Nullable Map<String, AttributeValue> oldItem,
      @Nullable Map<String, AttributeValue> newItem) {
    String attribute = table.expiryAttribute();
    if (attribute == null) {
      return;
    }
    Long before = expiresAt(oldItem, attribute);
    Long after = expiresAt(newItem, attribute);
    if (Objects.equals(before, after)) {
      return;
    }
    if (before != null) {
      view.delete(Db.EXPIRY, entryKey(before, table.tableId(), itemKey));
    }
    if (after != null) {
      view.put(Db.EXPIRY, entryKey(after, table.tableId(), itemKey), itemKey);
    }
  }

  /** Adds the item's entry (backfill after TTL is enabled); idempotent. */
  public static void add(
      WriteView view, TableMetadata table, byte[] itemKey, Map<String, AttributeValue> item) {
    Long seconds = expiresAt(item, table.expiryAttribute());
    if (seconds != null) {
      view.put(Db.EXPIRY, entryKey(seconds, table.tableId(), itemKey), itemKey);
    }
  }

  /** Up to {@code max} entries due at {@code now}, oldest first. */
  public static List<Due> due(ReadView view, Instant now, int max) {
    List<Due> due = new ArrayList<>();
    long nowSeconds = now.getEpochSecond();
    view.scan(
        Db.EXPIRY,
        new byte[0],
        true,
        (key, value) -> {
          ByteBuffer buffer = ByteBuffer.wrap(key);
          long seconds = buffer.getLong() ^ Long.MIN_VALUE;
          if (seconds > nowSeconds) {
            return false;
          }
          due.add(new Due(key, buffer.getLong(), value));
          return due.size() < max;
        });
    return due;
  }

  public static void remove(WriteView view, Due due) {
    view.delete(Db.EXPIRY, due.entryKey());
  }

  static byte[] entryKey(long seconds, long tableId, byte[] itemKey) {
    return ByteBuffer.allocate(32)
        .putLong(seconds ^ Long.MIN_VALUE)
        .putLong(tableId)
        .put(Arrays.copyOf(Sha256.of(itemKey), 16))
        .array();
  }
}

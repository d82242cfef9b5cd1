package io.strata.billing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The persisted form of ledger rows: an order-preserving key and a fixed-size value.
 *
 * <h2>Key</h2>
 *
 * <pre>
 *  0        2              2+t                 10+t              end
 *  +--------+---------------+-------------------+-----------------+
 *  | t: u16 | tenant id     | hour start        | table name      |
 *  | BE     | UTF-8, t bytes| epoch seconds, i64| UTF-8, to the   |
 *  |        |               | BE, sign bit      | end of the key  |
 *  |        |               | flipped           |                 |
 *  +--------+---------------+-------------------+-----------------+
 * </pre>
 *
 * Under unsigned byte comparison (LMDB's default) every key of one tenant shares the prefix {@code
 * t | tenant id}, and no other tenant's prefix starts with it because the length differs or the
 * bytes do; inside a tenant, keys sort by hour, then by table name. So "a tenant's rows in [from,
 * to)" is one contiguous range, {@link #keyRangeStart} inclusive to {@link #keyRangeEnd} exclusive.
 * Flipping the sign bit makes the signed epoch second sort correctly as unsigned bytes. A key is at
 * most {@value #MAX_KEY_BYTES} bytes, LMDB's limit: DynamoDB table names are at most 255 bytes, so
 * tenant ids up to 246 UTF-8 bytes always fit.
 *
 * <h2>Value</h2>
 *
 * <pre>
 *  0         1                 9                 17                25
 *  +---------+-----------------+-----------------+-----------------+
 *  | version | read half-units | write half-units| storage         |
 *  | 0x01    | i64 BE          | i64 BE          | byte-seconds,   |
 *  |         |                 |                 | i64 BE          |
 *  +---------+-----------------+-----------------+-----------------+
 * </pre>
 *
 * Version 2 (written since point-in-time recovery and restores were metered) appends two counters:
 *
 * <pre>
 *  25                     33                41
 *  +----------------------+-----------------+
 *  | pitr storage         | restored bytes  |
 *  | byte-seconds, i64 BE | i64 BE          |
 *  +----------------------+-----------------+
 * </pre>
 *
 * The version byte is persisted: a new layout takes a new number and keeps decoding the old ones (a
 * version 1 row has none of the newer counters: zeros). Never reorder or reuse the fields of a
 * version.
 *
 * <p>Stateless and thread-safe.
 */
public final class UsageRowCodec {
  /** LMDB's compiled-in maximum key size. */
  public static final int MAX_KEY_BYTES = 511;

  static final byte VERSION_1 = 1;
  static final byte VERSION_2 = 2;
  static final int VERSION_1_BYTES = 1 + 3 * Long.BYTES;
  static final int VALUE_BYTES = 1 + 5 * Long.BYTES;

  private static final int LENGTH_BYTES = 2;

  private UsageRowCodec() {}

  public static byte[] encodeKey(UsageKey key) {
    byte[] tenant = key.tenantId().getBytes(StandardCharsets.UTF_8);
    byte[] table = key.tableName().getBytes(StandardCharsets.UTF_8);
    int length = LENGTH_BYTES + tenant.length + Long.BYTES + table.length;
    if (length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "usage key of " + length + " bytes exceeds " + MAX_KEY_BYTES + ": " + key);
    }
    return tenantPrefix(tenant, length)
        .putLong(sortableSeconds(key.hourStart()))
        .put(table)
        .array();
  }

  public static UsageKey decodeKey(byte[] key) {
    ByteBuffer buffer = ByteBuffer.wrap(key);
    int tenantLength = Short.toUnsignedInt(buffer.getShort());
    String tenant = new String(key, LENGTH_BYTES, tenantLength, StandardCharsets.UTF_8);
    buffer.position(LENGTH_BYTES + tenantLength);
    Instant hourStart = Instant.ofEpochSecond(buffer.getLong() ^ Long.MIN_VALUE);
    String table = new String(key, buffer.position(), buffer.remaining(), StandardCharsets.UTF_8);
    return new UsageKey(tenant, table, hourStart);
  }

  /** The first key a range scan of {@code tenantId}'s rows from {@code fromHour} may return. */
  public static byte[] keyRangeStart(String tenantId, Instant fromHour) {
    return hourBound(tenantId, fromHour);
  }

  /** The exclusive end of a range scan of {@code tenantId}'s rows before {@code toHour}. */
  public static byte[] keyRangeEnd(String tenantId, Instant toHour) {
    return hourBound(tenantId, toHour);
  }

  public static byte[] encodeValue(UsageRow row) {
    return ByteBuffer.allocate(VALUE_BYTES)
        .put(VERSION_2)
        .putLong(row.readHalfUnits())
        .putLong(row.writeHalfUnits())
        .putLong(row.storageByteSeconds())
        .putLong(row.pitrStorageByteSeconds())
        .putLong(row.restoredBytes())
        .array();
  }

  public static UsageRow decode(byte[] key, byte[] value) {
    return decodeValue(decodeKey(key), value);
  }

  public static UsageRow decodeValue(UsageKey key, byte[] value) {
    byte version = value.length == 0 ? 0 : value[0];
    int expected =
        switch (version) {
          case VERSION_1 -> VERSION_1_BYTES;
          case VERSION_2 -> VALUE_BYTES;
          default ->
              throw new IllegalArgumentException(
                  "unknown usage row version " + (value.length == 0 ? "(empty)" : version));
        };
    if (value.length != expected) {
      throw new IllegalArgumentException(
          "usage row of version "
              + version
              + " must be "
              + expected
              + " bytes, was "
              + value.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(value, 1, expected - 1);
    long read = buffer.getLong();
    long write = buffer.getLong();
    long storage = buffer.getLong();
    return version == VERSION_1
        ? new UsageRow(key, read, write, storage)
        : new UsageRow(key, read, write, storage, buffer.getLong(), buffer.getLong());
  }

  private static byte[] hourBound(String tenantId, Instant hour) {
    if (!hour.equals(UsageKey.hourOf(hour))) {
      throw new IllegalArgumentException("range bound must be a whole hour: " + hour);
    }
    byte[] tenant = tenantId.getBytes(StandardCharsets.UTF_8);
    return tenantPrefix(tenant, LENGTH_BYTES + tenant.length + Long.BYTES)
        .putLong(sortableSeconds(hour))
        .array();
  }

  private static ByteBuffer tenantPrefix(byte[] tenant, int keyLength) {
    if (tenant.length > 0xFFFF) {
      throw new IllegalArgumentException("tenant id too long: " + tenant.length + " bytes");
    }
    return ByteBuffer.allocate(keyLength).putShort((short) tenant.length).put(tenant);
  }

  private static long sortableSeconds(Instant hour) {
    return hour.getEpochSecond() ^ Long.MIN_VALUE;
  }
}

package io.strata.service.storage;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Keys of secondary-index entries, ordered as a Query on the index reads them.
 *
 * <pre>
 *   entry key = indexId (8, big-endian) | index partition digest (16)
 *             | index sort part (0..455, only for indexes with a sort key) | item-key digest (16)
 * </pre>
 *
 * <p>The first 24 bytes are laid out exactly as an item key's ({@link KeyCodec#partitionPrefix}
 * with the index id in place of the table id), so one index partition is one contiguous range and
 * parallel-scan segments split index entries the same way they split items.
 *
 * <p><b>Why the item-key digest.</b> Unlike a table's, an index's keys repeat: many items may share
 * an index partition and sort value. The trailing 16-byte digest of the base item's key (the item's
 * LMDB key, which names it uniquely) makes every entry key unique; readers never decode it, because
 * the entry's value holds the table's key attributes.
 *
 * <p><b>Sort part.</b> Because something follows it, the sort value must be self-delimiting: a
 * string or binary is its bytes with 0x00 escaped as 0x00 0xFF, then the terminator 0x00 0x00
 * (escaped bytes keep their order, and a value that is a prefix of another sorts first since 0x00
 * 0x00 is below every continuation); a number is {@link KeyCodec#encodeNumber}, already
 * prefix-free. A sort part longer than {@value #MAX_RAW_SORT_BYTES} bytes is stored as its first
 * {@value #MAX_RAW_SORT_BYTES} bytes and a 16-byte digest of the whole, so truncated entry keys are
 * exactly {@value KeyCodec#MAX_KEY_BYTES} bytes and whole ones shorter; as with items, a whole sort
 * part is never longer than a truncated prefix, which keeps whole and truncated keys ordered, and
 * readers re-sort truncated groups by full value.
 */
public final class IndexKeyCodec {
  static final int MAX_RAW_SORT_BYTES =
      KeyCodec.MAX_KEY_BYTES - KeyCodec.PARTITION_PREFIX_BYTES - 2 * KeyCodec.DIGEST_BYTES;

  /** The sort layout of index entry keys. */
  public static final SortLayout LAYOUT =
      new SortLayout() {
        @Override
        public byte[] lowerSeek(AttributeValue bound) {
          byte[] full = terminated(bound);
          return full.length <= MAX_RAW_SORT_BYTES ? full : Arrays.copyOf(full, MAX_RAW_SORT_BYTES);
        }

        @Override
        public byte[] upperSeek(AttributeValue bound, boolean prefixMatch) {
          byte[] full = prefixMatch ? escaped(bound) : terminated(bound);
          if (prefixMatch || full.length > MAX_RAW_SORT_BYTES) {
            return padWithMax(Arrays.copyOf(full, Math.min(full.length, MAX_RAW_SORT_BYTES)));
          }
          return padWithMax(full, full.length + KeyCodec.DIGEST_BYTES);
        }

        @Override
        public byte[] maxSortComponent() {
          return padWithMax(new byte[0]);
        }

        @Override
        public boolean isTruncated(byte[] key) {
          return key.length == KeyCodec.MAX_KEY_BYTES;
        }

        @Override
        public int truncatedGroupPrefixBytes() {
          return KeyCodec.PARTITION_PREFIX_BYTES + MAX_RAW_SORT_BYTES;
        }
      };

  private IndexKeyCodec() {}

  /**
   * The entry key of an item in an index; the item must have the index's key attributes.
   *
   * @param itemKey the item's key in the table ({@link KeyCodec#itemKey})
   */
  public static byte[] entryKey(
      long indexId, KeySchema indexSchema, Map<String, AttributeValue> item, byte[] itemKey) {
    byte[] prefix =
        KeyCodec.partitionPrefix(
            indexId, Objects.requireNonNull(item.get(indexSchema.partitionKey().name())));
    KeySchema.KeyAttribute sortKey = indexSchema.sortKey();
    byte[] sortPart =
        sortKey == null ? new byte[0] : sortPart(Objects.requireNonNull(item.get(sortKey.name())));
    return KeyCodec.concat(KeyCodec.concat(prefix, sortPart), KeyCodec.digest(itemKey));
  }

  private static byte[] sortPart(AttributeValue sortKey) {
    byte[] full = terminated(sortKey);
    if (full.length <= MAX_RAW_SORT_BYTES) {
      return full;
    }
    return KeyCodec.concat(Arrays.copyOf(full, MAX_RAW_SORT_BYTES), KeyCodec.digest(full));
  }

  private static byte[] terminated(AttributeValue value) {
    if (value.type() == AttributeValue.Type.N) {
      return KeyCodec.encodeNumber(((AttributeValue.N) value).value());
    }
    return KeyCodec.concat(escaped(value), new byte[2]);
  }

  /** A string's or binary's bytes with each 0x00 escaped as 0x00 0xFF. */
  private static byte[] escaped(AttributeValue value) {
    byte[] raw =
        switch (value.type()) {
          case S -> ((AttributeValue.S) value).value().getBytes(StandardCharsets.UTF_8);
          case B -> ((AttributeValue.B) value).value().toByteArray();
          default -> throw new IllegalArgumentException("not a string or binary: " + value.type());
        };
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 2);
    for (byte b : raw) {
      out.write(b);
      if (b == 0) {
        out.write(0xFF);
      }
    }
    return out.toByteArray();
  }

  private static byte[] padWithMax(byte[] bytes) {
    return padWithMax(bytes, KeyCodec.MAX_KEY_BYTES - KeyCodec.PARTITION_PREFIX_BYTES);
  }

  private static byte[] padWithMax(byte[] bytes, int length) {
    byte[] padded = Arrays.copyOf(bytes, length);
    Arrays.fill(padded, bytes.length, length, (byte) 0xFF);
    return padded;
  }
}

package io.strata.service.storage;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keys of secondary-index entries, ordered as a Query on the index reads them.
 *
 * <pre>
 *   entry key = indexId (8, big-endian) | index partition digest (16)
 *             | index sort part (0..455, only for indexes with a sort key) | item-key digest (16)
 *
 *   sort part = terminated(sort value 1) | terminated(sort value 2) | ... (up to 4 values)
 *   terminated(string or binary) = bytes with 0x00 escaped as 0x00 0xFF | 0x00 0x00
 *   terminated(number)           = {@link KeyCodec#encodeNumber} (prefix-free already)
 * </pre>
 *
 * <p>The first 24 bytes are laid out exactly as an item key's ({@link KeyCodec#partitionPrefix}
 * with the index id in place of the table id), so one index partition is one contiguous range and
 * parallel-scan segments split index entries the same way they split items. A multi-attribute
 * partition key (global indexes, up to four attributes) is digested as one tuple ({@link
 * KeyCodec#partitionPrefix(long, List)}).
 *
 * <p><b>Why the item-key digest.</b> Unlike a table's, an index's keys repeat: many items may share
 * an index partition and sort value. The trailing 16-byte digest of the base item's key (the item's
 * LMDB key, which names it uniquely) makes every entry key unique; readers never decode it, because
 * the entry's value holds the table's key attributes.
 *
 * <p><b>Sort part.</b> Because something follows each value, every value must be self-delimiting: a
 * string or binary is its bytes with 0x00 escaped as 0x00 0xFF, then the terminator 0x00 0x00
 * (escaped bytes keep their order, and a value that is a prefix of another sorts first since 0x00
 * 0x00 is below every continuation); a number is {@link KeyCodec#encodeNumber}, already
 * prefix-free. Concatenating prefix-free, order-preserving encodings orders the concatenations
 * exactly as the value tuples compare attribute by attribute, which is DynamoDB's order for a
 * multi-attribute sort key; it also makes the entries that share leading sort values (a key
 * condition's equality prefix) one contiguous run. A sort part longer than {@value
 * #MAX_RAW_SORT_BYTES} bytes is stored as its first {@value #MAX_RAW_SORT_BYTES} bytes and a
 * 16-byte digest of the whole, so truncated entry keys are exactly {@value KeyCodec#MAX_KEY_BYTES}
 * bytes and whole ones shorter; as with items, a whole sort part is never longer than a truncated
 * prefix, which keeps whole and truncated keys ordered, and readers re-sort truncated groups by
 * full value.
 */
public final class IndexKeyCodec {
  static final int MAX_RAW_SORT_BYTES =
      KeyCodec.MAX_KEY_BYTES - KeyCodec.PARTITION_PREFIX_BYTES - 2 * KeyCodec.DIGEST_BYTES;

  /** The sort layout of index entry keys. */
  public static final SortLayout LAYOUT =
      new SortLayout() {
        @Override
        public byte[] lowerSeek(List<AttributeValue> bound) {
          return truncated(encoded(bound, false));
        }

        /**
         * Every key the bound admits starts with the bound's encoding (escaped but unterminated for
         * a prefix match) or sorts before it at a differing byte, so the encoding padded with 0xFF
         * to the longest sort component is at or after all of them.
         */
        @Override
        public byte[] upperSeek(List<AttributeValue> bound, boolean prefixMatch) {
          return padWithMax(truncated(encoded(bound, prefixMatch)));
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

  /** The first 24 bytes of every entry of one index partition. */
  public static byte[] partitionPrefix(long indexId, List<AttributeValue> partitionValues) {
    return KeyCodec.partitionPrefix(indexId, partitionValues);
  }

  /**
   * The entry key of an item in an index; the item must have all the index's key attributes.
   *
   * @param itemKey the item's key in the table ({@link KeyCodec#itemKey})
   */
  public static byte[] entryKey(
      long indexId, KeySchema indexSchema, Map<String, AttributeValue> item, byte[] itemKey) {
    byte[] prefix = partitionPrefix(indexId, indexSchema.partitionValues(item));
    byte[] full = encoded(indexSchema.sortValues(item), false);
    byte[] sortPart =
        full.length <= MAX_RAW_SORT_BYTES
            ? full
            : KeyCodec.concat(Arrays.copyOf(full, MAX_RAW_SORT_BYTES), KeyCodec.digest(full));
    return KeyCodec.concat(KeyCodec.concat(prefix, sortPart), KeyCodec.digest(itemKey));
  }

  /** The values terminated and concatenated; with {@code openLast}, the last one unterminated. */
  private static byte[] encoded(List<AttributeValue> values, boolean openLast) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < values.size(); i++) {
      AttributeValue value = values.get(i);
      out.writeBytes(openLast && i == values.size() - 1 ? escaped(value) : terminated(value));
    }
    return out.toByteArray();
  }

  private static byte[] truncated(byte[] sortPart) {
    return sortPart.length <= MAX_RAW_SORT_BYTES
        ? sortPart
        : Arrays.copyOf(sortPart, MAX_RAW_SORT_BYTES);
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
    int length = KeyCodec.MAX_KEY_BYTES - KeyCodec.PARTITION_PREFIX_BYTES;
    byte[] padded = Arrays.copyOf(bytes, length);
    Arrays.fill(padded, bytes.length, length, (byte) 0xFF);
    return padded;
  }
}

package io.strata.service.storage;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.DynamoNumber;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Turns primary keys into LMDB keys whose byte order is DynamoDB's order.
 *
 * <pre>
 *   item key = tableId (8, big-endian) | partition digest (16) | sort component (0..487)
 * </pre>
 *
 * <p><b>Partition digest.</b> The first 16 bytes of SHA-256 over the partition key's type and
 * bytes. DynamoDB never orders partitions, only hashes them, so a digest loses nothing: a Query
 * walks one contiguous range (every key of a partition shares the 24-byte prefix), a Scan walks
 * partitions in hash order like DynamoDB does, and parallel-scan segments split the digest space
 * evenly. It also keeps 2048-byte partition keys inside LMDB's 511-byte key limit.
 *
 * <p><b>Sort component.</b> Strings are their UTF-8 bytes and binaries their raw bytes, which
 * LMDB's unsigned byte comparison orders exactly as DynamoDB does; no terminator is needed because
 * the component ends the key. Numbers use the order-preserving decimal encoding of {@link
 * #encodeNumber}. A sort key longer than {@value #MAX_RAW_SORT_BYTES} bytes cannot fit: it is
 * stored as its first {@value #MAX_RAW_SORT_BYTES} bytes followed by a 16-byte digest of the whole
 * value, which makes the key exactly {@value #MAX_KEY_BYTES} bytes long. Keys of that length are
 * therefore <em>truncated</em>; they still sort correctly against every other key except those
 * sharing the same {@value #MAX_RAW_SORT_BYTES}-byte prefix, among which readers restore the order
 * by comparing full values ({@link #isTruncated}). A raw component is never longer than the
 * truncated prefix, which is what keeps raw keys correctly ordered against truncated ones.
 */
public final class KeyCodec {
  /** LMDB's compiled-in maximum key size. */
  public static final int MAX_KEY_BYTES = 511;

  static final int TABLE_ID_BYTES = 8;
  static final int DIGEST_BYTES = 16;
  static final int PARTITION_PREFIX_BYTES = TABLE_ID_BYTES + DIGEST_BYTES;
  static final int MAX_RAW_SORT_BYTES = MAX_KEY_BYTES - PARTITION_PREFIX_BYTES - DIGEST_BYTES;

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(Sha256::newDigest);

  /** The sort layout of item keys: a table's sort key has one attribute, or none. */
  public static final SortLayout LAYOUT =
      new SortLayout() {
        @Override
        public byte[] lowerSeek(List<AttributeValue> bound) {
          return bound.isEmpty() ? new byte[0] : sortSeekComponent(single(bound));
        }

        @Override
        public byte[] upperSeek(List<AttributeValue> bound, boolean prefixMatch) {
          return bound.isEmpty()
              ? KeyCodec.maxSortComponent()
              : sortUpperSeekComponent(single(bound), prefixMatch);
        }

        @Override
        public byte[] maxSortComponent() {
          return KeyCodec.maxSortComponent();
        }

        @Override
        public boolean isTruncated(byte[] key) {
          return KeyCodec.isTruncated(key);
        }

        @Override
        public int truncatedGroupPrefixBytes() {
          return KeyCodec.truncatedGroupPrefixBytes();
        }

        private AttributeValue single(List<AttributeValue> bound) {
          if (bound.size() != 1) {
            throw new IllegalArgumentException("a table's sort key has one attribute: " + bound);
          }
          return bound.get(0);
        }
      };

  private KeyCodec() {}

  /** The complete LMDB key of an item. */
  public static byte[] itemKey(long tableId, KeySchema schema, PrimaryKey key) {
    byte[] prefix = partitionPrefix(tableId, key.partition());
    AttributeValue sort = key.sort();
    if (!schema.hasSortKey() || sort == null) {
      return prefix;
    }
    return concat(prefix, sortComponent(sort));
  }

  /** The 24 bytes shared by every item of one partition: the range a Query walks. */
  public static byte[] partitionPrefix(long tableId, AttributeValue partitionKey) {
    ByteBuffer buffer = ByteBuffer.allocate(PARTITION_PREFIX_BYTES);
    buffer.putLong(tableId);
    buffer.put(partitionDigest(partitionKey));
    return buffer.array();
  }

  /** The 8 bytes shared by every item of a table: the range a Scan walks. */
  public static byte[] tablePrefix(long tableId) {
    return ByteBuffer.allocate(TABLE_ID_BYTES).putLong(tableId).array();
  }

  /**
   * The sort component as stored, truncated with a digest when too long. Range scans that need a
   * seek position for a bound use {@link #sortSeekComponent} instead.
   */
  public static byte[] sortComponent(AttributeValue sortKey) {
    byte[] full = sortBytes(sortKey);
    if (full.length <= MAX_RAW_SORT_BYTES) {
      return full;
    }
    return concat(Arrays.copyOf(full, MAX_RAW_SORT_BYTES), digest(full));
  }

  /**
   * A position to seek to for a bound on the sort key: the exact component when it fits, else the
   * start of the truncated group the value would be stored in. Every key at or after the returned
   * bytes whose value is at least the bound lies at or after this position.
   */
  public static byte[] sortSeekComponent(AttributeValue bound) {
    byte[] full = sortBytes(bound);
    return full.length <= MAX_RAW_SORT_BYTES ? full : Arrays.copyOf(full, MAX_RAW_SORT_BYTES);
  }

  /**
   * A position to seek backwards from for an upper bound: every stored key whose sort value is at
   * most {@code bound} (or, with {@code prefixMatch}, begins with it) sorts at or before the
   * partition prefix followed by these bytes.
   */
  public static byte[] sortUpperSeekComponent(AttributeValue bound, boolean prefixMatch) {
    byte[] full = sortBytes(bound);
    if (prefixMatch) {
      return padWithMax(
          full.length <= MAX_RAW_SORT_BYTES ? full : Arrays.copyOf(full, MAX_RAW_SORT_BYTES));
    }
    if (full.length <= MAX_RAW_SORT_BYTES) {
      return full;
    }
    return concat(Arrays.copyOf(full, MAX_RAW_SORT_BYTES), maxBytes(DIGEST_BYTES));
  }

  /** The greatest sort component: seeking backwards from it starts at a partition's last key. */
  public static byte[] maxSortComponent() {
    return maxBytes(MAX_KEY_BYTES - PARTITION_PREFIX_BYTES);
  }

  /** Length of the leading bytes that truncated keys of one group share. */
  public static int truncatedGroupPrefixBytes() {
    return PARTITION_PREFIX_BYTES + MAX_RAW_SORT_BYTES;
  }

  private static byte[] padWithMax(byte[] bytes) {
    byte[] padded = Arrays.copyOf(bytes, MAX_KEY_BYTES - PARTITION_PREFIX_BYTES);
    Arrays.fill(padded, bytes.length, padded.length, (byte) 0xFF);
    return padded;
  }

  private static byte[] maxBytes(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 0xFF);
    return bytes;
  }

  /** Whether a stored item key was truncated, so its order must be checked on full values. */
  public static boolean isTruncated(byte[] key) {
    return key.length == MAX_KEY_BYTES;
  }

  /** The first key of a scan segment: table prefix then the segment's first hash value. */
  public static byte[] segmentStart(long tableId, int segment, int totalSegments) {
    return ByteBuffer.allocate(TABLE_ID_BYTES + 4)
        .putLong(tableId)
        .putInt((int) segmentBoundary(segment, totalSegments))
        .array();
  }

  /**
   * Segment {@code i} of {@code n} covers partition hashes in [i*2^32/n, (i+1)*2^32/n), as unsigned
   * values: disjoint, covering, and even because the hash is a digest.
   */
  public static long segmentBoundary(int segment, int totalSegments) {
    return (segment * (1L << 32)) / totalSegments;
  }

  /**
   * Whether a key (or its 24-byte partition prefix) lies in scan segment {@code segment} of {@code
   * totalSegments}: where a Scan of that segment would find it.
   */
  public static boolean isInSegment(byte[] key, int segment, int totalSegments) {
    long hash = unsignedPartitionHash(key);
    return hash >= segmentBoundary(segment, totalSegments)
        && hash < segmentBoundary(segment + 1, totalSegments);
  }

  /** The unsigned partition hash of an item key, comparable with {@link #segmentBoundary}. */
  public static long unsignedPartitionHash(byte[] itemKey) {
    return Integer.toUnsignedLong(partitionHash(itemKey));
  }

  /** The same item's key in another table (a restore's): {@code key} with its id replaced. */
  public static byte[] withTableId(byte[] key, long tableId) {
    byte[] moved = Arrays.copyOf(key, key.length);
    ByteBuffer.wrap(moved).putLong(tableId);
    return moved;
  }

  /** Table id of a stored item key. */
  public static long tableIdOf(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }

  /** The uniform 32-bit hash of a partition (the digest's first bytes), for scan segments. */
  public static int partitionHash(byte[] itemKey) {
    return ByteBuffer.wrap(itemKey, TABLE_ID_BYTES, 4).getInt();
  }

  private static byte[] sortBytes(AttributeValue value) {
    return switch (value.type()) {
      case S -> ((AttributeValue.S) value).value().getBytes(StandardCharsets.UTF_8);
      case B -> ((AttributeValue.B) value).value().toByteArray();
      case N -> encodeNumber(((AttributeValue.N) value).value());
      default -> throw new IllegalArgumentException("not a key type: " + value.type());
    };
  }

  /**
   * The 24-byte prefix of a multi-attribute partition key (global indexes only): the storage id,
   * then a digest of every attribute's type, length and bytes in schema order, so the attributes
   * are hashed as one value, as DynamoDB hashes them, and no two distinct tuples share a prefix by
   * concatenation. Single-attribute keys keep {@link #partitionPrefix}'s digest.
   */
  public static byte[] partitionPrefix(long storageId, List<AttributeValue> partitionValues) {
    if (partitionValues.size() == 1) {
      return partitionPrefix(storageId, partitionValues.get(0));
    }
    MessageDigest sha = SHA_256.get();
    for (AttributeValue value : partitionValues) {
      byte[] bytes = sortBytes(value);
      sha.update((byte) value.type().ordinal());
      sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      sha.update(bytes);
    }
    return ByteBuffer.allocate(PARTITION_PREFIX_BYTES)
        .putLong(storageId)
        .put(Arrays.copyOf(sha.digest(), DIGEST_BYTES))
        .array();
  }

  private static byte[] partitionDigest(AttributeValue partitionKey) {
    byte[] bytes = sortBytes(partitionKey);
    MessageDigest sha = SHA_256.get();
    sha.update((byte) partitionKey.type().ordinal());
    sha.update(bytes);
    return Arrays.copyOf(sha.digest(), DIGEST_BYTES);
  }

  static byte[] digest(byte[] bytes) {
    return Arrays.copyOf(SHA_256.get().digest(bytes), DIGEST_BYTES);
  }

  /**
   * Order-preserving encoding of a DynamoDB number.
   *
   * <pre>
   *   zero:     0x02
   *   positive: 0x03 | exponent+130 (1 byte) | digit pairs, each 10*d1+d2+1 (1..100) | 0x00
   *   negative: 0x01 | 255-(exponent+130)    | each pair byte b as 255-b            | 0xFF
   * </pre>
   *
   * The exponent is the power of ten of the first significant digit (-130..125, so exponent+130
   * fits a byte); digits are the significant digits without trailing zeros, the last pair padded
   * with 0. Bigger exponents sort later; then digits compare pair by pair; a shorter digit string
   * that is a prefix of a longer one is smaller, which the 0x00 terminator (below every pair byte)
   * gives. Negative numbers invert every byte after the sign, and their terminator 0xFF sorts after
   * every inverted pair byte, which reverses the order as required. At most 22 bytes.
   */
  static byte[] encodeNumber(DynamoNumber number) {
    BigDecimal value = number.toBigDecimal();
    int signum = value.signum();
    if (signum == 0) {
      return new byte[] {0x02};
    }
    String digits = value.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - value.scale();
    int pairCount = (digits.length() + 1) / 2;
    byte[] encoded = new byte[3 + pairCount];
    boolean negative = signum < 0;
    encoded[0] = (byte) (negative ? 0x01 : 0x03);
    encoded[1] = (byte) flip(exponent + 130, negative);
    for (int pair = 0; pair < pairCount; pair++) {
      int high = digits.charAt(2 * pair) - '0';
      int low = 2 * pair + 1 < digits.length() ? digits.charAt(2 * pair + 1) - '0' : 0;
      encoded[2 + pair] = (byte) flip(10 * high + low + 1, negative);
    }
    encoded[encoded.length - 1] = (byte) (negative ? 0xFF : 0x00);
    return encoded;
  }

  private static int flip(int unsignedByte, boolean negative) {
    return negative ? 255 - unsignedByte : unsignedByte;
  }

  public static byte[] concat(byte[] first, byte[] second) {
    byte[] result = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, result, first.length, second.length);
    return result;
  }
}

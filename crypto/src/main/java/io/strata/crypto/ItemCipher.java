package io.strata.crypto;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Seals and opens one tenant's values with its data keys: AES-256-GCM, a fresh random 96-bit nonce
 * per seal, and the caller's associated data (the service binds tenant, table and primary key)
 * authenticated with the key id header, so a ciphertext moved to another item, table or tenant
 * fails to open.
 *
 * <pre>
 *   sealed = version (1, 0x01) | data key id (8, big-endian) | nonce (12) | ciphertext | tag (16)
 * </pre>
 *
 * <p>Random nonces are safe for about 2^32 seals under one key; {@link #shouldRotate} turns true
 * long before that (by default after 2^30), and the owner then rotates to a new data key. Safe for
 * concurrent use.
 */
public final class ItemCipher {
  private static final byte VERSION = 1;
  private static final int HEADER_BYTES = 1 + Long.BYTES;
  public static final long DEFAULT_ROTATION_THRESHOLD = 1L << 30;

  private final DataKey current;
  private final byte[] currentHeader;
  private final LongFunction<@Nullable DataKey> older;
  private final long rotationThreshold;
  private final AtomicLong seals = new AtomicLong();

  private ItemCipher(
      DataKey current, LongFunction<@Nullable DataKey> older, long rotationThreshold) {
    this.current = current;
    this.currentHeader = header(current.id());
    this.older = older;
    this.rotationThreshold = rotationThreshold;
  }

  /**
   * @param current the key new values are sealed with
   * @param resolver finds any other key of the tenant by id (null when unknown)
   */
  public static ItemCipher create(DataKey current, LongFunction<@Nullable DataKey> resolver) {
    return new ItemCipher(current, resolver, DEFAULT_ROTATION_THRESHOLD);
  }

  public static ItemCipher create(
      DataKey current, LongFunction<@Nullable DataKey> resolver, long rotationThreshold) {
    return new ItemCipher(current, resolver, rotationThreshold);
  }

  /** A cipher that seals with {@code next} and still opens everything this one opens. */
  public ItemCipher rotatedTo(DataKey next) {
    return new ItemCipher(
        next, id -> id == current.id() ? current : older.apply(id), rotationThreshold);
  }

  public byte[] seal(byte[] plaintext, byte[] associatedData) {
    seals.incrementAndGet();
    return Aes.seal(current.secretKey(), currentHeader, plaintext, associatedData);
  }

  public byte[] open(byte[] sealed, byte[] associatedData) {
    long keyId = keyIdOf(sealed);
    DataKey key = keyId == current.id() ? current : older.apply(keyId);
    if (key == null) {
      throw new CryptoException("value is sealed with unknown data key " + keyId);
    }
    return Aes.open(key.secretKey(), sealed, HEADER_BYTES, associatedData);
  }

  /** The id of the data key a sealed value needs. */
  public static long keyIdOf(byte[] sealed) {
    if (sealed.length < HEADER_BYTES || sealed[0] != VERSION) {
      throw new CryptoException("not a sealed value");
    }
    return ByteBuffer.wrap(sealed, 1, Long.BYTES).getLong();
  }

  public long currentKeyId() {
    return current.id();
  }

  /** Seals made by this cipher under its current key. */
  public long sealsWithCurrentKey() {
    return seals.get();
  }

  public boolean shouldRotate() {
    return seals.get() >= rotationThreshold;
  }

  private static byte[] header(long keyId) {
    return ByteBuffer.allocate(HEADER_BYTES).put(VERSION).putLong(keyId).array();
  }
}

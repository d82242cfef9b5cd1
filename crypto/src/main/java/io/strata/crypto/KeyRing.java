package io.strata.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The master keys: one current key that wraps, plus retired keys that can still unwrap, so the
 * master key rotates by re-wrapping data keys ({@link #rewrap}) without touching any item.
 *
 * <pre>
 *   wrapped data key = version (1, 0x01) | master key id length (1) | master key id (UTF-8)
 *                    | data key id (8, big-endian) | nonce (12) | AES-GCM(32 key bytes) | tag (16)
 * </pre>
 *
 * Everything before the nonce is authenticated as associated data: neither the master key id nor
 * the data key id can be altered without the unwrap failing.
 */
public final class KeyRing {
  private static final byte VERSION = 1;

  private final MasterKey current;
  private final Map<String, MasterKey> byId = new HashMap<>();

  public KeyRing(MasterKey current, Collection<MasterKey> retired) {
    this.current = current;
    for (MasterKey key : retired) {
      byId.put(key.id(), key);
    }
    byId.put(current.id(), current);
  }

  public String currentMasterKeyId() {
    return current.id();
  }

  public byte[] wrap(DataKey dataKey) {
    byte[] header = header(current.id(), dataKey.id());
    return Aes.seal(current.secretKey(), header, dataKey.secretKey().getEncoded(), new byte[0]);
  }

  public DataKey unwrap(byte[] wrapped) {
    Header header = readHeader(wrapped);
    MasterKey masterKey = byId.get(header.masterKeyId());
    if (masterKey == null) {
      throw new CryptoException(
          "data key is wrapped by unknown master key " + header.masterKeyId());
    }
    byte[] material = Aes.open(masterKey.secretKey(), wrapped, header.length(), new byte[0]);
    return DataKey.of(header.dataKeyId(), material);
  }

  /** Unwraps with whichever master key wrapped it and wraps again with the current one. */
  public byte[] rewrap(byte[] wrapped) {
    return wrap(unwrap(wrapped));
  }

  /** The id of the master key that wrapped {@code wrapped}, read from its header. */
  public static String masterKeyIdOf(byte[] wrapped) {
    return readHeader(wrapped).masterKeyId();
  }

  public boolean isWrappedWithCurrent(byte[] wrapped) {
    return readHeader(wrapped).masterKeyId().equals(current.id());
  }

  private static byte[] header(String masterKeyId, long dataKeyId) {
    byte[] id = masterKeyId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + id.length + Long.BYTES)
        .put(VERSION)
        .put((byte) id.length)
        .put(id)
        .putLong(dataKeyId)
        .array();
  }

  private record Header(String masterKeyId, long dataKeyId, int length) {}

  private static Header readHeader(byte[] wrapped) {
    if (wrapped.length < 2 || wrapped[0] != VERSION) {
      throw new CryptoException("not a wrapped data key");
    }
    int idLength = Byte.toUnsignedInt(wrapped[1]);
    int length = 2 + idLength + Long.BYTES;
    if (wrapped.length < length) {
      throw new CryptoException("wrapped data key is truncated");
    }
    String masterKeyId = new String(wrapped, 2, idLength, StandardCharsets.UTF_8);
    long dataKeyId = ByteBuffer.wrap(wrapped, 2 + idLength, Long.BYTES).getLong();
    return new Header(masterKeyId, dataKeyId, length);
  }
}

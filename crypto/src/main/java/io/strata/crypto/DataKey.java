package io.strata.crypto;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tenant's 256-bit data key and its id (recorded in every value it seals, so values sealed with
 * older keys stay readable after rotation). Lives in memory only; on disk it is always wrapped.
 */
public final class DataKey {
  private final long id;
  private final SecretKey key;

  private DataKey(long id, SecretKey key) {
    this.id = id;
    this.key = key;
  }

  public static DataKey generate(long id) {
    return new DataKey(id, new SecretKeySpec(Aes.randomBytes(Aes.KEY_BYTES), "AES"));
  }

  static DataKey of(long id, byte[] material) {
    if (material.length != Aes.KEY_BYTES) {
      throw new CryptoException("a data key is 32 bytes");
    }
    return new DataKey(id, new SecretKeySpec(material, "AES"));
  }

  public long id() {
    return id;
  }

  SecretKey secretKey() {
    return key;
  }

  @Override
  public String toString() {
    return "DataKey[" + id + "]";
  }
}

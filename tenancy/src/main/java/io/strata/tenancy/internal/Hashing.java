package io.strata.tenancy.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SHA-256 and HMAC-SHA256 helpers. Every request needs four of these, so each thread keeps its own
 * digest and MAC: JCA objects are not thread-safe, and looking one up per call searches the
 * provider list each time, which showed in profiles of the request path.
 */
final class Hashing {
  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(() -> instance(() -> MessageDigest.getInstance("SHA-256")));
  private static final ThreadLocal<Mac> HMAC =
      ThreadLocal.withInitial(() -> instance(() -> Mac.getInstance(HMAC_SHA256)));

  private Hashing() {}

  static byte[] sha256(byte[] data) {
    // digest() resets the instance, so the next caller on this thread starts clean.
    return SHA256.get().digest(data);
  }

  static byte[] hmacSha256(byte[] key, String data) {
    return hmacSha256(key, data.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] hmacSha256(byte[] key, byte[] data) {
    Mac mac = HMAC.get();
    try {
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
    } catch (InvalidKeyException e) {
      // Only reachable with an empty key, which callers never pass. The message names no key.
      throw new IllegalStateException("HmacSHA256 rejected the key", e);
    }
    return mac.doFinal(data);
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  private static <T> T instance(JcaFactory<T> factory) {
    try {
      return factory.create();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256 and HmacSHA256", e);
    }
  }

  private interface JcaFactory<T> {
    T create() throws GeneralSecurityException;
  }
}

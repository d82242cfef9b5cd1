package io.strata.service.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 for keys and fingerprints. Every JRE has it, so the checked exception of looking it up is
 * turned into an error here once rather than at each use.
 */
public final class Sha256 {
  private Sha256() {}

  /** A fresh digest; not thread-safe, so callers keep one per thread or per use. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
  }

  public static byte[] of(byte[] bytes) {
    return newDigest().digest(bytes);
  }

  /** The digest of the text's UTF-8 bytes, in lower-case hex. */
  public static String hexOf(String text) {
    return HexFormat.of().formatHex(of(text.getBytes(StandardCharsets.UTF_8)));
  }
}

package io.strata.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a fresh 96-bit random nonce per seal. {@link Cipher} objects are not thread-safe
 * and costly to look up, so each thread keeps its own; each thread also keeps its own {@link
 * SecureRandom}, so sealing on many threads never contends on one lock.
 */
final class Aes {
  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;

  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(Aes::newCipher);
  private static final ThreadLocal<SecureRandom> RANDOMS =
      ThreadLocal.withInitial(SecureRandom::new);

  private Aes() {}

  static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOMS.get().nextBytes(bytes);
    return bytes;
  }

  /**
   * Encrypts {@code plaintext} into {@code output} after {@code header}: output is header | nonce |
   * ciphertext | tag, authenticated over header and {@code associatedData}.
   */
  static byte[] seal(SecretKey key, byte[] header, byte[] plaintext, byte[] associatedData) {
    byte[] nonce = randomBytes(NONCE_BYTES);
    byte[] output = new byte[header.length + NONCE_BYTES + plaintext.length + TAG_BYTES];
    System.arraycopy(header, 0, output, 0, header.length);
    System.arraycopy(nonce, 0, output, header.length, NONCE_BYTES);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(header);
      cipher.updateAAD(associatedData);
      cipher.doFinal(plaintext, 0, plaintext.length, output, header.length + NONCE_BYTES);
      return output;
    } catch (GeneralSecurityException e) {
      throw new CryptoException("sealing failed", e);
    }
  }

  /** Reverses {@link #seal}; {@code headerLength} bytes of {@code sealed} are the header. */
  static byte[] open(SecretKey key, byte[] sealed, int headerLength, byte[] associatedData) {
    if (sealed.length < headerLength + NONCE_BYTES + TAG_BYTES) {
      throw new CryptoException("sealed value is truncated");
    }
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_BYTES * 8, sealed, headerLength, NONCE_BYTES));
      cipher.updateAAD(sealed, 0, headerLength);
      cipher.updateAAD(associatedData);
      int offset = headerLength + NONCE_BYTES;
      return cipher.doFinal(sealed, offset, sealed.length - offset);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("sealed value failed authentication", e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JRE lacks AES-GCM", e);
    }
  }
}

package io.strata.crypto;

/**
 * A value could not be sealed or opened: tampered, truncated, bound to other associated data, or
 * sealed with a key this process does not have. Messages never contain key material or plaintext.
 */
public final class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CryptoException(String message) {
    super(message);
  }

  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}

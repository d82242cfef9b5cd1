package io.strata.service.storage;

/**
 * A stored value that cannot be opened: its authentication tag does not verify (a damaged page, a
 * value moved under another key) or the keys it was sealed with are gone (its tenant was deleted).
 * A fault of that one value, not of the store: the request that met it fails with an internal
 * error, and every other request, and the writer, carry on.
 */
public final class UnreadableValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnreadableValueException(String message, Throwable cause) {
    super(message, cause);
  }

  public UnreadableValueException(String message) {
    super(message);
  }
}

package io.strata.service.storage;

/**
 * A failure of the storage engine itself (LMDB error, corrupt record, full map). Never a client
 * error: it surfaces as an internal server error and, in the writer, stops further writes.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}

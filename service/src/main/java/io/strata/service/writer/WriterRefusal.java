package io.strata.service.writer;

/**
 * Why the writer did not carry out a write it was given: a typed outcome that the layer rendering
 * responses turns into the protocol's error (this package knows no DynamoDB error text).
 */
public final class WriterRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Each reason is safe to retry: the write was not applied. */
  public enum Reason {
    /** The writer stopped after a storage fault (or is shutting down) and takes no more work. */
    STOPPED,
    /** The queue is full: writes arrive faster than the disk commits them. */
    QUEUE_FULL,
    /** The batch's write set did not reach the log (e.g. leadership was lost). */
    NOT_REPLICATED
  }

  private final Reason reason;

  WriterRefusal(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

package io.strata.service.writer;

import io.strata.service.storage.LogPosition;
import io.strata.service.storage.WriteSet;

/**
 * Where the writer hands each evaluated batch before committing it locally: the seam between
 * evaluating writes and agreeing on them. The writer applies a batch's ops, hands the resulting
 * write set to {@link #replicate}, and commits its local transaction only if that returns; if it
 * throws, the batch is abandoned and its requests fail with a retryable error, while the writer
 * goes on with the next batch.
 *
 * <p>A single node ({@link LocalReplicator}) only numbers the write sets. A replicated node
 * proposes the encoded write set to its group and returns once a quorum holds it in its log
 * (throwing if leadership is lost meanwhile); followers then apply the same write set at the same
 * position with {@code WriteSetApplier}.
 *
 * <p>Called on the writer thread only, one batch at a time, in log order.
 */
public interface Replicator {
  /**
   * Makes {@code writes} durable in the log and returns its position there, which must be after
   * every position returned before.
   *
   * @throws ReplicationException if the write set did not make it into the log
   */
  LogPosition replicate(WriteSet writes);

  /**
   * The write set that {@link #replicate} placed at {@code position} is now committed locally and
   * projected: whatever waits for this node to have applied it (a log that counts it applied, a
   * strongly consistent read) may go on. Called on the writer thread, in log order.
   */
  default void committed(LogPosition position) {}

  /** The write set did not make it into the log: nothing of its batch may be acknowledged. */
  final class ReplicationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplicationException(String message, Throwable cause) {
      super(message, cause);
    }

    public ReplicationException(String message) {
      super(message);
    }
  }
}

package io.strata.service.storage;

/**
 * One request's evaluation against the store: reads what it needs, checks its conditions, chooses
 * whatever is not determined by its input (ids, keys, nonces, times), and writes. The writer runs
 * it exactly once, on the node that accepted the request, inside a nested transaction of the
 * current batch, and records what it wrote into the batch's {@link WriteSet}: the write set, not
 * the op, is what is replicated and replayed. So an op may be arbitrarily clever, but everything
 * that must outlive it goes into the store; in-memory state follows from the committed write set
 * through {@link Projection}s, never from the op.
 *
 * <p>Contract (after Alternator's read-modify-write operations): everything is parsed and validated
 * before the op is queued; {@link #apply} does no I/O outside the view and calls no Vert.x API.
 * Throwing (typically a {@code DynamoException} for a failed condition) rolls back this op alone;
 * the rest of the batch commits. Only a {@link StorageException} (the store itself failing) stops
 * the writer.
 *
 * @param <T> what the request needs back, e.g. the old item for {@code ReturnValues}
 */
@FunctionalInterface
public interface WriteOp<T> {

  T apply(WriteView view);

  /**
   * About how many bytes the op will write, known before it runs: what it occupies in the writer's
   * byte-bounded queue (batches themselves are bounded by what their write sets really encode to).
   * The default suits small records; item writes give their request's size.
   */
  default long estimatedBytes() {
    return 1024;
  }

  /** This op, declaring {@code bytes} as its estimate. */
  static <T> WriteOp<T> sized(long bytes, WriteOp<T> op) {
    return new WriteOp<>() {
      @Override
      public T apply(WriteView view) {
        return op.apply(view);
      }

      @Override
      public long estimatedBytes() {
        return bytes;
      }
    };
  }
}

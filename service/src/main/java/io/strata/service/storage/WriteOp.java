package io.strata.service.storage;

/**
 * One request's mutation, executed by the single writer thread inside a nested transaction of the
 * current batch.
 *
 * <p>Contract (after Alternator's read-modify-write operations): everything is parsed and validated
 * before the op is queued; {@link #apply} is deterministic, does no I/O outside the view, calls no
 * Vert.x API and may safely run again. Throwing (typically a {@code DynamoException} for a failed
 * condition) rolls back this op alone; the rest of the batch commits.
 *
 * @param <T> what the request needs back, e.g. the old item for {@code ReturnValues}
 */
@FunctionalInterface
public interface WriteOp<T> {

  T apply(WriteView view);

  /**
   * Runs on the writer thread once the op's batch is durable, before the submitter hears back: the
   * place to publish the change to in-memory state (catalog maps, statistics) so that nobody who
   * learns of the write can miss its effect. Must be quick and must not block.
   */
  default void afterCommit(T result) {}

  /** A rough size for the writer's byte-bounded queue; the default suits small ops. */
  default long estimatedBytes() {
    return 1024;
  }
}

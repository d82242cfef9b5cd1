package io.strata.service.storage;

/**
 * The read-write view a {@link WriteOp} applies itself to: one nested LMDB transaction inside the
 * writer's batch transaction. Reads see the writes of earlier ops in the same batch.
 */
public interface WriteView extends ReadView {

  void put(Db db, byte[] key, byte[] value);

  /** Deletes a key; returns whether it existed. */
  boolean delete(Db db, byte[] key);
}

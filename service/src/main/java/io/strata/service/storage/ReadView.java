package io.strata.service.storage;

import org.jspecify.annotations.Nullable;

/**
 * A consistent snapshot of the store, valid only inside the transaction that produced it and only
 * on the thread that runs that transaction. Everything it returns is a copy, safe to keep.
 */
public interface ReadView {

  @Nullable byte[] get(Db db, byte[] key);

  /**
   * Visits entries in key order starting at {@code from}: forward from the first key at or after
   * it, or backward from the last key at or before it. An empty {@code from} starts at the first
   * (forward) or last (backward) key; LMDB itself has no empty keys. Stops when the visitor returns
   * false or the database ends.
   */
  void scan(Db db, byte[] from, boolean forward, EntryVisitor visitor);

  /** Receives copies of one entry's key and value; returns whether to continue. */
  @FunctionalInterface
  interface EntryVisitor {
    boolean visit(byte[] key, byte[] value);
  }
}

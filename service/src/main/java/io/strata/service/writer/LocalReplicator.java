package io.strata.service.writer;

import io.strata.service.storage.LogPosition;
import io.strata.service.storage.WriteSet;

/**
 * The log of a single node: the local LMDB commit is the only copy, so replicating a write set is
 * just giving it the next position (term 0). Durability comes from the writer's own commit, which
 * stores that position with the write set.
 */
public final class LocalReplicator implements Replicator {
  private LogPosition last;

  /** Continues the log after {@code applied}, the store's last applied position. */
  public LocalReplicator(LogPosition applied) {
    this.last = applied;
  }

  @Override
  public LogPosition replicate(WriteSet writes) {
    last = last.next();
    return last;
  }
}

package io.strata.service.writer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a strongly consistent read waits for before it reads the local store: that the store holds
 * every write acknowledged anywhere before the read began. A single node's store is that by
 * construction ({@link #NONE}); a replica learns from its group how far the log is committed and
 * waits until its writer has applied that far.
 */
@FunctionalInterface
public interface ReadBarrier {
  ReadBarrier NONE = () -> CompletableFuture.completedFuture(null);

  /**
   * Completes once a read of the local store would see every write acknowledged before this call;
   * fails (with a {@link Replicator.ReplicationException}) if that cannot be established, as when
   * this node is cut off from a majority of its group.
   */
  CompletionStage<Void> awaitLinearizable();
}

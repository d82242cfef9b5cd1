package io.strata.service.replication;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * How far this node's writer has applied the log, and who waits for it to get further: a strongly
 * consistent read waits here for the write sets that were committed before it began. {@link
 * #advance} is called on the writer thread, after the write set's projections ran, so a waiter that
 * is released sees every effect of the write sets up to its index.
 */
final class AppliedIndex {
  private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiters =
      new ConcurrentSkipListMap<>();
  private volatile long applied;

  AppliedIndex(long applied) {
    this.applied = applied;
  }

  long value() {
    return applied;
  }

  void advance(long index) {
    if (index <= applied) {
      return;
    }
    applied = index;
    Map<Long, CompletableFuture<Void>> released = waiters.headMap(index, true);
    released.values().forEach(waiter -> waiter.complete(null));
    released.clear();
  }

  /** Completes once the writer has applied the log up to {@code index}. */
  CompletableFuture<Void> await(long index) {
    if (index <= applied) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> waiter =
        waiters.computeIfAbsent(index, ignored -> new CompletableFuture<>());
    // advance() may have passed index between the check above and the registration.
    if (index <= applied) {
      waiters.remove(index, waiter);
      waiter.complete(null);
    }
    return waiter;
  }
}

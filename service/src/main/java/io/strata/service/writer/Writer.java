package io.strata.service.writer;

import io.strata.service.error.DynamoException;
import io.strata.service.storage.AppliedPosition;
import io.strata.service.storage.BatchTransaction;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.StorageException;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteSetApplier;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: one platform thread, {@code lmdb-writer}, evaluates every write of this node
 * and owns every LMDB write transaction.
 *
 * <p><b>A batch.</b> The thread takes one queued op and then whatever else is waiting, up to {@code
 * maxBatchOps} ops or until the batch's write set reaches {@code maxBatchBytes}, and applies them
 * in one write transaction, each in its own nested transaction so a failed condition rolls back
 * only that op. What the surviving ops wrote is the batch's {@link WriteSet}, which goes to the
 * {@link Replicator}; once it is in the log the local transaction commits, with the write set's log
 * position, in one fsync: group commit, so throughput rises with concurrency while every
 * acknowledged write is durable. Then the {@link Projection}s bring in-memory state up to the new
 * position and only then is each op answered. The model is Ratis's {@code SegmentedRaftLogWorker}.
 *
 * <p><b>Feed.</b> Callers {@link #submit} from any thread, usually an event loop; the queue is
 * bounded by ops and by their estimated bytes, and a full queue refuses at once ({@link
 * WriterRefusal.Reason#QUEUE_FULL}) rather than blocking the caller. SDKs back off and retry.
 *
 * <p><b>Completion.</b> Each op remembers the Vert.x context it was submitted from and is completed
 * there with {@code runOnContext}, so the caller's continuation runs on its own event loop, never
 * on this thread.
 *
 * <p><b>Committed write sets.</b> A replica also applies write sets that another node evaluated
 * ({@link #applyCommitted}): they take their turn in the same queue, so a replica's store, its
 * applied position and its projections change on this one thread, in log order, exactly as they do
 * on the node that evaluated them.
 *
 * <p><b>Failure.</b> An op's own failure (a condition, a validation, a value that cannot be opened)
 * fails that op alone. A write set that does not reach the log fails its batch, retryably, and the
 * writer goes on. A fault of the store itself ({@link StorageException}: disk full, map full, I/O)
 * fails the batch and stops the writer for good, as Ratis does with its first log I/O exception:
 * later submits fail fast and health turns red. Blind retries could acknowledge writes that never
 * reached disk.
 */
public final class Writer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

  /**
   * How much the writer takes on: {@code maxQueuedOps} and {@code maxQueuedBytes} bound the queue
   * (by the ops' estimates), {@code maxBatchOps} and {@code maxBatchBytes} bound one batch (by its
   * encoded write set).
   */
  public record Bounds(
      int maxQueuedOps, long maxQueuedBytes, int maxBatchOps, long maxBatchBytes) {}

  private final LmdbStore store;
  private final Replicator replicator;
  private final Clock clock;
  private final Bounds bounds;
  private final BlockingDeque<Task> queue = new LinkedBlockingDeque<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong opsApplied = new AtomicLong();
  private final List<Projection> projections = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile LogPosition applied;
  private volatile @Nullable Throwable failure;
  private volatile boolean closing;

  public Writer(LmdbStore store, Replicator replicator, Clock clock, Bounds bounds) {
    this.store = store;
    this.replicator = replicator;
    this.clock = clock;
    this.bounds = bounds;
    this.applied = store.read(AppliedPosition::read);
    this.thread = new Thread(this::run, "lmdb-writer");
    thread.setDaemon(false);
    thread.start();
  }

  /** Registers state to keep up with every commit; register all before the first submit. */
  public void addProjection(Projection projection) {
    projections.add(projection);
  }

  /** Queues an op; the future completes on the caller's context once the op is durable. */
  public <T> Future<T> submit(WriteOp<T> op) {
    if (failure != null || closing) {
      return Future.failedFuture(stopped());
    }
    long bytes = op.estimatedBytes();
    if (queue.size() >= bounds.maxQueuedOps()) {
      return Future.failedFuture(queueFull());
    }
    if (queuedBytes.addAndGet(bytes) > bounds.maxQueuedBytes()) {
      queuedBytes.addAndGet(-bytes);
      return Future.failedFuture(queueFull());
    }
    Pending<T> pending = new Pending<>(op, bytes, Vertx.currentContext());
    queue.add(pending);
    return pending.promise.future();
  }

  /**
   * Queues a write set that the log committed and another node evaluated (or that this node
   * evaluated before it lost track of it), to be applied at {@code position} with {@link
   * WriteSetApplier} and projected. {@code writes} is computed on the writer thread, so it may read
   * the store as it stands between two batches, and is not computed at all when the store is
   * already at or past {@code position}. An empty write set only moves the applied position in
   * memory: it marks a log entry that carries no data. Never refused for the queue's bounds: the
   * log has decided, and a replica must keep up.
   *
   * @return completes, on the writer thread, with whether the write set changed the store (false
   *     when the store was already at or past {@code position}), or fails if it could not be
   *     applied
   */
  public CompletableFuture<Boolean> applyCommitted(
      LogPosition position, Supplier<WriteSet> writes) {
    Committed committed = new Committed(position, writes);
    if (failure != null || closing) {
      committed.result.completeExceptionally(stopped());
    } else {
      queue.add(committed);
    }
    return committed.result;
  }

  private static WriterRefusal queueFull() {
    return new WriterRefusal(WriterRefusal.Reason.QUEUE_FULL, "the writer's queue is full");
  }

  private static WriterRefusal stopped() {
    return new WriterRefusal(WriterRefusal.Reason.STOPPED, "the writer has stopped");
  }

  /** Durable commits so far: with {@link #opsApplied()} it shows how well batching works. */
  public long commits() {
    return commits.get();
  }

  public long opsApplied() {
    return opsApplied.get();
  }

  /**
   * The log position of the last committed write set. It only grows, and moves before the
   * projections of that write set run: a reader that notes it before reading knows that any commit
   * after the noted position is still to be projected.
   */
  public LogPosition appliedPosition() {
    return applied;
  }

  public boolean isHealthy() {
    return failure == null && thread.isAlive();
  }

  /** Ops waiting for the writer: a queue that keeps growing means writes outpace the disk. */
  public int queuedOps() {
    return queue.size();
  }

  /** Estimated bytes of the waiting ops (the queue refuses work beyond its byte bound). */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /** Stops taking work, finishes what is queued, and waits for the thread to end. */
  @Override
  public void close() {
    closing = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Pending<?>> batch = new ArrayList<>(bounds.maxBatchOps());
    while (failure == null) {
      try {
        Task first = closing ? queue.poll() : queue.take();
        if (first == null) {
          return;
        }
        if (first instanceof Committed committed) {
          applyCommitted(committed);
          continue;
        }
        batch.add((Pending<?>) first);
        // Only this thread takes from the queue, so what it peeks at is what it polls next.
        while (batch.size() < bounds.maxBatchOps() && queue.peek() instanceof Pending<?> next) {
          queue.poll();
          batch.add(next);
        }
        runBatch(batch);
      } catch (InterruptedException e) {
        if (!closing) {
          Thread.currentThread().interrupt();
          return;
        }
      } finally {
        batch.clear();
      }
    }
    failRemaining();
  }

  /**
   * Applies the ops of {@code batch} until its write set reaches the byte bound (the rest go back
   * to the head of the queue, in order, for the next batch), then commits and answers.
   */
  private void runBatch(List<Pending<?>> batch) {
    WriteSet writes;
    LogPosition position = null;
    try (BatchTransaction transaction = store.beginBatch()) {
      int taken = 0;
      while (taken < batch.size()
          && (taken == 0 || transaction.encodedBytes() < bounds.maxBatchBytes())) {
        batch.get(taken++).applyIn(transaction);
      }
      for (int later = batch.size() - 1; later >= taken; later--) {
        queue.addFirst(batch.remove(later));
      }
      writes = transaction.writeSet(clock.millis());
      if (!writes.isEmpty()) {
        try {
          position = replicator.replicate(writes);
        } catch (Replicator.ReplicationException e) {
          // Routine in a cluster: a follower refuses every write it is sent and the client
          // retries elsewhere; the replication layer logs the leadership changes themselves.
          LOG.debug("a batch of {} writes did not reach the log: {}", batch.size(), e.toString());
          failAll(batch, new WriterRefusal(WriterRefusal.Reason.NOT_REPLICATED, e.getMessage()));
          return;
        }
      }
      transaction.commit(position, writes);
    } catch (StorageException e) {
      stop(e, batch);
      return;
    } finally {
      for (Pending<?> pending : batch) {
        queuedBytes.addAndGet(-pending.bytes);
      }
    }
    commits.incrementAndGet();
    opsApplied.addAndGet(batch.size());
    if (position != null) {
      applied = position;
      project(position, writes);
      replicator.committed(position);
    }
    for (Pending<?> pending : batch) {
      pending.complete();
    }
  }

  private void applyCommitted(Committed committed) {
    LogPosition position = committed.position;
    if (!position.isAfter(applied)) {
      committed.result.complete(false);
      return;
    }
    try {
      WriteSet writes = committed.writes.get();
      boolean changed = !writes.isEmpty() && WriteSetApplier.apply(store, position, writes);
      applied = position;
      if (changed) {
        project(position, writes);
      }
      committed.result.complete(changed);
    } catch (StorageException e) {
      committed.result.completeExceptionally(e);
      stop(e, List.of());
    } catch (RuntimeException e) {
      // A committed write set this node cannot apply (malformed, or not computable): going on
      // would let this replica diverge from the others, so it stops like on a storage fault.
      committed.result.completeExceptionally(e);
      stop(e, List.of());
    }
  }

  private void project(LogPosition position, WriteSet writes) {
    for (Projection projection : projections) {
      try {
        projection.apply(position, writes);
      } catch (RuntimeException e) {
        LOG.error("projection of the write set at {} failed", position, e);
      }
    }
  }

  private void stop(Throwable cause, List<Pending<?>> batch) {
    LOG.error("storage write failed; the writer stops and refuses further writes", cause);
    failure = cause;
    failAll(batch, new StorageException("storage write failed", cause));
    failRemaining();
  }

  private static void failAll(List<Pending<?>> batch, Throwable error) {
    for (Pending<?> pending : batch) {
      pending.fail(error);
    }
  }

  private void failRemaining() {
    WriterRefusal error = stopped();
    Task task;
    while ((task = queue.poll()) != null) {
      if (task instanceof Pending<?> pending) {
        queuedBytes.addAndGet(-pending.bytes);
        pending.fail(error);
      } else if (task instanceof Committed committed) {
        committed.result.completeExceptionally(error);
      }
    }
  }

  /** What the queue holds: ops to evaluate, and committed write sets to apply. */
  private sealed interface Task permits Pending, Committed {}

  private record Committed(
      LogPosition position, Supplier<WriteSet> writes, CompletableFuture<Boolean> result)
      implements Task {
    Committed(LogPosition position, Supplier<WriteSet> writes) {
      this(position, writes, new CompletableFuture<>());
    }
  }

  private static final class Pending<T> implements Task {
    private final WriteOp<T> op;
    private final long bytes;
    private final @Nullable Context context;
    private final Promise<T> promise = Promise.promise();
    private @Nullable T result;
    private @Nullable RuntimeException error;

    Pending(WriteOp<T> op, long bytes, @Nullable Context context) {
      this.op = op;
      this.bytes = bytes;
      this.context = context;
    }

    /**
     * Applies the op in its own nested transaction. Its own failure is kept for its answer; a
     * storage fault propagates and fails the batch.
     */
    void applyIn(BatchTransaction transaction) {
      try {
        result = transaction.apply(op::apply);
      } catch (StorageException e) {
        throw e;
      } catch (RuntimeException e) {
        error = e;
        if (!(e instanceof DynamoException)) {
          LOG.error("write op failed", e);
        }
      }
    }

    void complete() {
      RuntimeException failed = error;
      if (failed != null) {
        fail(failed);
      } else {
        T value = result;
        deliver(() -> promise.complete(value));
      }
    }

    void fail(Throwable cause) {
      deliver(() -> promise.fail(cause));
    }

    private void deliver(Runnable completion) {
      Context target = context;
      if (target == null) {
        completion.run();
      } else {
        target.runOnContext(ignored -> completion.run());
      }
    }
  }
}

package io.strata.service.storage;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: one platform thread, {@code lmdb-writer}, owns every LMDB write transaction.
 *
 * <p><b>Group commit.</b> The thread takes one queued op, then drains whatever else is waiting (up
 * to {@code maxBatchOps} ops or {@code maxBatchBytes}), applies them all inside one write
 * transaction, each in its own nested transaction so a failed condition rolls back only that op,
 * and commits once: one fsync makes the whole batch durable. Under load, batches grow with
 * concurrency, so throughput rises while every acknowledged write is on disk. The model is Ratis's
 * {@code SegmentedRaftLogWorker}; nested transactions rule out {@code MDB_WRITEMAP}.
 *
 * <p><b>Feed.</b> Callers {@link #submit} from any thread, usually an event loop; the queue is
 * bounded by ops and bytes, and a full queue answers {@code RequestLimitExceeded} at once rather
 * than blocking the caller. SDKs back off and retry.
 *
 * <p><b>Completion.</b> Each op remembers the Vert.x context it was submitted from and is completed
 * there with {@code runOnContext}, so the caller's continuation runs on its own event loop, never
 * on this thread.
 *
 * <p><b>Failure.</b> An LMDB error (disk full, map full, I/O) fails the batch and stops the writer
 * for good, as Ratis does with its first log I/O exception: later submits fail fast and health
 * turns red. Blind retries could acknowledge writes that never reached disk.
 */
public final class Writer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Writer.class);

  private final LmdbStore store;
  private final int maxQueuedOps;
  private final long maxQueuedBytes;
  private final int maxBatchOps;
  private final long maxBatchBytes;
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong opsApplied = new AtomicLong();
  private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile @Nullable Throwable failure;
  private volatile boolean closing;

  public Writer(
      LmdbStore store, int maxQueuedOps, long maxQueuedBytes, int maxBatchOps, long maxBatchBytes) {
    this.store = store;
    this.maxQueuedOps = maxQueuedOps;
    this.maxQueuedBytes = maxQueuedBytes;
    this.maxBatchOps = maxBatchOps;
    this.maxBatchBytes = maxBatchBytes;
    this.thread = new Thread(this::run, "lmdb-writer");
    thread.setDaemon(false);
    thread.start();
  }

  public void addCommitListener(CommitListener listener) {
    listeners.add(listener);
  }

  /** Queues an op; the future completes on the caller's context once the op is durable. */
  public <T> Future<T> submit(WriteOp<T> op) {
    Throwable stopped = failure;
    if (stopped != null || closing) {
      return Future.failedFuture(
          new DynamoException(ErrorCode.SERVICE_UNAVAILABLE, "The storage writer has stopped"));
    }
    long bytes = op.estimatedBytes();
    if (queue.size() >= maxQueuedOps) {
      return Future.failedFuture(queueFull());
    }
    if (queuedBytes.addAndGet(bytes) > maxQueuedBytes) {
      queuedBytes.addAndGet(-bytes);
      return Future.failedFuture(queueFull());
    }
    Pending<T> pending = new Pending<>(op, bytes, Vertx.currentContext());
    queue.add(pending);
    return pending.promise.future();
  }

  /** DynamoDB's first sentence; the rest names the server's limit (not one of the tenant's). */
  private static DynamoException queueFull() {
    return new DynamoException(
        ErrorCode.REQUEST_LIMIT_EXCEEDED,
        "Throughput exceeds the current throughput limit for your account. The limit is the"
            + " Strata server's write queue, shared by all tenants; retry with backoff. An operator"
            + " raises it with STRATA_WRITER_MAX_QUEUED_OPS and STRATA_WRITER_MAX_QUEUED_BYTES.");
  }

  /** Durable commits so far: with {@link #opsApplied()} it shows how well batching works. */
  public long commits() {
    return commits.get();
  }

  public long opsApplied() {
    return opsApplied.get();
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
    List<Pending<?>> batch = new ArrayList<>(maxBatchOps);
    while (failure == null) {
      try {
        Pending<?> first = closing ? queue.poll() : queue.take();
        if (first == null) {
          return;
        }
        batch.add(first);
        long batchBytes = first.bytes;
        Pending<?> next;
        while (batch.size() < maxBatchOps
            && batchBytes < maxBatchBytes
            && (next = queue.poll()) != null) {
          batch.add(next);
          batchBytes += next.bytes;
        }
        queuedBytes.addAndGet(-batchBytes);
        applyAndCommit(batch);
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

  private void applyAndCommit(List<Pending<?>> batch) {
    List<byte[]> changedKeys = new ArrayList<>();
    try (Txn<ByteBuffer> txn = store.beginWrite()) {
      for (Pending<?> pending : batch) {
        pending.applyNested(txn, changedKeys);
      }
      txn.commit();
    } catch (LmdbException | StorageException e) {
      stop(e, batch);
      return;
    }
    commits.incrementAndGet();
    opsApplied.addAndGet(batch.size());
    for (CommitListener listener : listeners) {
      try {
        listener.committed(changedKeys);
      } catch (RuntimeException e) {
        LOG.error("commit listener failed", e);
      }
    }
    for (Pending<?> pending : batch) {
      pending.complete();
    }
  }

  private void stop(Throwable cause, List<Pending<?>> batch) {
    LOG.error("storage write failed; the writer stops and refuses further writes", cause);
    failure = cause;
    DynamoException error = DynamoException.internal("storage write failed", cause);
    for (Pending<?> pending : batch) {
      pending.fail(error);
    }
    failRemaining();
  }

  private void failRemaining() {
    DynamoException error =
        new DynamoException(ErrorCode.SERVICE_UNAVAILABLE, "The storage writer has stopped");
    Pending<?> pending;
    while ((pending = queue.poll()) != null) {
      pending.fail(error);
    }
  }

  private final class Pending<T> {
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
     * Applies the op in a nested transaction. Its own failure rolls back only the nested
     * transaction; an LMDB failure propagates and fails the batch.
     */
    void applyNested(Txn<ByteBuffer> parent, List<byte[]> changedKeys) {
      try (Txn<ByteBuffer> nested = store.beginNested(parent)) {
        LmdbStore.TxnView view = store.view(nested);
        try {
          result = op.apply(view);
        } catch (LmdbException | StorageException e) {
          throw e;
        } catch (RuntimeException e) {
          nested.abort();
          error = e;
          if (!(e instanceof DynamoException)) {
            LOG.error("write op failed", e);
          }
          return;
        }
        nested.commit();
        changedKeys.addAll(view.changedItemKeys());
      }
    }

    void complete() {
      RuntimeException failed = error;
      if (failed != null) {
        fail(failed);
      } else {
        T value = result;
        try {
          op.afterCommit(value);
        } catch (RuntimeException e) {
          LOG.error("afterCommit of a durable op failed", e);
        }
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

package io.strata.service.testing;

import io.strata.service.storage.AppliedPosition;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.WriteOp;
import io.strata.service.writer.LocalReplicator;
import io.strata.service.writer.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutionException;

/** An LMDB store with its writer in a test's directory, for storage-level unit tests. */
public final class TempStore implements AutoCloseable {
  /** The writer's bounds in tests: up to 10,000 queued ops, batches of up to 1,000. */
  public static final Writer.Bounds BOUNDS = new Writer.Bounds(10_000, 64L << 20, 1_000, 16L << 20);

  private final LmdbStore store;
  private final Writer writer;

  private TempStore(LmdbStore store, Writer writer) {
    this.store = store;
    this.writer = writer;
  }

  /** A 64 MB store with a single node's writer. */
  public static TempStore open(Path directory) {
    LmdbStore store = LmdbStore.open(directory, 64L << 20, 16);
    return new TempStore(store, writerOf(store, BOUNDS));
  }

  /** A single node's writer on {@code store}, continuing its log. */
  public static Writer writerOf(LmdbStore store, Writer.Bounds bounds) {
    return new Writer(
        store, new LocalReplicator(store.read(AppliedPosition::read)), Clock.systemUTC(), bounds);
  }

  public LmdbStore store() {
    return store;
  }

  public Writer writer() {
    return writer;
  }

  /** Submits {@code op} and waits until it is durable; its failure is thrown as the cause. */
  public <T> T write(WriteOp<T> op) throws InterruptedException, ExecutionException {
    return writer.submit(op).toCompletionStage().toCompletableFuture().get();
  }

  @Override
  public void close() {
    writer.close();
    store.close();
  }
}

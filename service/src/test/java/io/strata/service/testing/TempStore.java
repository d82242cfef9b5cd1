package io.strata.service.testing;

import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.Writer;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/** An LMDB store with its writer in a test's directory, for storage-level unit tests. */
public final class TempStore implements AutoCloseable {
  private final LmdbStore store;
  private final Writer writer;

  private TempStore(LmdbStore store, Writer writer) {
    this.store = store;
    this.writer = writer;
  }

  /** A 64 MB store; the writer queues up to 10,000 ops and batches up to 1,000. */
  public static TempStore open(Path directory) {
    LmdbStore store = LmdbStore.open(directory, 64L << 20, 16);
    return new TempStore(store, new Writer(store, 10_000, 64L << 20, 1_000, 16L << 20));
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

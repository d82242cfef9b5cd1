package io.strata.service.stream;

import io.strata.service.storage.LmdbStore;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;

/** Stream reads on the read pool: records from a position, and the last sequence number. */
public final class StreamReader {
  private final LmdbStore store;
  private final WorkerExecutor readPool;
  private final StreamLog log;

  public StreamReader(LmdbStore store, WorkerExecutor readPool, StreamLog log) {
    this.store = store;
    this.readPool = readPool;
    this.log = log;
  }

  public Future<List<StreamRecord>> read(
      TableMetadata table, String label, long fromSequence, int limit) {
    return readPool.executeBlocking(
        () -> store.read(view -> log.read(view, table, label, fromSequence, limit)), false);
  }

  public Future<Long> lastSequenceNumber(TableMetadata table) {
    return readPool.executeBlocking(
        () -> store.read(view -> StreamLog.lastSequenceNumber(view, table.tableId())), false);
  }
}

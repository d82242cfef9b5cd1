package io.strata.service.storage;

import java.nio.ByteBuffer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * One writer batch: a single LMDB write transaction in which every request runs in a nested
 * transaction of its own, recorded as it goes. A request that throws rolls back alone, and leaves
 * nothing in the batch's {@link WriteSet}; one that returns adds its changes to it. Committing
 * stores the log position the batch was given in the same transaction, so the store always knows
 * which write set it applied last, together with what every replica derives from a write set
 * ({@link RetainedChanges}).
 *
 * <p>Only the writer thread uses it. Nested transactions are why the environment never uses {@code
 * MDB_WRITEMAP}.
 */
public final class BatchTransaction implements AutoCloseable {
  private final LmdbStore store;
  private final Txn<ByteBuffer> txn;
  private final WriteSet.Builder changes = WriteSet.builder();

  BatchTransaction(LmdbStore store, Txn<ByteBuffer> txn) {
    this.store = store;
    this.txn = txn;
  }

  /**
   * Runs one request against the batch's state (reads see every earlier request of the batch).
   * Whatever it throws is rethrown after its nested transaction rolled back; a {@link
   * StorageException} means the store itself failed and the whole batch must be abandoned.
   */
  public <T> T apply(Function<? super WriteView, T> request) {
    try (Txn<ByteBuffer> nested = store.beginNested(txn)) {
      RecordingWriteView recording = new RecordingWriteView(store.view(nested));
      T result;
      try {
        result = request.apply(recording);
      } catch (RuntimeException e) {
        nested.abort();
        throw e;
      }
      nested.commit();
      recording.addTo(changes);
      return result;
    } catch (LmdbException e) {
      throw new StorageException("nested write transaction failed", e);
    }
  }

  /** About how many bytes the batch's write set encodes to, so far. */
  public long encodedBytes() {
    return changes.encodedBytes();
  }

  public boolean changedNothing() {
    return changes.isEmpty();
  }

  /** What the batch changed, stamped with the proposer's clock. */
  public WriteSet writeSet(long timestampMillis) {
    return changes.build(timestampMillis);
  }

  /**
   * Makes the batch durable (one fsync) at {@code position}, with what the store derives from its
   * write set {@code writes} (the retained changes of tables with point-in-time recovery, {@link
   * RetainedChanges}); {@code position} is null when the batch changed nothing and so took no place
   * in the log.
   */
  public void commit(@Nullable LogPosition position, WriteSet writes) {
    try {
      if (position != null) {
        LmdbStore.TxnView view = store.view(txn);
        RetainedChanges.derive(view, position, writes);
        AppliedPosition.write(view, position);
      }
      txn.commit();
    } catch (LmdbException e) {
      throw new StorageException("commit failed", e);
    }
  }

  /** Abandons whatever the batch did, unless it was committed. */
  @Override
  public void close() {
    try {
      txn.close();
    } catch (LmdbException e) {
      throw new StorageException("abort failed", e);
    }
  }
}

package io.strata.service.storage;

import java.nio.ByteBuffer;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * Applies committed write sets that this node did not evaluate: a follower's share of the
 * replicated log, a replay for recovery, a copy being rebuilt. Each write set is applied in one
 * transaction together with its log position and what the store derives from it ({@link
 * RetainedChanges}), exactly as the writer commits it, and a write set at or before the store's
 * applied position is skipped: offering the same log twice after a crash changes nothing, and an
 * older write set can never overwrite a newer one's values.
 */
public final class WriteSetApplier {
  private WriteSetApplier() {}

  /**
   * Applies {@code writes} at {@code position} unless the store is already there.
   *
   * @return whether it was applied (false: it was applied before, and nothing changed now)
   */
  public static boolean apply(LmdbStore store, LogPosition position, WriteSet writes) {
    try (Txn<ByteBuffer> txn = store.beginWrite()) {
      WriteView view = store.view(txn);
      if (!position.isAfter(AppliedPosition.read(view))) {
        return false;
      }
      for (Db db : writes.databases()) {
        for (WriteSet.Mutation mutation : writes.mutations(db)) {
          byte[] value = mutation.value();
          if (value == null) {
            view.delete(db, mutation.key());
          } else {
            view.put(db, mutation.key(), value);
          }
        }
      }
      RetainedChanges.derive(view, position, writes);
      AppliedPosition.write(view, position);
      txn.commit();
      return true;
    } catch (LmdbException e) {
      throw new StorageException("applying the write set at " + position + " failed", e);
    }
  }
}

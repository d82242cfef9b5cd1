package io.strata.service.replication;

import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.StoreSnapshots;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;
import org.jspecify.annotations.Nullable;

/**
 * The Raft snapshots of this node: compacted copies of its LMDB store ({@link StoreSnapshots}), one
 * file each, kept where Ratis keeps a state machine's snapshots and named as Ratis's {@link
 * SimpleStateMachineStorage} expects ({@code snapshot.<term>_<index>}, with an MD5 file beside it),
 * so Ratis can send the latest to a member that is new or too far behind for the log.
 *
 * <p>A snapshot's position is the store's own applied position at the copy, which may be behind
 * what Ratis has handed to the writer; Ratis keeps the log after it, so nothing is lost.
 */
final class StoreSnapshotFiles {
  private static final String IN_PROGRESS = "snapshot.in-progress";

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final LmdbStore store;

  StoreSnapshotFiles(LmdbStore store) {
    this.store = store;
  }

  SimpleStateMachineStorage storage() {
    return storage;
  }

  void init(RaftStorage raftStorage) throws IOException {
    storage.init(raftStorage);
  }

  /** The newest snapshot on disk (taken here, or installed from the leader), if any. */
  @Nullable SingleFileSnapshotInfo latest() {
    return storage.loadLatestSnapshot();
  }

  /**
   * Copies the store into a new snapshot file. Blocking, as long as the copy takes; the store keeps
   * serving reads and writes meanwhile (the copy is one read transaction).
   *
   * @return the position the snapshot holds, or null if the store holds nothing yet
   */
  @Nullable LogPosition take() throws IOException {
    File anyName = storage.getSnapshotFile(0, 0);
    Path staged = anyName.toPath().resolveSibling(IN_PROGRESS);
    Files.deleteIfExists(staged);
    LogPosition position = StoreSnapshots.write(store, staged);
    if (position.index() == 0) {
      Files.delete(staged);
      return null;
    }
    File target = storage.getSnapshotFile(position.term(), position.index());
    if (target.exists()) {
      Files.delete(staged);
      return position;
    }
    Files.move(staged, target.toPath(), StandardCopyOption.ATOMIC_MOVE);
    MD5Hash digest = MD5FileUtil.computeAndSaveMd5ForFile(target);
    storage.updateLatestSnapshot(
        new SingleFileSnapshotInfo(
            new FileInfo(target.toPath(), digest), position.term(), position.index()));
    return position;
  }
}

package io.strata.service.replication;

import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.StoreSnapshots;
import io.strata.service.storage.WriteSetCodec;
import io.strata.service.writer.Writer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.jspecify.annotations.Nullable;

/**
 * The Raft state machine of a Strata node: its state is the LMDB store, changed only by the writer.
 * A committed entry is an encoded write set; applying it means handing it to the writer ({@link
 * Writer#applyCommitted}), which applies it with its log position in one transaction (skipping it
 * if the store already holds that position, as after a restart, when Ratis replays its log from the
 * start) and runs the projections, on its one thread, in log order. The leader's own entries are
 * claimed by the writer that proposed them instead ({@link RatisReplicator}).
 *
 * <p>A query is the last step of Ratis's read-index protocol: Ratis has confirmed with a majority
 * that the group's commit index is at most what this member has handed on; the query completes once
 * the writer has also applied that far.
 *
 * <p>Snapshots are copies of the store ({@link StoreSnapshotFiles}), taken by Ratis every so many
 * entries on its apply thread; a member that installs one from the leader brings its store to it
 * through the writer ({@link #reinitialize}).
 *
 * <p>Called on Ratis's threads: {@code applyTransaction} on its one apply thread, in log order.
 */
final class WriteSetStateMachine extends BaseStateMachine {
  private final AppliedIndex appliedIndex;
  private final RaftNode node;
  private final StoreSnapshotFiles snapshots;
  private final LmdbStore store;
  private final Clock clock;
  private volatile @Nullable Writer writer;
  private volatile @Nullable RatisReplicator replicator;

  /** The last data entry handed to the writer, claimed or queued. */
  private volatile long lastDataIndex;

  /** The last data entry queued for the writer (not claimed by a proposal of this node). */
  private volatile long lastQueuedIndex;

  WriteSetStateMachine(AppliedIndex appliedIndex, RaftNode node, LmdbStore store, Clock clock) {
    this.appliedIndex = appliedIndex;
    this.node = node;
    this.store = store;
    this.clock = clock;
    this.snapshots = new StoreSnapshotFiles(store);
  }

  void attach(Writer writer, RatisReplicator replicator) {
    this.writer = writer;
    this.replicator = replicator;
  }

  long lastQueuedIndex() {
    return lastQueuedIndex;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    snapshots.init(raftStorage);
    getLifeCycle().transition(LifeCycle.State.STARTING);
    installLatestSnapshot();
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots.storage();
  }

  @Override
  public long takeSnapshot() throws IOException {
    LogPosition taken = snapshots.take();
    return taken == null ? RaftLog.INVALID_LOG_INDEX : taken.index();
  }

  /** Ratis is about to install a snapshot from the leader: nothing is applied meanwhile. */
  @Override
  public void pause() {
    if (getLifeCycle().getCurrentState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** Ratis installed a snapshot from the leader: the store becomes what it holds. */
  @Override
  public void reinitialize() throws IOException {
    getLifeCycle().transition(LifeCycle.State.STARTING);
    installLatestSnapshot();
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  /**
   * Brings the store up to the latest snapshot if it is behind it (a snapshot installed from the
   * leader, possibly before a crash), through the writer: the difference between the store and the
   * snapshot is one write set, applied at the snapshot's position and projected like any other, so
   * readers see the store before or after, and every projection follows. A store at or past the
   * snapshot (the usual restart) is left alone. Ratis then applies the log after the snapshot.
   */
  private void installLatestSnapshot() throws IOException {
    SingleFileSnapshotInfo latest = snapshots.latest();
    if (latest == null) {
      return;
    }
    LogPosition position = new LogPosition(latest.getTerm(), latest.getIndex());
    Path file = latest.getFile().getPath();
    try {
      attachedWriter()
          .applyCommitted(position, () -> StoreSnapshots.differenceTo(store, file, clock.millis()))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while installing the snapshot " + file, e);
    } catch (ExecutionException e) {
      throw new IOException("cannot install the snapshot " + file, e.getCause());
    }
    appliedIndex.advance(position.index());
    lastDataIndex = Math.max(lastDataIndex, position.index());
    TermIndex applied = getLastAppliedTermIndex();
    if (applied == null || applied.getIndex() < position.index()) {
      updateLastAppliedTermIndex(position.term(), position.index());
    }
  }

  private Writer attachedWriter() {
    return Objects.requireNonNull(writer, "started before the writer was attached");
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
    LogEntryProto entry = transaction.getLogEntry();
    LogPosition position = new LogPosition(entry.getTerm(), entry.getIndex());
    StateMachineLogEntryProto data = entry.getStateMachineLogEntry();
    updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    lastDataIndex = position.index();
    RatisReplicator proposer = replicator;
    if (proposer != null
        && proposer.claim(ClientId.valueOf(data.getClientId()), data.getCallId(), position)) {
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    lastQueuedIndex = position.index();
    byte[] encoded = data.getLogData().toByteArray();
    return attachedWriter()
        .applyCommitted(position, () -> WriteSetCodec.decode(encoded))
        .thenApply(
            changed -> {
              appliedIndex.advance(position.index());
              return Message.EMPTY;
            });
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    return appliedIndex.await(lastDataIndex).thenApply(ignored -> Message.EMPTY);
  }

  @Override
  public void notifyLeaderReady() {
    node.leadershipChanged(true);
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
    node.leaderChanged();
    if (!member.getPeerId().equals(newLeaderId)) {
      node.leadershipChanged(false);
    }
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    node.leadershipChanged(false);
  }
}

package io.strata.service.replication;

import io.strata.service.storage.LogPosition;
import io.strata.service.storage.WriteSetCodec;
import io.strata.service.writer.Writer;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
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
 * <p>Called on Ratis's threads: {@code applyTransaction} on its one apply thread, in log order.
 */
final class WriteSetStateMachine extends BaseStateMachine {
  private final AppliedIndex appliedIndex;
  private final RaftNode node;
  private volatile @Nullable Writer writer;
  private volatile @Nullable RatisReplicator replicator;

  /** The last data entry handed to the writer, claimed or queued. */
  private volatile long lastDataIndex;

  /** The last data entry queued for the writer (not claimed by a proposal of this node). */
  private volatile long lastQueuedIndex;

  WriteSetStateMachine(AppliedIndex appliedIndex, RaftNode node) {
    this.appliedIndex = appliedIndex;
    this.node = node;
  }

  void attach(Writer writer, RatisReplicator replicator) {
    this.writer = writer;
    this.replicator = replicator;
  }

  long lastQueuedIndex() {
    return lastQueuedIndex;
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
    return Objects.requireNonNull(writer, "started before the writer was attached")
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
    if (!member.getPeerId().equals(newLeaderId)) {
      node.leadershipChanged(false);
    }
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    node.leadershipChanged(false);
  }
}

package io.strata.service.replication;

import io.strata.service.storage.LogPosition;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteSetCodec;
import io.strata.service.writer.Replicator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.jspecify.annotations.Nullable;

/**
 * The leader's side of the replication seam: proposes each batch's encoded write set to the Raft
 * group, in process (no client round trip), and returns its log position once the group has
 * committed it.
 *
 * <p><b>Who applies the leader's own entry.</b> When Ratis applies a committed entry on the leader,
 * the leader's writer is still inside {@link #replicate} for it, with the batch's transaction open:
 * the entry is <em>claimed</em> ({@link #claim}), the state machine does nothing with it, and the
 * writer commits its own transaction at that position. The claim is decided once, atomically: if
 * the proposal gave up first (leadership lost, timeout), its batch is abandoned and the entry,
 * should the group commit it after all, is applied like any other member's through the writer's
 * queue. So the entry reaches the store exactly once either way, and a batch is acknowledged only
 * if its entry is committed.
 *
 * <p><b>Stale evaluation.</b> A new leader may still have committed entries of earlier terms queued
 * in its writer. A batch evaluated before they were applied read an old store, so it is refused
 * (retryably) rather than proposed: Ratis makes a leader ready only after it has handed every
 * earlier entry to the state machine, so once the writer has applied what was handed over, its
 * batches read the latest state.
 *
 * <p>{@link #replicate} runs on the writer thread, one proposal at a time; {@link #claim} on
 * Ratis's apply thread.
 */
final class RatisReplicator implements Replicator {
  private final RaftServer server;
  private final RaftNode node;
  private final AppliedIndex appliedIndex;
  private final Duration proposalTimeout;
  private final ClientId clientId = ClientId.randomId();
  private long nextCallId = 1;
  private volatile @Nullable Proposal current;

  RatisReplicator(
      RaftServer server, RaftNode node, AppliedIndex appliedIndex, Duration proposalTimeout) {
    this.server = server;
    this.node = node;
    this.appliedIndex = appliedIndex;
    this.proposalTimeout = proposalTimeout;
  }

  @Override
  public LogPosition replicate(WriteSet writes) {
    if (!node.isLeaderReady()) {
      throw new ReplicationException(node.notLeaderMessage());
    }
    if (appliedIndex.value() < node.handedToWriter()) {
      throw new ReplicationException(
          "this node became the leader and is still applying the log up to "
              + node.handedToWriter());
    }
    Proposal proposal = new Proposal(nextCallId++);
    current = proposal;
    try {
      RaftClientRequest request =
          RaftClientRequest.newBuilder()
              .setClientId(clientId)
              .setServerId(node.selfId())
              .setGroupId(RaftNode.GROUP_ID)
              .setCallId(proposal.callId)
              .setMessage(
                  Message.valueOf(UnsafeByteOperations.unsafeWrap(WriteSetCodec.encode(writes))))
              .setType(RaftClientRequest.writeRequestType())
              .build();
      server
          .submitClientRequestAsync(request)
          .whenComplete((reply, error) -> proposal.giveUpUnlessDecided(failure(reply, error)));
      long proposedNanos = System.nanoTime();
      LogPosition committed = proposal.await(proposalTimeout);
      node.committedAfter(Duration.ofNanos(System.nanoTime() - proposedNanos));
      return committed;
    } catch (java.io.IOException e) {
      throw new ReplicationException("the Raft server refused the proposal", e);
    } finally {
      current = null;
    }
  }

  @Override
  public void committed(LogPosition position) {
    appliedIndex.advance(position.index());
  }

  /**
   * Whether the committed entry at {@code position}, proposed by {@code proposer} as {@code
   * callId}, is the one the writer is waiting for, which the writer then commits itself.
   */
  boolean claim(ClientId proposer, long callId, LogPosition position) {
    Proposal proposal = current;
    return proposal != null
        && proposer.equals(clientId)
        && proposal.callId == callId
        && proposal.decide(position);
  }

  private static @Nullable String failure(
      @Nullable RaftClientReply reply, @Nullable Throwable error) {
    if (error != null) {
      return error.toString();
    }
    if (reply == null || !reply.isSuccess()) {
      return reply == null || reply.getException() == null
          ? "the proposal failed"
          : reply.getException().getMessage();
    }
    return null;
  }

  /** One batch's entry: decided once, either committed at a position or given up. */
  private static final class Proposal {
    private final long callId;
    private final AtomicBoolean decided = new AtomicBoolean();
    private final CompletableFuture<LogPosition> outcome = new CompletableFuture<>();

    Proposal(long callId) {
      this.callId = callId;
    }

    boolean decide(LogPosition position) {
      if (!decided.compareAndSet(false, true)) {
        return false;
      }
      outcome.complete(position);
      return true;
    }

    void giveUpUnlessDecided(@Nullable String reason) {
      if (reason != null && decided.compareAndSet(false, true)) {
        outcome.completeExceptionally(new ReplicationException(reason));
      }
    }

    LogPosition await(Duration timeout) {
      try {
        outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        giveUpUnlessDecided("the group did not commit the write set within " + timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        giveUpUnlessDecided("the writer was interrupted");
      } catch (ExecutionException e) {
        // decided: given up, reported below
      }
      try {
        return outcome.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof ReplicationException replication
            ? replication
            : new ReplicationException("the proposal failed", e.getCause());
      }
    }
  }
}

package io.strata.service.replication;

import io.strata.service.config.StrataConfig;
import io.strata.service.storage.AppliedPosition;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.writer.ReadBarrier;
import io.strata.service.writer.Replicator;
import io.strata.service.writer.Writer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.TimeDuration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's member of the cluster's one Raft group: the Ratis server (gRPC on {@code
 * STRATA_RAFT_PORT}, its log fsynced under {@code $STRATA_DATA_DIR/raft}), the state machine that
 * feeds committed write sets to the writer, the replicator the writer proposes through, and
 * leadership, which decides where writes are evaluated and background work runs.
 *
 * <p><b>Strongly consistent reads</b> use Ratis's read index ({@code LINEARIZABLE}): the member
 * asks the leader for its commit index, the leader confirms it is still the leader with a round of
 * heartbeats to a majority, and the member waits until its writer has applied that index. This
 * costs a round trip per read but stays correct whatever the clocks do; a leader lease would save
 * the round trip but trust bounded clock drift, and on a shared machine a paused JVM can outlive
 * any lease. It also lets every member, not only the leader, serve strongly consistent reads.
 *
 * <p>Leadership changes are reported on one thread ({@code raft-leadership}), in order.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

  /** Every Strata cluster is one group; its id only has to be the same on every member. */
  static final RaftGroupId GROUP_ID =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("strata".getBytes(StandardCharsets.UTF_8)));

  /**
   * How long a leadership transfer may take: the leader first lets the new one catch up, then asks
   * it to campaign at once, and the transfer completes with the new leader's first term.
   */
  private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(10);

  /** How long a batch waits for its entry to commit before it is refused, retryably. */
  private static final Duration PROPOSAL_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Election timeouts: Ratis's defaults (150 to 300 ms) suit dedicated machines; a garbage
   * collection or a busy shared core (pauses of a second are seen on a loaded 2-core machine) would
   * start needless elections and depose healthy leaders.
   */
  private static final TimeDuration ELECTION_TIMEOUT_MIN =
      TimeDuration.valueOf(2, TimeUnit.SECONDS);

  private static final TimeDuration ELECTION_TIMEOUT_MAX =
      TimeDuration.valueOf(4, TimeUnit.SECONDS);

  private final RaftPeerId selfId;
  private final int defaultApiPort;
  private final RaftServer server;
  private final WriteSetStateMachine stateMachine;
  private final AppliedIndex appliedIndex;
  private final RatisReplicator replicator;
  private final ClientId readClientId = ClientId.randomId();
  private final AtomicLong readCallIds = new AtomicLong();
  private final ExecutorService leadershipEvents =
      Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "raft-leadership"));
  private final List<Consumer<Boolean>> leadershipListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong leaderChanges = new AtomicLong();
  private volatile Consumer<Duration> commitLatencies = latency -> {};
  private boolean leading;

  private RaftNode(StrataConfig.Cluster cluster, Path directory, LmdbStore store, Clock clock)
      throws IOException {
    LogPosition applied = store.read(AppliedPosition::read);
    if (applied.term() == 0 && applied.index() > 0) {
      // A single node numbers its write sets itself (term 0); as Raft indexes those numbers would
      // make this member skip the group's first entries as if it had applied them.
      throw new IllegalStateException(
          "the store in "
              + directory.getParent()
              + " served a single node (its log position is "
              + applied
              + "); a cluster member starts with an empty store (--initialize) and gets the"
              + " group's data from the log");
    }
    this.selfId = RaftPeerId.valueOf(cluster.nodeId());
    this.defaultApiPort = cluster.apiPort();
    this.appliedIndex = new AppliedIndex(applied.index());
    this.stateMachine = new WriteSetStateMachine(appliedIndex, this, store, clock);
    RaftProperties properties = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(properties, List.of(directory.toFile()));
    GrpcConfigKeys.Server.setPort(properties, cluster.raftPort());
    RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(
        properties, TimeDuration.valueOf(PROPOSAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMin(properties, ELECTION_TIMEOUT_MIN);
    RaftServerConfigKeys.Rpc.setTimeoutMax(properties, ELECTION_TIMEOUT_MAX);
    // A snapshot every so many entries, so that a restart replays only the log after it. The log
    // itself is kept: Ratis 3.2.2 stops replicating to a member whose next entry is exactly the
    // first one left after a purge (it cannot name the entry before it; RATIS-2487, fixed after
    // 3.3.0), which is what a leader that was killed and comes back after the others purged
    // past its last entry meets. Until then a member that is new or behind catches up from the
    // log, and the snapshot is what it installs only where Ratis chooses to send one.
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(
        properties, cluster.snapshotEveryEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
    RaftServerConfigKeys.Log.setPurgeGap(properties, Integer.MAX_VALUE);
    List<RaftPeer> peers =
        new ArrayList<>(
            cluster.peers().stream()
                .map(
                    peer ->
                        RaftPeer.newBuilder()
                            .setId(peer.id())
                            .setAddress(peer.address())
                            .setClientAddress(peer.apiAddress())
                            .build())
                .toList());
    if (cluster.peers().stream().noneMatch(peer -> peer.id().equals(cluster.nodeId()))) {
      // A node that is to join (./strata admin cluster add-node) starts as a listener: it neither
      // votes nor campaigns (a candidate the members do not know is told to shut down) until the
      // leader's new configuration makes it a follower.
      peers.add(
          RaftPeer.newBuilder()
              .setId(cluster.nodeId())
              .setAddress("127.0.0.1:" + cluster.raftPort())
              .setClientAddress("127.0.0.1:" + cluster.apiPort())
              .setStartupRole(RaftPeerRole.LISTENER)
              .build());
    }
    this.server =
        RaftServer.newBuilder()
            .setServerId(selfId)
            .setGroup(RaftGroup.valueOf(GROUP_ID, peers))
            .setStateMachine(stateMachine)
            .setProperties(properties)
            .setOption(RaftStorage.StartupOption.RECOVER)
            .build();
    this.replicator = new RatisReplicator(server, this, appliedIndex, PROPOSAL_TIMEOUT);
  }

  /** Prepares this node's member over {@code store}, to be started once its writer exists. */
  public static RaftNode create(
      StrataConfig.Cluster cluster, Path directory, LmdbStore store, Clock clock) {
    try {
      return new RaftNode(cluster, directory, store, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Raft server in " + directory, e);
    }
  }

  /** What the writer proposes its write sets through. */
  public Replicator replicator() {
    return replicator;
  }

  /** What strongly consistent reads wait for: the read index, applied locally. */
  public ReadBarrier readBarrier() {
    return this::awaitReadIndex;
  }

  /** Joins the group: replays the local log into {@code writer}, then follows or leads. */
  public void start(Writer writer) throws IOException {
    stateMachine.attach(writer, replicator);
    server.start();
  }

  /**
   * Calls {@code listener} with whether this node is the ready leader, now and on every change, on
   * the {@code raft-leadership} thread.
   */
  public void onLeadership(Consumer<Boolean> listener) {
    leadershipEvents.execute(
        () -> {
          leadershipListeners.add(listener);
          listener.accept(leading);
        });
  }

  public String nodeId() {
    return selfId.toString();
  }

  /** The current leader's id, if this node knows one. */
  public Optional<String> leaderId() {
    return Optional.ofNullable(info().getLeaderId()).map(RaftPeerId::toString);
  }

  /**
   * The DynamoDB API address ({@code host:port}) of the leader, when another member leads: where
   * this node forwards the writes it receives. Members carry it as their Raft peer's client
   * address, so the group's configuration, replicated like any entry, tells every member where each
   * other member serves, including members added later.
   */
  public Optional<String> leaderApiAddress() {
    RaftServer.Division division = division();
    RaftPeerId leader = division.getInfo().getLeaderId();
    if (leader == null || leader.equals(selfId)) {
      return Optional.empty();
    }
    // Voting members, the leader among them, are FOLLOWER peers in the configuration.
    RaftPeer peer = division.getRaftConf().getPeer(leader, RaftPeerRole.FOLLOWER);
    return peer == null || peer.getClientAddress() == null || peer.getClientAddress().isEmpty()
        ? Optional.empty()
        : Optional.of(peer.getClientAddress());
  }

  public boolean isLeaderReady() {
    return info().isLeaderReady();
  }

  /** This member's role as Ratis sees it: LEADER, FOLLOWER, CANDIDATE or LISTENER. */
  public String role() {
    return info().getCurrentRole().name();
  }

  /** How many times this member saw the group's leader change. */
  public long leaderChanges() {
    return leaderChanges.get();
  }

  /** Where the time from proposing a write set to its commit is reported (the writer's thread). */
  public void recordCommitLatenciesWith(Consumer<Duration> recorder) {
    commitLatencies = recorder;
  }

  /**
   * What {@code ./strata admin cluster status} shows: this member, the leader it knows, and each
   * member's commit index as this member last heard it (the leader hears every follower), with its
   * lag behind the most advanced.
   */
  public record Status(
      String nodeId,
      String role,
      @Nullable String leader,
      long term,
      long appliedIndex,
      List<Member> members) {}

  /** A member of the group as {@link Status} shows it. */
  public record Member(String id, String address, long commitIndex, long lagEntries) {}

  public Status status() {
    RaftServer.Division division = division();
    List<CommitInfoProto> commits = List.copyOf(division.getCommitInfos());
    long highest = commits.stream().mapToLong(CommitInfoProto::getCommitIndex).max().orElse(0);
    List<Member> members =
        commits.stream()
            .map(
                commit ->
                    new Member(
                        commit.getServer().getId().toStringUtf8(),
                        commit.getServer().getAddress(),
                        commit.getCommitIndex(),
                        highest - commit.getCommitIndex()))
            .sorted(Comparator.comparing(Member::id))
            .toList();
    DivisionInfo info = division.getInfo();
    return new Status(
        nodeId(),
        info.getCurrentRole().name().toLowerCase(Locale.ROOT),
        leaderId().orElse(null),
        info.getCurrentTerm(),
        appliedIndex(),
        members);
  }

  /**
   * Adds a member to the group (Ratis's {@code setConfiguration}): it joins as a follower and
   * catches up (from the latest snapshot, then the log). Only the leader changes the group.
   *
   * @param address {@code host:raftPort}, or {@code host:raftPort/apiPort} when the new member's
   *     API is not on this node's port
   */
  public CompletableFuture<Void> addMember(String id, String address) {
    StrataConfig.Cluster.Peer peer = StrataConfig.Cluster.Peer.parse(id, address, defaultApiPort);
    RaftPeer added =
        RaftPeer.newBuilder()
            .setId(id)
            .setAddress(peer.address())
            .setClientAddress(peer.apiAddress())
            .build();
    return reconfigure(
        peers -> {
          if (peers.stream().anyMatch(member -> member.getId().equals(added.getId()))) {
            throw new IllegalArgumentException(id + " is a member already");
          }
          List<RaftPeer> changed = new ArrayList<>(peers);
          changed.add(added);
          return changed;
        });
  }

  /** Removes a member from the group; only the leader changes the group. */
  public CompletableFuture<Void> removeMember(String id) {
    RaftPeerId removed = RaftPeerId.valueOf(id);
    return reconfigure(
        peers -> {
          if (peers.stream().noneMatch(peer -> peer.getId().equals(removed))) {
            throw new IllegalArgumentException(id + " is not a member");
          }
          return peers.stream().filter(peer -> !peer.getId().equals(removed)).toList();
        });
  }

  /**
   * Moves the leadership (Ratis's {@code transferLeadership}) to {@code target}, or, without one,
   * away from this node if it leads: to the other member whose commit index is highest, the one
   * that needs the least catching up. A node that does not lead has nothing to move away, so that a
   * pod's preStop hook can run this on every member. Naming a target is only for the leader, like
   * every change of the group.
   *
   * <p>Ratis would also take no target as "step down", but then the next leader is whoever wins an
   * election after a timeout (seconds here, see {@link #ELECTION_TIMEOUT_MIN}), this node included;
   * a named member campaigns at once instead, once it holds the leader's whole log.
   */
  public CompletableFuture<Void> transferLeadership(Optional<String> target) {
    CompletableFuture<Void> moved = new CompletableFuture<>();
    try {
      RaftServer.Division division = division();
      if (!division.getInfo().isLeader()) {
        if (target.isPresent()) {
          throw new Replicator.ReplicationException(notLeaderMessage());
        }
        moved.complete(null);
        return moved;
      }
      RaftPeerId successor =
          target.map(RaftPeerId::valueOf).orElseGet(() -> mostCaughtUpOtherMember(division));
      if (division.getRaftConf().getCurrentPeers().stream()
          .noneMatch(peer -> peer.getId().equals(successor))) {
        throw new IllegalArgumentException(successor + " is not a member");
      }
      server
          .transferLeadershipAsync(
              new TransferLeadershipRequest(
                  readClientId,
                  selfId,
                  GROUP_ID,
                  readCallIds.incrementAndGet(),
                  successor,
                  TRANSFER_TIMEOUT.toMillis()))
          .whenComplete(
              (reply, error) -> {
                if (error == null && reply.isSuccess()) {
                  moved.complete(null);
                } else {
                  moved.completeExceptionally(
                      new Replicator.ReplicationException(
                          "the leadership did not move to "
                              + successor
                              + ": "
                              + (error != null ? error : reply.getException())));
                }
              });
    } catch (IOException | RuntimeException e) {
      moved.completeExceptionally(e);
    }
    return moved;
  }

  private RaftPeerId mostCaughtUpOtherMember(RaftServer.Division division) {
    List<RaftPeerId> voters =
        division.getRaftConf().getCurrentPeers().stream()
            .map(RaftPeer::getId)
            .filter(id -> !id.equals(selfId))
            .toList();
    return division.getCommitInfos().stream()
        .filter(commit -> voters.contains(RaftPeerId.valueOf(commit.getServer().getId())))
        .max(
            Comparator.comparingLong(CommitInfoProto::getCommitIndex)
                .thenComparing(commit -> commit.getServer().getId().toStringUtf8()))
        .map(commit -> RaftPeerId.valueOf(commit.getServer().getId()))
        .or(() -> voters.stream().findFirst())
        .orElseThrow(
            () ->
                new Replicator.ReplicationException(
                    "this node ("
                        + selfId
                        + ") is the group's only member: there is no one to take over"));
  }

  private CompletableFuture<Void> reconfigure(UnaryOperator<List<RaftPeer>> change) {
    CompletableFuture<Void> changed = new CompletableFuture<>();
    try {
      if (!isLeaderReady()) {
        throw new Replicator.ReplicationException(notLeaderMessage());
      }
      List<RaftPeer> peers = change.apply(List.copyOf(division().getRaftConf().getCurrentPeers()));
      server
          .setConfigurationAsync(
              new SetConfigurationRequest(
                  readClientId, selfId, GROUP_ID, readCallIds.incrementAndGet(), peers))
          .whenComplete(
              (reply, error) -> {
                if (error == null && reply.isSuccess()) {
                  changed.complete(null);
                } else {
                  changed.completeExceptionally(
                      new Replicator.ReplicationException(
                          "the group's members did not change: "
                              + (error != null ? error : reply.getException())));
                }
              });
    } catch (IOException | RuntimeException e) {
      changed.completeExceptionally(e);
    }
    return changed;
  }

  /** The last log index this node's writer has applied. */
  public long appliedIndex() {
    return appliedIndex.value();
  }

  @Override
  public void close() throws IOException {
    server.close();
    leadershipEvents.shutdown();
  }

  RaftPeerId selfId() {
    return selfId;
  }

  long handedToWriter() {
    return stateMachine.lastQueuedIndex();
  }

  String notLeaderMessage() {
    return "this node ("
        + selfId
        + ") is not the leader of its Raft group; the leader is "
        + leaderId().orElse("not known yet");
  }

  void leaderChanged() {
    leaderChanges.incrementAndGet();
  }

  void committedAfter(Duration latency) {
    commitLatencies.accept(latency);
  }

  void leadershipChanged(boolean nowLeading) {
    leadershipEvents.execute(
        () -> {
          if (leading == nowLeading) {
            return;
          }
          leading = nowLeading;
          LOG.info(
              nowLeading ? "{} leads the Raft group" : "{} no longer leads the Raft group", selfId);
          for (Consumer<Boolean> listener : leadershipListeners) {
            try {
              listener.accept(nowLeading);
            } catch (RuntimeException e) {
              LOG.error("a leadership listener failed", e);
            }
          }
        });
  }

  private DivisionInfo info() {
    return division().getInfo();
  }

  private RaftServer.Division division() {
    try {
      return server.getDivision(GROUP_ID);
    } catch (IOException e) {
      throw new UncheckedIOException("the Raft group is not running on this node", e);
    }
  }

  private CompletionStage<Void> awaitReadIndex() {
    RaftClientRequest request =
        RaftClientRequest.newBuilder()
            .setClientId(readClientId)
            .setServerId(selfId)
            .setGroupId(GROUP_ID)
            .setCallId(readCallIds.incrementAndGet())
            .setMessage(Message.EMPTY)
            .setType(RaftClientRequest.readRequestType())
            .build();
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    try {
      server
          .submitClientRequestAsync(request)
          .whenComplete(
              (reply, error) -> {
                if (error == null && reply.isSuccess()) {
                  confirmed.complete(null);
                } else {
                  confirmed.completeExceptionally(
                      new Replicator.ReplicationException(
                          "this node could not confirm the group's commit index: "
                              + (error != null ? error : reply.getException())));
                }
              });
    } catch (IOException e) {
      confirmed.completeExceptionally(
          new Replicator.ReplicationException("the Raft server refused the read", e));
    }
    return confirmed;
  }
}

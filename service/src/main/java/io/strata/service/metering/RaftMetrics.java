package io.strata.service.metering;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strata.service.replication.RaftNode;
import java.util.List;
import java.util.Locale;

/**
 * The replication metrics of a cluster member:
 *
 * <pre>
 * ddb_raft_role{role}                  gauge    1 for this member's current role (leader,
 *                                                follower, candidate), 0 for the others
 * ddb_raft_applied_index               gauge    the last log index the writer applied
 * ddb_raft_leader_changes_total        counter  changes of leader this member saw
 * ddb_raft_commit_latency_seconds      summary  from proposing a batch's write set to its commit
 *                                                (on the leader), with a histogram
 * </pre>
 */
public final class RaftMetrics {
  private static final List<String> ROLES = List.of("LEADER", "FOLLOWER", "CANDIDATE");

  private RaftMetrics() {}

  public static void register(MeterRegistry registry, RaftNode raft) {
    for (String role : ROLES) {
      Gauge.builder("ddb.raft.role", raft, node -> node.role().equals(role) ? 1 : 0)
          .tag("role", role.toLowerCase(Locale.ROOT))
          .description("1 for this member's current Raft role")
          .register(registry);
    }
    Gauge.builder("ddb.raft.applied.index", raft, RaftNode::appliedIndex)
        .description("The last Raft log index this member's writer applied")
        .register(registry);
    FunctionCounter.builder("ddb.raft.leader.changes", raft, RaftNode::leaderChanges)
        .description("Changes of the Raft group's leader seen by this member")
        .register(registry);
    Timer commitLatency =
        Timer.builder("ddb.raft.commit.latency")
            .description("From proposing a batch's write set to the group committing it")
            .publishPercentileHistogram()
            .register(registry);
    raft.recordCommitLatenciesWith(commitLatency::record);
  }
}

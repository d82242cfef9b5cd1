package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.RaftCluster;
import io.strata.service.testing.RaftCluster.AdminRun;
import io.strata.service.testing.ServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./strata admin cluster transfer-leadership} on a cluster of three real processes: with
 * {@code --to} the leader hands over to the named member, without it a node gives the leadership
 * away if it holds it (what the Helm chart's preStop hook runs on every pod before it stops) and
 * does nothing otherwise, and writes go on through the new leader.
 */
@Timeout(240)
class TransferLeadershipIT {
  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void movesTheLeadershipToTheNamedMemberOrAwayFromTheNodeThatHoldsIt() throws Exception {
    try (RaftCluster cluster = RaftCluster.start(3, Map.of())) {
      cluster.awaitFirstTenant(Duration.ofSeconds(60));
      ServerProcess leader = cluster.awaitLeader(LEADER_TIMEOUT);
      List<ServerProcess> followers =
          cluster.nodes().stream().filter(node -> node != leader).toList();
      ServerProcess successor = followers.get(0);
      ServerProcess bystander = followers.get(1);

      RaftCluster.admin(bystander, "cluster", "transfer-leadership");
      assertThat(RaftCluster.clusterStatus(leader).get("role").asText())
          .as("a follower has no leadership to give away")
          .isEqualTo("leader");

      AdminRun refused =
          RaftCluster.runAdmin(bystander, "cluster", "transfer-leadership", "--to", id(successor));
      assertThat(refused.exitStatus()).isEqualTo(1);
      assertThat(refused.out())
          .contains("LeadershipNotMoved")
          .contains("the leader is " + id(leader));

      Instant asked = Instant.now();
      RaftCluster.admin(leader, "cluster", "transfer-leadership", "--to", id(successor));
      Duration answered = Duration.between(asked, Instant.now());
      assertThat(awaitLeaderOtherThan(cluster, leader)).isSameAs(successor);
      System.out.printf(
          "transfer-leadership: %s to %s answered in %d ms, the new leader ready after %d ms%n",
          id(leader),
          id(successor),
          answered.toMillis(),
          Duration.between(asked, Instant.now()).toMillis());
      String table = TablesIT.randomName();
      try (DynamoDbClient client = successor.client()) {
        client.createTable(TablesIT.hashAndRange(table).build());
        client.putItem(
            put ->
                put.tableName(table)
                    .item(
                        Map.of(
                            "pk", AttributeValue.fromS("after-transfer"),
                            "sk", AttributeValue.fromN("1"))));
      }

      RaftCluster.admin(successor, "cluster", "transfer-leadership");
      ServerProcess next = awaitLeaderOtherThan(cluster, successor);
      assertThat(RaftCluster.clusterStatus(next).get("leader").asText()).isEqualTo(id(next));
    }
  }

  /**
   * The new leader once {@code previous} has handed over: the transfer may answer before the old
   * leader has logged that it stepped down.
   */
  private static ServerProcess awaitLeaderOtherThan(RaftCluster cluster, ServerProcess previous)
      throws Exception {
    Instant deadline = Instant.now().plus(LEADER_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      ServerProcess leader = cluster.awaitLeader(LEADER_TIMEOUT);
      if (leader != previous) {
        return leader;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        id(previous) + " still leads " + LEADER_TIMEOUT + " after the transfer");
  }

  private static String id(ServerProcess node) {
    return node.setting("STRATA_NODE_ID");
  }
}

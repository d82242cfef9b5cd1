package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.testing.RaftCluster;
import io.strata.service.testing.ServerProcess;
import io.strata.service.testing.Waiters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * A network partition between real processes: the Raft traffic of a 3-node cluster goes through
 * fault-injecting links ({@code FaultyLink}), and the leader is cut off from both others. The
 * isolated leader refuses writes with a retryable 503 and acknowledges none, the two others elect a
 * leader of their own and serve writes through either of them, and once the links heal the old
 * leader follows the new one and every node holds exactly the acknowledged items. Each step waits
 * for what it needs (acknowledgements, roles in {@code ./strata admin cluster status}), never for a
 * time.
 */
@Timeout(300)
class PartitionIT {
  private static final int WRITES_PER_PHASE = 10;
  private static final int MINORITY_WRITES = 2;

  @Test
  void anIsolatedLeaderRefusesWritesTheMajorityElectsAnotherAndTheOldLeaderRejoins()
      throws Exception {
    try (RaftCluster cluster = RaftCluster.startPartitionable(3, Map.of())) {
      cluster.awaitFirstTenant(Duration.ofSeconds(60));
      ServerProcess oldLeader = cluster.awaitLeader(Duration.ofSeconds(30));
      List<ServerProcess> majority =
          cluster.nodes().stream().filter(node -> node != oldLeader).toList();
      String table = TablesIT.randomName();
      Set<Long> acknowledged = new HashSet<>();
      List<DynamoDbClient> clients = new ArrayList<>();
      try (DynamoDbClient isolated = oldLeader.client()) {
        for (ServerProcess node : majority) {
          clients.add(node.client());
        }
        isolated.createTable(TablesIT.hashAndRange(table).build());
        Waiters.tableActive(clients.get(0), table);
        for (long sk = 0; sk < WRITES_PER_PHASE; sk++) {
          put(sk % 2 == 0 ? isolated : clients.get((int) sk % 2), table, sk);
          acknowledged.add(sk);
        }

        cluster.isolate(oldLeader);
        Instant isolatedAt = Instant.now();
        for (long sk = 1_000; sk < 1_000 + MINORITY_WRITES; sk++) {
          long refusedKey = sk;
          assertThatThrownBy(() -> put(isolated, table, refusedKey))
              .as("a write to the isolated leader")
              .isInstanceOfSatisfying(
                  DynamoDbException.class,
                  refused -> {
                    assertThat(refused.statusCode()).isEqualTo(503);
                    assertThat(refused.awsErrorDetails().errorCode())
                        .isEqualTo("ServiceUnavailableException");
                  });
        }
        String newLeaderId = awaitLeaderAmong(majority);
        assertThat(newLeaderId).isNotEqualTo(oldLeader.setting("STRATA_NODE_ID"));
        Duration election = Duration.between(isolatedAt, Instant.now());
        for (long sk = 100; sk < 100 + WRITES_PER_PHASE; sk++) {
          put(clients.get((int) sk % 2), table, sk);
          acknowledged.add(sk);
        }
        ServerProcess newLeader =
            majority.stream()
                .filter(node -> node.setting("STRATA_NODE_ID").equals(newLeaderId))
                .findFirst()
                .orElseThrow();
        long appliedOnNewLeader = status(newLeader).get("appliedIndex").asLong();

        cluster.heal();
        Instant healedAt = Instant.now();
        Waiters.until(
            "the old leader follows " + newLeaderId + " and applied index " + appliedOnNewLeader,
            () -> {
              JsonNode rejoined = status(oldLeader);
              return rejoined.get("role").asText().equals("follower")
                  && newLeaderId.equals(rejoined.path("leader").asText())
                  && rejoined.get("appliedIndex").asLong() >= appliedOnNewLeader;
            });
        System.out.printf(
            "partition: the majority had a new leader %d ms after the leader was isolated (%d"
                + " refused writes to it included); the old leader followed it %d ms after"
                + " healing%n",
            election.toMillis(),
            MINORITY_WRITES,
            Duration.between(healedAt, Instant.now()).toMillis());
        for (ServerProcess node : cluster.nodes()) {
          try (DynamoDbClient client = node.client()) {
            assertThat(itemsOf(client, table))
                .as("the items on %s", node.setting("STRATA_NODE_ID"))
                .containsExactlyInAnyOrderElementsOf(acknowledged);
          }
        }
      } finally {
        clients.forEach(DynamoDbClient::close);
      }
    }
  }

  private static void put(DynamoDbClient client, String table, long sk) {
    client.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS("partition"),
                        "sk", AttributeValue.fromN(Long.toString(sk)))));
  }

  /** Waits until a member of {@code majority} says it leads, and returns its id. */
  private static String awaitLeaderAmong(List<ServerProcess> majority) {
    String[] leader = new String[1];
    Waiters.until(
        "a leader among the majority",
        () -> {
          for (ServerProcess node : majority) {
            JsonNode status = status(node);
            if (status.get("role").asText().equals("leader")) {
              leader[0] = status.get("nodeId").asText();
              return true;
            }
          }
          return false;
        });
    return leader[0];
  }

  private static JsonNode status(ServerProcess node) {
    try {
      return RaftCluster.clusterStatus(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The sort keys of the table's items in this node's own store (an eventually consistent scan).
   */
  private static Set<Long> itemsOf(DynamoDbClient client, String table) {
    Set<Long> keys = new HashSet<>();
    client
        .scanPaginator(ScanRequest.builder().tableName(table).consistentRead(false).build())
        .items()
        .forEach(item -> keys.add(Long.parseLong(item.get("sk").n())));
    return keys;
  }
}

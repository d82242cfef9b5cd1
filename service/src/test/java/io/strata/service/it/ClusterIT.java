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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * A 3-process cluster whose Raft traffic goes through fault-injecting links ({@code FaultyLink}).
 *
 * <p><b>Capacity.</b> A tenant reading a provisioned table through all three nodes at once is
 * throttled near the table's read capacity, not at three times it: each member admits its share.
 *
 * <p><b>Partition.</b> The leader is cut off from both others. The isolated leader refuses writes
 * with a retryable 503 and acknowledges none, the two others elect a leader of their own and serve
 * writes through either of them, and once the links heal the old leader follows the new one and
 * every node holds exactly the acknowledged items. Each step waits for what it needs
 * (acknowledgements, roles in {@code ./strata admin cluster status}), never for a time.
 *
 * <p><b>Leadership transfer.</b> {@code ./strata admin cluster transfer-leadership}: with {@code
 * --to} the leader hands over to the named member, without it a node gives the leadership away if
 * it holds it (what the Helm chart's preStop hook runs on every pod before it stops) and does
 * nothing otherwise, and writes go on through the new leader.
 */
@Timeout(420)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);
  private static final int WRITES_PER_PHASE = 10;
  private static final int MINORITY_WRITES = 2;
  private static final int READ_CAPACITY_UNITS = 20;
  private static final int READERS_PER_NODE = 2;
  private static final long ADMITTED_HALF_UNITS = 300;

  private static RaftCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = RaftCluster.startPartitionable(3, Map.of());
    cluster.awaitFirstTenant(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aTenantReadingThroughEveryNodeIsThrottledNearItsReadCapacity() throws Exception {
    String table = TablesIT.randomName();
    List<DynamoDbClient> clients = new ArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(3 * READERS_PER_NODE);
    try {
      for (ServerProcess node : cluster.nodes()) {
        clients.add(node.client());
      }
      Instant created = Instant.now();
      clients
          .get(0)
          .createTable(
              TablesIT.hashAndRange(table)
                  .billingMode(BillingMode.PROVISIONED)
                  .provisionedThroughput(
                      b -> b.readCapacityUnits((long) READ_CAPACITY_UNITS).writeCapacityUnits(5L))
                  .build());
      put(clients.get(1), table, 1);
      for (DynamoDbClient client : clients) {
        Waiters.tableActive(client, table);
      }
      AtomicLong admittedHalfUnits = new AtomicLong();
      AtomicLongArray throttled = new AtomicLongArray(clients.size());
      CountDownLatch enough = new CountDownLatch(1);
      Instant loadStarted = Instant.now();
      for (int reader = 0; reader < 3 * READERS_PER_NODE; reader++) {
        int node = reader % clients.size();
        readers.submit(
            () -> {
              while (enough.getCount() > 0) {
                try {
                  double units =
                      clients
                          .get(node)
                          .getItem(
                              b ->
                                  b.tableName(table)
                                      .key(key(1))
                                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                          .consumedCapacity()
                          .capacityUnits();
                  if (admittedHalfUnits.addAndGet(Math.round(units * 2)) >= ADMITTED_HALF_UNITS) {
                    enough.countDown();
                  }
                } catch (ProvisionedThroughputExceededException e) {
                  throttled.incrementAndGet(node);
                }
              }
            });
      }
      assertThat(enough.await(120, TimeUnit.SECONDS)).as("reads admitted").isTrue();
      Instant loadEnded = Instant.now();
      // Every bucket began with one second of its share when the table was created, and refilled
      // since: all members together may admit the table's rate over that time, no more.
      double secondsSinceCreated = Duration.between(created, loadEnded).toMillis() / 1000.0;
      double secondsOfLoad = Duration.between(loadStarted, loadEnded).toMillis() / 1000.0;
      double limitHalfUnits = 2.0 * READ_CAPACITY_UNITS * (secondsSinceCreated + 1);
      System.out.printf(
          "capacity: %d half-units admitted through 3 nodes in %.1f s of load (%.1f s since the"
              + " table was created; at most %.0f at its %d RCU), throttled %s times per node%n",
          admittedHalfUnits.get(),
          secondsOfLoad,
          secondsSinceCreated,
          limitHalfUnits,
          READ_CAPACITY_UNITS,
          throttled);
      assertThat((double) admittedHalfUnits.get())
          .as("read half-units admitted by all nodes together")
          .isLessThanOrEqualTo(limitHalfUnits * 1.1);
      for (int node = 0; node < clients.size(); node++) {
        assertThat(throttled.get(node)).as("reads throttled on node %d", node + 1).isPositive();
      }
    } finally {
      readers.shutdownNow();
      assertThat(readers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      clients.forEach(DynamoDbClient::close);
    }
  }

  @Test
  @Order(2)
  void anIsolatedLeaderRefusesWritesTheMajorityElectsAnotherAndTheOldLeaderRejoins()
      throws Exception {
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

  @Test
  @Order(3)
  void transferLeadershipMovesItToTheNamedMemberOrAwayFromTheNodeThatHoldsIt() throws Exception {
    ServerProcess leader = cluster.awaitLeader(LEADER_TIMEOUT);
    List<ServerProcess> followers =
        cluster.nodes().stream().filter(node -> node != leader).toList();
    ServerProcess successor = followers.get(0);
    ServerProcess bystander = followers.get(1);

    RaftCluster.admin(bystander, "cluster", "transfer-leadership");
    assertThat(status(leader).get("role").asText())
        .as("a follower has no leadership to give away")
        .isEqualTo("leader");

    RaftCluster.AdminRun refused =
        RaftCluster.runAdmin(bystander, "cluster", "transfer-leadership", "--to", id(successor));
    assertThat(refused.exitStatus()).isEqualTo(1);
    assertThat(refused.out())
        .contains("LeadershipNotMoved")
        .contains("the leader is " + id(leader));

    Instant asked = Instant.now();
    RaftCluster.admin(leader, "cluster", "transfer-leadership", "--to", id(successor));
    Duration answered = Duration.between(asked, Instant.now());
    assertThat(awaitLeaderOtherThan(leader)).isSameAs(successor);
    System.out.printf(
        "transfer-leadership: %s to %s answered in %d ms, the new leader ready after %d ms%n",
        id(leader),
        id(successor),
        answered.toMillis(),
        Duration.between(asked, Instant.now()).toMillis());
    String table = TablesIT.randomName();
    try (DynamoDbClient client = successor.client()) {
      client.createTable(TablesIT.hashAndRange(table).build());
      put(client, table, 1);
    }

    RaftCluster.admin(successor, "cluster", "transfer-leadership");
    ServerProcess next = awaitLeaderOtherThan(successor);
    assertThat(status(next).get("leader").asText()).isEqualTo(id(next));
  }

  /**
   * The new leader once {@code previous} has handed over: the transfer may answer before the old
   * leader has logged that it stepped down.
   */
  private static ServerProcess awaitLeaderOtherThan(ServerProcess previous) throws Exception {
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

  private static void put(DynamoDbClient client, String table, long sk) {
    client.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS("partition"),
                        "sk", AttributeValue.fromN(Long.toString(sk)))));
  }

  private static Map<String, AttributeValue> key(long sk) {
    return Map.of(
        "pk", AttributeValue.fromS("partition"), "sk", AttributeValue.fromN(Long.toString(sk)));
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

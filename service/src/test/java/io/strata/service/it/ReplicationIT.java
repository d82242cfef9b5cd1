package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.testing.Linearizability;
import io.strata.service.testing.Linearizability.Kind;
import io.strata.service.testing.RaftCluster;
import io.strata.service.testing.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A cluster of three real processes under a load of puts, two-item transactions, counter updates
 * and single-key register operations sent to random nodes (followers forward writes to the leader:
 * outside elections no write is refused with a 503 that names a leader), while members are killed
 * with SIGKILL and restarted: the leader, then a follower, then the new leader; then a follower is
 * wiped and started empty. Each kill comes after a number of acknowledged writes, never after a
 * delay. Members snapshot their stores every 100 entries, so restarts begin from a snapshot. At the
 * end, and again after the whole cluster was killed and restarted, every acknowledged write is on
 * every node, no transaction is half there and counters lie within [acknowledged, attempted];
 * {@code ./strata admin cluster status} and the metrics name the leader; and the register's history
 * (strongly consistent reads, writes and conditional writes through any node) is linearizable; and
 * on every node the global secondary index and the stream agree with the items, and with the other
 * nodes'. A fourth node added with {@code ./strata admin cluster add-node} catches up and serves
 * the same data, and is removed again.
 */
@Timeout(600)
class ReplicationIT {
  private static final int WRITERS = 4;
  private static final int BATCH_GET_KEYS = 100;
  private static final int REGISTER_CLIENTS = 3;
  private static final int WRITES_PER_PHASE = 60;
  private static final int MOST_REGISTER_OPERATIONS = 400;
  private static final Duration FAILOVER_BOUND = Duration.ofSeconds(30);

  /** Snapshots every 100 entries, so that restarts begin from a snapshot. */
  private static final Map<String, String> FREQUENT_SNAPSHOTS =
      Map.of("STRATA_RAFT_SNAPSHOT_ENTRIES", "100");

  private final Map<Long, Long> acknowledgedPuts = new ConcurrentHashMap<>();
  private final Set<Long> acknowledgedTransactions = ConcurrentHashMap.newKeySet();
  private final AtomicLongArray counterAttempts = new AtomicLongArray(WRITERS);
  private final AtomicLongArray counterAcknowledged = new AtomicLongArray(WRITERS);
  private final AtomicLong nextId = new AtomicLong();
  private final AtomicLong acknowledgedWrites = new AtomicLong();
  private final AtomicLong nextRegisterValue = new AtomicLong();
  private final Linearizability.History register = new Linearizability.History();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicReference<CountDownLatch> target = new AtomicReference<>();
  private final AtomicLong targetCount = new AtomicLong(Long.MAX_VALUE);

  /** Writes a node refused although it knew a leader, when they were sent (System.nanoTime). */
  private final Map<Long, String> refusedNamingALeader = new ConcurrentHashMap<>();

  /** From each kill of a leader until the next write was acknowledged: the elections. */
  private final List<long[]> elections = new CopyOnWriteArrayList<>();

  /** A follower's old answer to a write, which forwarding replaces. */
  private static final Pattern NAMES_A_LEADER = Pattern.compile("the leader is n\\d");

  private static Map<String, AttributeValue> key(String pk, long sk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Long.toString(sk)));
  }

  @Test
  void acknowledgedWritesSurviveKillsOfLeadersAndFollowers() throws Exception {
    try (RaftCluster cluster = RaftCluster.start(3, FREQUENT_SNAPSHOTS)) {
      cluster.awaitFirstTenant(Duration.ofSeconds(60));
      List<ServerProcess> nodes = cluster.nodes();
      List<DynamoDbClient> clients = new ArrayList<>();
      for (ServerProcess node : nodes) {
        clients.add(node.client());
      }
      String table = TablesIT.randomName();
      retry(clients, client -> client.createTable(ReplicaAgreement.table(table)));

      ExecutorService pool = Executors.newFixedThreadPool(WRITERS + REGISTER_CLIENTS);
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        pool.submit(() -> write(clients, table, writer));
      }
      for (int r = 0; r < REGISTER_CLIENTS; r++) {
        pool.submit(() -> operateRegister(clients, table));
      }
      try {
        awaitAcknowledged(WRITES_PER_PHASE);
        ServerProcess leader = cluster.awaitLeader(Duration.ofSeconds(30));
        Duration failover = killAndMeasure(leader);
        System.out.printf(
            "replication: writes resumed %d ms after the leader %s was killed%n",
            failover.toMillis(), leader.setting("STRATA_NODE_ID"));
        assertThat(failover).isLessThan(FAILOVER_BOUND);
        awaitAcknowledged(WRITES_PER_PHASE);
        leader.restart();

        awaitAcknowledged(WRITES_PER_PHASE);
        ServerProcess newLeader = cluster.awaitLeader(Duration.ofSeconds(30));
        ServerProcess follower =
            nodes.stream().filter(node -> node != newLeader).findFirst().orElseThrow();
        follower.kill();
        awaitAcknowledged(WRITES_PER_PHASE);
        follower.restart();

        awaitAcknowledged(WRITES_PER_PHASE);
        ServerProcess thirdLeader = cluster.awaitLeader(Duration.ofSeconds(30));
        failover = killAndMeasure(thirdLeader);
        System.out.printf(
            "replication: writes resumed %d ms after the leader %s was killed%n",
            failover.toMillis(), thirdLeader.setting("STRATA_NODE_ID"));
        assertThat(failover).isLessThan(FAILOVER_BOUND);
        awaitAcknowledged(WRITES_PER_PHASE);
        thirdLeader.restart();
        awaitAcknowledged(WRITES_PER_PHASE);

        ServerProcess leaderNow = cluster.awaitLeader(Duration.ofSeconds(30));
        ServerProcess wiped =
            nodes.stream().filter(node -> node != leaderNow).findFirst().orElseThrow();
        RaftCluster.killAndWipe(wiped);
        awaitAcknowledged(WRITES_PER_PHASE);
        wiped.restart("--initialize");
        cluster.awaitFirstTenant(Duration.ofSeconds(60));
        awaitAcknowledged(WRITES_PER_PHASE);
      } finally {
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      }

      assertThat(refusedNamingALeader.entrySet())
          .as("writes a node refused outside elections although it knew the leader")
          .allSatisfy(
              refusal ->
                  assertThat(elections)
                      .as("%s", refusal.getValue())
                      .anySatisfy(
                          election ->
                              assertThat(refusal.getKey()).isBetween(election[0], election[1])));
      for (ServerProcess node : nodes) {
        try (DynamoDbClient client = node.client()) {
          verify(client, table, node.setting("STRATA_NODE_ID"));
        }
      }
      assertReplicasAgree(nodes, table);
      for (DynamoDbClient client : clients) {
        client.close();
      }

      // The whole cluster dies at once and comes back.
      for (ServerProcess node : nodes) {
        node.kill();
      }
      for (ServerProcess node : nodes) {
        node.restart();
      }
      cluster.awaitLeader(Duration.ofSeconds(60));
      for (ServerProcess node : nodes) {
        try (DynamoDbClient client = node.client()) {
          verify(client, table, node.setting("STRATA_NODE_ID") + " after the cluster restarted");
        }
      }
      assertReplicasAgree(nodes, table);
      ServerProcess leader = cluster.awaitLeader(Duration.ofSeconds(30));
      List<ServerProcess> members = List.copyOf(nodes);
      ServerProcess joiner = cluster.startNewNode();
      RaftCluster.admin(
          leader,
          "cluster",
          "add-node",
          joiner.setting("STRATA_NODE_ID"),
          RaftCluster.memberAddress(joiner));
      cluster.awaitFirstTenant(Duration.ofSeconds(60));
      try (DynamoDbClient client = joiner.client()) {
        verify(client, table, joiner.setting("STRATA_NODE_ID") + ", added to the group");
      }
      assertThat(RaftCluster.clusterStatus(leader).get("members")).hasSize(4);
      RaftCluster.admin(leader, "cluster", "remove-node", joiner.setting("STRATA_NODE_ID"));
      joiner.kill();
      JsonNode status = RaftCluster.clusterStatus(leader);
      assertThat(status.get("role").asText()).isEqualTo("leader");
      assertThat(status.get("leader").asText()).isEqualTo(leader.setting("STRATA_NODE_ID"));
      assertThat(status.get("members")).hasSize(3);
      assertThat(metrics(leader))
          .containsPattern("(?m)^ddb_raft_role\\{[^}]*role=\"leader\"[^}]*\\} 1(\\.0)?$");
      for (ServerProcess node : members) {
        assertThat(RaftCluster.snapshots(node))
            .as("snapshots of %s", node.setting("STRATA_NODE_ID"))
            .isNotEmpty();
      }
      List<Linearizability.Operation> history = register.operations();
      System.out.printf(
          "replication: %d acknowledged puts, %d transactions and %d register operations checked"
              + " on 3 nodes%n",
          acknowledgedPuts.size(), acknowledgedTransactions.size(), history.size());
      assertThat(history.stream().filter(operation -> operation.kind() == Kind.READ).count())
          .as("strongly consistent reads in the register's history")
          .isPositive();
      assertThat(Linearizability.isLinearizable(history))
          .as("the register's history is linearizable: %s", history)
          .isTrue();
    }
  }

  private static String metrics(ServerProcess node) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + node.setting("STRATA_METRICS_PORT") + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * On every replica the index and the stream agree with the items ({@link ReplicaAgreement}), and
   * every replica holds the same items and the same stream records.
   */
  private static void assertReplicasAgree(List<ServerProcess> nodes, String table) {
    ReplicaAgreement first = ReplicaAgreement.on(nodes.get(0), table);
    for (ServerProcess node : nodes.subList(1, nodes.size())) {
      ReplicaAgreement other = ReplicaAgreement.on(node, table);
      assertThat(other.items())
          .as("the items on %s and on n1", node.setting("STRATA_NODE_ID"))
          .isEqualTo(first.items());
      assertThat(other.streamRecords())
          .as("the stream records on %s and on n1", node.setting("STRATA_NODE_ID"))
          .isEqualTo(first.streamRecords());
    }
  }

  /** Blocks until {@code count} more writes have been acknowledged. */
  private void awaitAcknowledged(long count) throws InterruptedException {
    CountDownLatch reached = new CountDownLatch(1);
    target.set(reached);
    targetCount.set(acknowledgedWrites.get() + count);
    if (acknowledgedWrites.get() >= targetCount.get()) {
      reached.countDown();
    }
    assertThat(reached.await(120, TimeUnit.SECONDS))
        .as("%d more writes acknowledged", count)
        .isTrue();
  }

  /** Kills {@code node} and returns how long it took until the next write was acknowledged. */
  private Duration killAndMeasure(ServerProcess node) throws Exception {
    long killedNanos = System.nanoTime();
    node.kill();
    Instant killed = Instant.now();
    awaitAcknowledged(1);
    elections.add(new long[] {killedNanos, System.nanoTime()});
    return Duration.between(killed, Instant.now());
  }

  private void acknowledged() {
    if (acknowledgedWrites.incrementAndGet() >= targetCount.get()) {
      CountDownLatch reached = target.get();
      if (reached != null) {
        reached.countDown();
      }
    }
  }

  private static DynamoDbClient anyOf(List<DynamoDbClient> clients) {
    return clients.get(ThreadLocalRandom.current().nextInt(clients.size()));
  }

  private static void retry(
      List<DynamoDbClient> clients, java.util.function.Consumer<DynamoDbClient> request)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (true) {
      try {
        request.accept(anyOf(clients));
        return;
      } catch (RuntimeException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private void write(List<DynamoDbClient> clients, String table, int writer) {
    while (running.get()) {
      long id = nextId.incrementAndGet();
      DynamoDbClient client = anyOf(clients);
      long sentNanos = System.nanoTime();
      try {
        if (id % 3 == 0) {
          client.putItem(
              b ->
                  b.tableName(table)
                      .item(
                          Map.of(
                              "pk", AttributeValue.fromS("put"),
                              "sk", AttributeValue.fromN(Long.toString(id)),
                              "v", AttributeValue.fromN(Long.toString(id * 7)),
                              "g", ReplicaAgreement.group(id))));
          acknowledgedPuts.put(id, id * 7);
        } else if (id % 3 == 1) {
          client.transactWriteItems(
              b ->
                  b.transactItems(
                      transactionPut(table, 2 * id), transactionPut(table, 2 * id + 1)));
          acknowledgedTransactions.add(id);
        } else {
          counterAttempts.incrementAndGet(writer);
          client.updateItem(
              b ->
                  b.tableName(table)
                      .key(key("counter", writer))
                      .updateExpression("ADD n :one")
                      .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
          counterAcknowledged.incrementAndGet(writer);
        }
        acknowledged();
      } catch (DynamoDbException refused) {
        if (refused.statusCode() == 503 && NAMES_A_LEADER.matcher(refused.getMessage()).find()) {
          refusedNamingALeader.put(sentNanos, refused.getMessage());
        }
        backOff();
      } catch (RuntimeException refusedOrKilled) {
        // Not acknowledged: a follower's refusal, a node that is down, a batch given up. The
        // client backs off before its next request, as the SDKs' retry policies do.
        backOff();
      }
    }
  }

  /**
   * Reads, writes and conditionally writes one item through random nodes, recording each
   * operation's invocation and return. An operation refused before it could take effect (a 4xx
   * other than a failed condition) is left out; one whose outcome is unknown (a 5xx, a connection
   * lost) is recorded as possibly taking effect at any later time.
   */
  private void operateRegister(List<DynamoDbClient> clients, String table) {
    long lastSeen = 0;
    while (running.get() && register.size() < MOST_REGISTER_OPERATIONS) {
      DynamoDbClient client = anyOf(clients);
      int choice = ThreadLocalRandom.current().nextInt(3);
      long value = nextRegisterValue.incrementAndGet();
      long expected = lastSeen;
      Kind kind = choice == 0 ? Kind.READ : choice == 1 ? Kind.WRITE : Kind.COMPARE_AND_SET;
      long invoked = System.nanoTime();
      try {
        switch (kind) {
          case READ -> {
            GetItemResponse read =
                client.getItem(
                    b -> b.tableName(table).key(key("register", 0)).consistentRead(true));
            long found = read.hasItem() ? Long.parseLong(read.item().get("v").n()) : 0;
            lastSeen = found;
            register.add(
                new Linearizability.Operation(kind, 0, 0, found, true, invoked, System.nanoTime()));
          }
          case WRITE -> {
            client.putItem(b -> b.tableName(table).item(registerItem(value)));
            register.add(
                new Linearizability.Operation(kind, 0, value, 0, true, invoked, System.nanoTime()));
          }
          case COMPARE_AND_SET -> {
            boolean succeeded;
            try {
              client.putItem(
                  b ->
                      b.tableName(table)
                          .item(registerItem(value))
                          .conditionExpression(expected == 0 ? "attribute_not_exists(v)" : "v = :e")
                          .expressionAttributeValues(
                              expected == 0
                                  ? null
                                  : Map.of(":e", AttributeValue.fromN(Long.toString(expected)))));
              succeeded = true;
            } catch (ConditionalCheckFailedException e) {
              succeeded = false;
            }
            register.add(
                new Linearizability.Operation(
                    kind, expected, value, 0, succeeded, invoked, System.nanoTime()));
          }
        }
      } catch (DynamoDbException e) {
        backOff();
        if (e.statusCode() >= 500 && kind != Kind.READ) {
          register.add(
              new Linearizability.Operation(
                  kind, expected, value, 0, false, invoked, Long.MAX_VALUE));
        }
      } catch (RuntimeException connectionLost) {
        backOff();
        if (kind != Kind.READ) {
          register.add(
              new Linearizability.Operation(
                  kind, expected, value, 0, false, invoked, Long.MAX_VALUE));
        }
      }
    }
  }

  private static TransactWriteItem transactionPut(String table, long sk) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(table).item(key("tx", sk)).build())
        .build();
  }

  private static void backOff() {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(25));
  }

  private static Map<String, AttributeValue> registerItem(long value) {
    return Map.of(
        "pk", AttributeValue.fromS("register"),
        "sk", AttributeValue.fromN("0"),
        "v", AttributeValue.fromN(Long.toString(value)));
  }

  /**
   * Waits until the node serves strongly consistent reads. A member that has just been restarted
   * (or is still applying a long log on a busy machine) answers them with a retryable 503 until it
   * can confirm the group's commit index, and a client retries those.
   */
  private static void awaitCaughtUp(DynamoDbClient client, String table)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    while (true) {
      try {
        client.getItem(b -> b.tableName(table).key(key("register", 0)).consistentRead(true));
        return;
      } catch (DynamoDbException e) {
        if (e.statusCode() != 503 || Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** Every acknowledged write is on this node, and counters count no more than was attempted. */
  private void verify(DynamoDbClient client, String table, String nodeId)
      throws InterruptedException {
    awaitCaughtUp(client, table);
    List<Long> ids = new ArrayList<>(acknowledgedPuts.keySet());
    Map<Long, Long> found = new HashMap<>();
    for (int from = 0; from < ids.size(); from += BATCH_GET_KEYS) {
      List<Map<String, AttributeValue>> keys =
          ids.subList(from, Math.min(ids.size(), from + BATCH_GET_KEYS)).stream()
              .map(id -> key("put", id))
              .toList();
      Map<String, KeysAndAttributes> unread =
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      while (!unread.isEmpty()) {
        Map<String, KeysAndAttributes> request = unread;
        BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(request));
        for (Map<String, AttributeValue> item :
            response.responses().getOrDefault(table, List.of())) {
          found.put(Long.parseLong(item.get("sk").n()), Long.parseLong(item.get("v").n()));
        }
        unread = response.unprocessedKeys();
      }
    }
    assertThat(found).as("acknowledged puts on %s", nodeId).containsAllEntriesOf(acknowledgedPuts);
    Set<Long> transactionItems = new HashSet<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page =
          client.query(
              b ->
                  b.tableName(table)
                      .consistentRead(true)
                      .keyConditionExpression("pk = :tx")
                      .expressionAttributeValues(Map.of(":tx", AttributeValue.fromS("tx")))
                      .exclusiveStartKey(from));
      page.items().forEach(item -> transactionItems.add(Long.parseLong(item.get("sk").n())));
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    for (long id : acknowledgedTransactions) {
      assertThat(transactionItems)
          .as("acknowledged transaction %d on %s", id, nodeId)
          .contains(2 * id, 2 * id + 1);
    }
    for (long sk : transactionItems) {
      assertThat(transactionItems)
          .as("the other half of transaction item %d on %s", sk, nodeId)
          .contains(sk ^ 1);
    }
    for (int writer = 0; writer < WRITERS; writer++) {
      int counter = writer;
      GetItemResponse read =
          client.getItem(b -> b.tableName(table).key(key("counter", counter)).consistentRead(true));
      long count = read.hasItem() ? Long.parseLong(read.item().get("n").n()) : 0;
      assertThat(count)
          .as("counter %d on %s", writer, nodeId)
          .isBetween(counterAcknowledged.get(writer), counterAttempts.get(writer));
    }
  }
}

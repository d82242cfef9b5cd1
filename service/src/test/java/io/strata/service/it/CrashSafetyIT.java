package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.ServerProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * SIGKILL at random moments under a write load of puts, counter updates and transactions; after
 * every restart each acknowledged write is there, no transaction is half applied, counters count no
 * more than was attempted, and the table's item count agrees with its items.
 *
 * <p>The moment of each kill is a random number of acknowledged writes into the round, not a delay:
 * on a loaded machine a delay may pass before the load got anywhere, and the kill would then test
 * little; a count lands mid-load however fast the machine is.
 */
@Timeout(300)
class CrashSafetyIT {
  private static final int KILLS = 6;
  private static final int WRITERS = 4;
  private static final int LEAST_WRITES_PER_ROUND = 30;
  private static final int MOST_WRITES_PER_ROUND = 150;

  private final Map<Long, Long> acknowledgedPuts = new ConcurrentHashMap<>();
  private final Set<Long> acknowledgedTransactions = ConcurrentHashMap.newKeySet();
  private final AtomicLongArray counterAttempts = new AtomicLongArray(WRITERS);
  private final AtomicLongArray counterAcknowledged = new AtomicLongArray(WRITERS);
  private final AtomicLong nextId = new AtomicLong();
  private final AtomicLong acknowledgedWrites = new AtomicLong();

  private static Map<String, AttributeValue> key(String pk, long sk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Long.toString(sk)));
  }

  @Test
  void acknowledgedWritesSurviveRepeatedKills() throws Exception {
    try (ServerProcess server = ServerProcess.start(Map.of())) {
      String table = TablesIT.randomName();
      try (DynamoDbClient client = server.client()) {
        client.createTable(
            TablesIT.hashAndRange(table)
                .attributeDefinitions(
                    AttributeDefinition.builder().attributeName("pk").attributeType("S").build(),
                    AttributeDefinition.builder().attributeName("sk").attributeType("N").build(),
                    AttributeDefinition.builder().attributeName("v").attributeType("N").build())
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName("byValue")
                        .keySchema(
                            KeySchemaElement.builder()
                                .attributeName("v")
                                .keyType(KeyType.HASH)
                                .build())
                        .projection(
                            Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .build())
                .streamSpecification(
                    StreamSpecification.builder()
                        .streamEnabled(true)
                        .streamViewType(StreamViewType.KEYS_ONLY)
                        .build())
                .build());
      }
      for (int kill = 0; kill < KILLS; kill++) {
        runLoadThenKill(server, table);
        server.restart();
        verify(server, table);
      }
      long acknowledged =
          acknowledgedPuts.size() + 2L * acknowledgedTransactions.size() + totalCounterUpdates();
      System.out.printf(
          "crash safety: %d kills survived, %d acknowledged writes verified%n",
          KILLS, acknowledged);
      assertThat(acknowledgedTransactions).as("transactions were among the writes").isNotEmpty();
    }
  }

  private long totalCounterUpdates() {
    long total = 0;
    for (int i = 0; i < WRITERS; i++) {
      total += counterAcknowledged.get(i);
    }
    return total;
  }

  /**
   * Writers hammer the server until it is killed, once a random number of writes of this round were
   * acknowledged.
   */
  private void runLoadThenKill(ServerProcess server, String table) throws Exception {
    long killAt =
        acknowledgedWrites.get()
            + ThreadLocalRandom.current()
                .nextLong(LEAST_WRITES_PER_ROUND, MOST_WRITES_PER_ROUND + 1);
    CountDownLatch reached = new CountDownLatch(1);
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try (DynamoDbClient client = server.client()) {
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        pool.submit(() -> write(client, table, writer, running, killAt, reached));
      }
      assertThat(reached.await(120, TimeUnit.SECONDS))
          .as("%d writes acknowledged before the kill", killAt)
          .isTrue();
      server.kill();
      running.set(false);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  private void write(
      DynamoDbClient client,
      String table,
      int writer,
      AtomicBoolean running,
      long killAt,
      CountDownLatch reached) {
    while (running.get()) {
      long id = nextId.incrementAndGet();
      try {
        switch ((int) (id % 3)) {
          case 0 -> {
            client.putItem(
                b ->
                    b.tableName(table)
                        .item(
                            Map.of(
                                "pk", AttributeValue.fromS("put"),
                                "sk", AttributeValue.fromN(Long.toString(id)),
                                "v", AttributeValue.fromN(Long.toString(id * 7)))));
            acknowledgedPuts.put(id, id * 7);
          }
          case 1 -> {
            counterAttempts.incrementAndGet(writer);
            client.updateItem(
                b ->
                    b.tableName(table)
                        .key(key("counter", writer))
                        .updateExpression("ADD n :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            counterAcknowledged.incrementAndGet(writer);
          }
          default -> {
            client.transactWriteItems(
                b ->
                    b.transactItems(
                        transactionPut(table, 2 * id), transactionPut(table, 2 * id + 1)));
            acknowledgedTransactions.add(id);
          }
        }
      } catch (RuntimeException killed) {
        return;
      }
      if (acknowledgedWrites.incrementAndGet() >= killAt) {
        reached.countDown();
      }
    }
  }

  private static TransactWriteItem transactionPut(String table, long sk) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(table).item(key("tx", sk)).build())
        .build();
  }

  private void verify(ServerProcess server, String table) {
    try (DynamoDbClient client = server.client()) {
      Map<Long, Long> puts = new ConcurrentHashMap<>();
      Set<Long> transactionItems = ConcurrentHashMap.newKeySet();
      Map<Long, Long> counters = new ConcurrentHashMap<>();
      List<Map<String, AttributeValue>> all = new ArrayList<>();
      client
          .scanPaginator(b -> b.tableName(table).consistentRead(true))
          .items()
          .forEach(
              item -> {
                all.add(item);
                long sk = Long.parseLong(item.get("sk").n());
                switch (item.get("pk").s()) {
                  case "put" -> puts.put(sk, Long.parseLong(item.get("v").n()));
                  case "tx" -> transactionItems.add(sk);
                  default -> counters.put(sk, Long.parseLong(item.get("n").n()));
                }
              });
      acknowledgedPuts.forEach(
          (id, value) -> assertThat(puts.get(id)).as("acknowledged put %d", id).isEqualTo(value));
      for (long id : acknowledgedTransactions) {
        assertThat(transactionItems)
            .as("acknowledged transaction %d", id)
            .contains(2 * id, 2 * id + 1);
      }
      for (long sk : transactionItems) {
        assertThat(transactionItems)
            .as("the other half of transaction %d", sk / 2)
            .contains(sk ^ 1);
      }
      for (int w = 0; w < WRITERS; w++) {
        long value = counters.getOrDefault((long) w, 0L);
        assertThat(value)
            .as("counter %d", w)
            .isBetween(counterAcknowledged.get(w), counterAttempts.get(w));
      }
      assertThat(client.describeTable(b -> b.tableName(table)).table().itemCount())
          .as("the table's item count agrees with its items")
          .isEqualTo((long) all.size());
      long indexed =
          client.scanPaginator(b -> b.tableName(table).indexName("byValue")).items().stream()
              .count();
      assertThat(indexed)
          .as("the index holds exactly the items with a value")
          .isEqualTo(puts.size());
      verifyStream(server, table, all);
    }
  }

  /** Every item has exactly the stream records its writes made: none lost, none duplicated. */
  private static void verifyStream(
      ServerProcess server, String table, List<Map<String, AttributeValue>> items) {
    Map<String, Integer> inserts = new HashMap<>();
    try (DynamoDbClient client = server.client();
        DynamoDbStreamsClient streams = server.streamsClient()) {
      String arn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
      for (Shard shard :
          streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
        String iterator =
            streams
                .getShardIterator(
                    b ->
                        b.streamArn(arn)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        while (iterator != null) {
          String from = iterator;
          GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(from).limit(1000));
          for (Record record : page.records()) {
            if (record.eventName() == OperationType.INSERT) {
              Map<String, AttributeValue> keys = record.dynamodb().keys();
              inserts.merge(keys.get("pk").s() + "/" + keys.get("sk").n(), 1, Integer::sum);
            }
          }
          iterator = page.records().isEmpty() ? null : page.nextShardIterator();
        }
      }
    }
    for (Map<String, AttributeValue> item : items) {
      String key = item.get("pk").s() + "/" + item.get("sk").n();
      assertThat(inserts.get(key)).as("INSERT records of %s", key).isEqualTo(1);
    }
  }
}

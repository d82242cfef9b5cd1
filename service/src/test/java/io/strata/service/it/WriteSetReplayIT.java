package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteSetApplier;
import io.strata.service.storage.WriteSetCodec;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.BearerTokens;
import io.strata.service.testing.Clients;
import io.strata.service.testing.StrataTestServer;
import io.strata.service.testing.Waiters;
import io.strata.service.writer.Replicator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Writes are data: a server's write sets, recorded as they go to its log and applied to an empty
 * store, rebuild that server's store exactly, and a server started on the rebuilt store answers
 * every read as the original does. The workload touches every kind of state the writer commits:
 * items with global and local indexes, streams, TTL expiry, transactions with tokens, tables
 * created, changed (a GSI backfilled online) and deleted, backups and restores, tenants, access
 * keys, JWT issuers, data-key rotation and tenant deletion.
 */
@Timeout(300)
class WriteSetReplayIT {
  private static final String AUDIENCE = "strata";

  /** A single node's log that also keeps every write set it was handed, encoded. */
  private static final class RecordingLog implements Replicator {
    private final Map<LogPosition, byte[]> entries = new LinkedHashMap<>();
    private LogPosition last = LogPosition.START;

    RecordingLog startingAfter(LogPosition applied) {
      last = applied;
      return this;
    }

    @Override
    public synchronized LogPosition replicate(WriteSet writes) {
      last = last.next();
      entries.put(last, WriteSetCodec.encode(writes));
      return last;
    }
  }

  /** What the workload leaves for the read comparison. */
  private record Workload(Credentials second, Credentials deleted) {}

  @Test
  void replayedWriteSetsRebuildTheStoreByteForByteAndItAnswersTheSame() throws Exception {
    Path original = Files.createTempDirectory("strata-replay-original");
    RecordingLog log = new RecordingLog();
    StrataTestServer recorded =
        StrataTestServer.start(
            Map.of("STRATA_DATA_DIR", original.toString()), Clock.systemUTC(), log::startingAfter);
    Workload workload;
    BearerTokens issuer = new BearerTokens("https://login.example.com/replay");
    try {
      workload = run(recorded, issuer);
    } finally {
      recorded.closeQuietly();
    }

    Path replayed = Files.createTempDirectory("strata-replay-copy");
    try (LmdbStore copy = LmdbStore.open(replayed.resolve("lmdb"), 4L << 30, 16)) {
      for (Map.Entry<LogPosition, byte[]> entry : log.entries.entrySet()) {
        assertThat(
                WriteSetApplier.apply(copy, entry.getKey(), WriteSetCodec.decode(entry.getValue())))
            .isTrue();
      }
      try (LmdbStore source = LmdbStore.open(original.resolve("lmdb"), 4L << 30, 16)) {
        Map<Db, List<String>> expected = contents(source);
        assertThat(expected.get(Db.ITEMS)).isNotEmpty();
        assertThat(expected.get(Db.INDEXES)).isNotEmpty();
        assertThat(expected.get(Db.STREAMS)).isNotEmpty();
        for (Db db : Db.values()) {
          assertThat(contents(copy).get(db)).as(db.name()).isEqualTo(expected.get(db));
        }
      }
    }

    for (String file : List.of("master.key", "first-tenant.json")) {
      Files.copy(original.resolve(file), replayed.resolve(file));
    }
    StrataTestServer before =
        StrataTestServer.start(Map.of("STRATA_DATA_DIR", original.toString()));
    StrataTestServer after = StrataTestServer.start(Map.of("STRATA_DATA_DIR", replayed.toString()));
    try {
      assertThat(after.firstTenant()).isEqualTo(before.firstTenant());
      assertThat(reads(after, after.firstTenant())).isEqualTo(reads(before, before.firstTenant()));
      assertThat(reads(after, workload.second()))
          .isEqualTo(reads(before, workload.second()))
          .isNotEmpty();
      for (StrataTestServer server : List.of(before, after)) {
        try (DynamoDbClient deleted = server.clientFor(workload.deleted())) {
          DynamoDbException refused =
              catchThrowableOfType(DynamoDbException.class, deleted::listTables);
          assertThat(refused.awsErrorDetails().errorCode())
              .isEqualTo("UnrecognizedClientException");
        }
        try (DynamoDbClient bearer =
            Clients.bearer(server.endpoint(), server.certificate(), issuer.token(tokenClaims()))) {
          assertThat(bearer.listTables().tableNames()).containsExactly("b-table");
        }
      }
    } finally {
      before.closeQuietly();
      after.closeQuietly();
    }
  }

  private static Workload run(StrataTestServer server, BearerTokens issuer) throws Exception {
    Credentials second = credentials(server.admin("create-tenant", "--name=second"));
    Credentials extraKey = credentials(server.admin("create-key", second.tenantId()));
    server.admin("revoke-key", second.tenantId(), extraKey.accessKeyId());
    Path publicKey = Files.createTempFile("issuer", ".pem");
    Files.writeString(publicKey, issuer.publicKeyPem());
    server.admin(
        "add-jwt-issuer",
        second.tenantId(),
        "--issuer=" + issuer.issuer(),
        "--audience=" + AUDIENCE,
        "--public-key-file=" + publicKey,
        "--algorithm=ES256");
    Credentials deleted = credentials(server.admin("create-tenant", "--name=short-lived"));

    try (DynamoDbClient client = server.client();
        DynamoDbClient secondClient = server.clientFor(second);
        DynamoDbClient deletedClient = server.clientFor(deleted)) {
      createOrders(client);
      for (int i = 0; i < 40; i++) {
        Map<String, AttributeValue> item = order(i % 7, i);
        client.putItem(b -> b.tableName("orders").item(item));
      }
      for (int i = 0; i < 10; i++) {
        int sk = i;
        client.updateItem(
            b ->
                b.tableName("orders")
                    .key(key(sk % 7, sk))
                    .updateExpression("ADD visits :one SET #s = :s")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(
                        Map.of(
                            ":one",
                            AttributeValue.fromN("1"),
                            ":s",
                            AttributeValue.fromS("paid"))));
      }
      for (int i = 30; i < 35; i++) {
        int sk = i;
        client.deleteItem(b -> b.tableName("orders").key(key(sk % 7, sk)));
      }
      client.transactWriteItems(
          b ->
              b.clientRequestToken("replay-token-1")
                  .transactItems(
                      TransactWriteItem.builder()
                          .put(p -> p.tableName("orders").item(order(100, 1)))
                          .build(),
                      TransactWriteItem.builder()
                          .update(
                              u ->
                                  u.tableName("orders")
                                      .key(key(1, 1))
                                      .updateExpression("SET note = :n")
                                      .expressionAttributeValues(
                                          Map.of(":n", AttributeValue.fromS("in a transaction"))))
                          .build()));
      catchThrowableOfType(
          TransactionCanceledException.class,
          () ->
              client.transactWriteItems(
                  b ->
                      b.transactItems(
                          TransactWriteItem.builder()
                              .put(p -> p.tableName("orders").item(order(101, 1)))
                              .build(),
                          TransactWriteItem.builder()
                              .conditionCheck(
                                  c ->
                                      c.tableName("orders")
                                          .key(key(1, 1))
                                          .conditionExpression("attribute_not_exists(pk)"))
                              .build())));
      client.updateTimeToLive(
          b ->
              b.tableName("orders")
                  .timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));
      long past = Instant.now().getEpochSecond() - 3600;
      for (int i = 0; i < 3; i++) {
        Map<String, AttributeValue> expiring = new LinkedHashMap<>(order(200, i));
        expiring.put("expires", AttributeValue.fromN(Long.toString(past)));
        client.putItem(b -> b.tableName("orders").item(expiring));
      }
      eventually(
          () ->
              !client
                  .getItem(b -> b.tableName("orders").key(key(200, 0)).consistentRead(true))
                  .hasItem());
      client.updateTable(
          b ->
              b.tableName("orders")
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("status")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .globalSecondaryIndexUpdates(
                      u ->
                          u.create(
                              c ->
                                  c.indexName("byStatus")
                                      .keySchema(hash("status"))
                                      .projection(
                                          p -> p.projectionType(ProjectionType.KEYS_ONLY)))));
      eventually(
          () ->
              client
                  .describeTable(b -> b.tableName("orders"))
                  .table()
                  .globalSecondaryIndexes()
                  .stream()
                  .allMatch(index -> index.indexStatus() == IndexStatus.ACTIVE));
      String backupArn =
          client
              .createBackup(b -> b.tableName("orders").backupName("orders-backup"))
              .backupDetails()
              .backupArn();
      client.restoreTableFromBackup(b -> b.backupArn(backupArn).targetTableName("restored"));
      Waiters.tableActive(client, "restored");
      client.createTable(TablesIT.hashAndRange("scratch", ScalarAttributeType.S).build());
      for (int i = 0; i < 10; i++) {
        int n = i;
        client.putItem(
            b ->
                b.tableName("scratch")
                    .item(
                        Map.of(
                            "pk", AttributeValue.fromS("s"), "sk", AttributeValue.fromS("k" + n))));
      }
      client.deleteTable(b -> b.tableName("scratch"));
      String ordersArn = client.describeTable(b -> b.tableName("orders")).table().tableArn();
      client.tagResource(
          b ->
              b.resourceArn(ordersArn)
                  .tags(t -> t.key("team").value("billing"), t -> t.key("tmp").value("x")));
      client.untagResource(b -> b.resourceArn(ordersArn).tagKeys("tmp"));

      secondClient.createTable(TablesIT.hashAndRange("b-table", ScalarAttributeType.S).build());
      for (int i = 0; i < 5; i++) {
        int n = i;
        secondClient.putItem(
            b ->
                b.tableName("b-table")
                    .item(
                        Map.of(
                            "pk", AttributeValue.fromS("b"), "sk", AttributeValue.fromS("k" + n))));
      }
      // The table's own data key is committed state: the replayed store must open what it seals.
      secondClient.updateTable(
          b ->
              b.tableName("b-table")
                  .sseSpecification(
                      sse -> sse.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId("alias/b")));
      secondClient.putItem(
          b ->
              b.tableName("b-table")
                  .item(
                      Map.of(
                          "pk", AttributeValue.fromS("b"), "sk", AttributeValue.fromS("keyed"))));
      deletedClient.createTable(TablesIT.hashAndRange("gone", ScalarAttributeType.S).build());
      deletedClient.putItem(
          b ->
              b.tableName("gone")
                  .item(Map.of("pk", AttributeValue.fromS("g"), "sk", AttributeValue.fromS("g"))));
    }
    server.admin("rotate-data-key", server.firstTenant().tenantId());
    server.admin("set-quotas", second.tenantId(), "--max-tables=7");
    server.admin("delete-tenant", deleted.tenantId());
    return new Workload(second, deleted);
  }

  private static void createOrders(DynamoDbClient client) {
    client.createTable(
        b ->
            b.tableName("orders")
                .keySchema(
                    KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                    definition("pk", ScalarAttributeType.S),
                    definition("sk", ScalarAttributeType.N),
                    definition("customer", ScalarAttributeType.S),
                    definition("amount", ScalarAttributeType.N))
                .billingMode("PAY_PER_REQUEST")
                .streamSpecification(
                    s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName("byCustomer")
                        .keySchema(hash("customer"))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .localSecondaryIndexes(
                    LocalSecondaryIndex.builder()
                        .indexName("byAmount")
                        .keySchema(
                            KeySchemaElement.builder()
                                .attributeName("pk")
                                .keyType(KeyType.HASH)
                                .build(),
                            KeySchemaElement.builder()
                                .attributeName("amount")
                                .keyType(KeyType.RANGE)
                                .build())
                        .projection(
                            Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .build()));
  }

  /**
   * Everything a tenant can read: its tables with their descriptions, items, index contents, TTL
   * settings and tags, its backups, and its streams' records.
   */
  private static List<Object> reads(StrataTestServer server, Credentials tenant) {
    List<Object> answers = new ArrayList<>();
    try (DynamoDbClient client = server.clientFor(tenant);
        DynamoDbStreamsClient streams = server.streamsClientFor(tenant)) {
      List<String> tables = client.listTables().tableNames();
      answers.add(tables);
      for (String table : tables) {
        var description = client.describeTable(b -> b.tableName(table)).table();
        answers.add(description);
        answers.add(
            client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
                .toList());
        answers.add(client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription());
        answers.add(client.listTagsOfResource(b -> b.resourceArn(description.tableArn())).tags());
        for (var index : description.globalSecondaryIndexes()) {
          answers.add(
              client
                  .scanPaginator(b -> b.tableName(table).indexName(index.indexName()))
                  .items()
                  .stream()
                  .toList());
        }
        for (var index : description.localSecondaryIndexes()) {
          answers.add(
              client
                  .scanPaginator(b -> b.tableName(table).indexName(index.indexName()))
                  .items()
                  .stream()
                  .toList());
        }
        if (description.latestStreamArn() != null) {
          answers.add(streamRecords(streams, description.latestStreamArn()));
        }
      }
      answers.add(client.listBackups().backupSummaries());
    }
    return answers;
  }

  private static List<Object> streamRecords(DynamoDbStreamsClient streams, String streamArn) {
    List<Object> records = new ArrayList<>();
    for (var shard :
        streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
      String iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(streamArn)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      while (iterator != null) {
        String current = iterator;
        var page = streams.getRecords(b -> b.shardIterator(current));
        records.addAll(page.records());
        iterator = page.records().isEmpty() ? null : page.nextShardIterator();
      }
    }
    return records;
  }

  private static Map<Db, List<String>> contents(LmdbStore store) {
    Map<Db, List<String>> contents = new EnumMap<>(Db.class);
    HexFormat hex = HexFormat.of();
    store.read(
        view -> {
          for (Db db : Db.values()) {
            List<String> entries = new ArrayList<>();
            view.scan(
                db,
                new byte[0],
                true,
                (key, value) -> entries.add(hex.formatHex(key) + "=" + hex.formatHex(value)));
            contents.put(db, entries);
          }
          return null;
        });
    return contents;
  }

  private static Map<String, Object> tokenClaims() {
    return Map.of("sub", "replay", "aud", AUDIENCE, "exp", BearerTokens.inMinutes(5));
  }

  private static Credentials credentials(JsonNode answer) {
    return new Credentials(
        answer.get("tenant").asText(),
        answer.get("accessKeyId").asText(),
        answer.get("secretAccessKey").asText());
  }

  private static Map<String, AttributeValue> order(int customer, int sk) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(key(customer, sk));
    item.put("customer", AttributeValue.fromS("c" + customer));
    item.put("amount", AttributeValue.fromN(Integer.toString(sk * 3)));
    item.put("payload", AttributeValue.fromS("x".repeat(50 + sk)));
    return item;
  }

  private static Map<String, AttributeValue> key(int customer, int sk) {
    return Map.of(
        "pk",
        AttributeValue.fromS("p" + customer),
        "sk",
        AttributeValue.fromN(Integer.toString(sk)));
  }

  private static KeySchemaElement hash(String attribute) {
    return KeySchemaElement.builder().attributeName(attribute).keyType(KeyType.HASH).build();
  }

  private static AttributeDefinition definition(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  /** Waits for background work (a TTL sweep, a backfill) to show. */
  private static void eventually(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("background work finished in time").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.testing.ManualClock;
import io.strata.service.testing.StrataTestServer;
import io.strata.service.testing.Waiters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.SSEDescription;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Tables with a data key of their own ({@code SSESpecification} naming a {@code KMSMasterKeyId})
 * next to a table of the same tenant sealed with the tenant's key, through the SDK: both serve
 * items, index queries, streams, backups and point-in-time restores; destroying the keyed table's
 * key ({@code strata admin shred-table-key}) makes it refuse every read with one clear error while
 * the other table and the keyed table's restored copies (sealed again under keys of their own) are
 * untouched; restarts and key rotations keep all of it.
 */
@Tag("extension")
@Timeout(300)
class TableDataKeysIT {
  private static final String INDEX = "by-g";
  private static final int ITEMS = 20;
  private static final Duration BETWEEN_PHASES = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();
  private Path data;
  private StrataTestServer server;
  private DynamoDbClient client;

  @AfterEach
  void stop() {
    if (server != null) {
      client.close();
      server.closeQuietly();
      server = null;
    }
  }

  @Test
  void shreddingOneTablesKeyLeavesItUnreadableAndTheTenantsOtherTablesWhole() throws Exception {
    data = Files.createTempDirectory("strata-table-keys");
    start(Map.of());
    String plain = TablesIT.randomName();
    String keyed = TablesIT.randomName();
    create(plain, null);
    create(keyed, "alias/orders");
    SSEDescription sse = describe(keyed).sseDescription();
    assertThat(sse.status()).isEqualTo(SSEStatus.ENABLED);
    assertThat(sse.sseType()).isEqualTo(SSEType.KMS);
    assertThat(sse.kmsMasterKeyArn()).matches("arn:aws:kms:[a-z0-9-]+:\\d{12}:alias/orders");
    assertThat(sse.inaccessibleEncryptionDateTime()).isNull();
    enableRecovery(plain);
    enableRecovery(keyed);
    clock.advance(BETWEEN_PHASES);
    Set<Map<String, AttributeValue>> plainItems = fill(plain);
    Set<Map<String, AttributeValue>> keyedItems = fill(keyed);
    clock.advance(BETWEEN_PHASES);
    for (String table : List.of(plain, keyed)) {
      assertThat(queryIndex(table)).as(table).hasSize(ITEMS);
      assertThat(streamRecords(table)).as(table).isEqualTo(ITEMS);
    }
    String backupArn =
        client
            .createBackup(b -> b.tableName(keyed).backupName("before-shredding"))
            .backupDetails()
            .backupArn();
    client.restoreTableFromBackup(b -> b.backupArn(backupArn).targetTableName(keyed + "-b"));
    client.restoreTableToPointInTime(
        b -> b.sourceTableName(keyed).targetTableName(keyed + "-p").useLatestRestorableTime(true));
    Waiters.tableActive(client, keyed + "-b");
    Waiters.tableActive(client, keyed + "-p");
    assertThat(describe(keyed + "-b").sseDescription().kmsMasterKeyArn())
        .isEqualTo(sse.kmsMasterKeyArn());

    var shredded = server.admin("shred-table-key", server.firstTenant().tenantId(), keyed);
    assertThat(shredded.get("table").asText()).isEqualTo(keyed);

    for (int run = 0; run < 2; run++) {
      assertUnreadable(keyed, backupArn);
      assertReadable(plain, plainItems);
      assertReadable(keyed + "-b", keyedItems);
      assertReadable(keyed + "-p", keyedItems);
      stop();
      start(Map.of());
    }
  }

  /**
   * The unverified risk of issue 15: values sealed before a rotation, kept where no re-seal goes
   * (point-in-time recovery's retained changes, a base snapshot), must still open after the
   * tenant's data key rotated and the master key was replaced, for tenant-keyed and table-keyed
   * tables alike.
   */
  @Test
  void keyRotationsKeepRetainedChangesAndBackupsRestorable() throws Exception {
    data = Files.createTempDirectory("strata-table-keys");
    String first = masterKey("first");
    String second = masterKey("second");
    start(Map.of("STRATA_MASTER_KEY", first));
    String plain = TablesIT.randomName();
    String keyed = TablesIT.randomName();
    create(plain, null);
    create(keyed, "alias/rotated");
    Map<String, Set<Map<String, AttributeValue>>> written = new HashMap<>();
    Map<String, String> backups = new HashMap<>();
    for (String table : List.of(plain, keyed)) {
      enableRecovery(table);
    }
    clock.advance(BETWEEN_PHASES);
    for (String table : List.of(plain, keyed)) {
      written.put(table, fill(table));
      backups.put(
          table,
          client
              .createBackup(b -> b.tableName(table).backupName("before-rotation"))
              .backupDetails()
              .backupArn());
    }
    clock.advance(BETWEEN_PHASES);
    server.admin("rotate-data-key", server.firstTenant().tenantId());
    stop();
    start(Map.of("STRATA_MASTER_KEY", second, "STRATA_RETIRED_MASTER_KEYS", first));
    stop();
    start(Map.of("STRATA_MASTER_KEY", second));

    for (String table : List.of(plain, keyed)) {
      client.restoreTableToPointInTime(
          b ->
              b.sourceTableName(table).targetTableName(table + "-p").useLatestRestorableTime(true));
      client.restoreTableFromBackup(
          b -> b.backupArn(backups.get(table)).targetTableName(table + "-b"));
    }
    for (String table : List.of(plain, keyed)) {
      Waiters.tableActive(client, table + "-p");
      Waiters.tableActive(client, table + "-b");
      assertReadable(table + "-p", written.get(table));
      assertReadable(table + "-b", written.get(table));
    }
  }

  private void start(Map<String, String> environment) {
    Map<String, String> all = new HashMap<>(environment);
    all.put("STRATA_DATA_DIR", data.toString());
    server = StrataTestServer.start(all, clock);
    client = server.client();
  }

  private static String masterKey(String id) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return id + ":" + Base64.getEncoder().encodeToString(secret);
  }

  /** A table with a global index on {@code g} and a stream; its own key if {@code kmsKeyId}. */
  private void create(String table, String kmsKeyId) {
    client.createTable(
        TablesIT.hashAndRange(table)
            .attributeDefinitions(
                AttributeDefinition.builder()
                    .attributeName("pk")
                    .attributeType(ScalarAttributeType.S)
                    .build(),
                AttributeDefinition.builder()
                    .attributeName("sk")
                    .attributeType(ScalarAttributeType.N)
                    .build(),
                AttributeDefinition.builder()
                    .attributeName("g")
                    .attributeType(ScalarAttributeType.S)
                    .build())
            .globalSecondaryIndexes(
                index ->
                    index
                        .indexName(INDEX)
                        .keySchema(key -> key.attributeName("g").keyType(KeyType.HASH))
                        .projection(projection -> projection.projectionType(ProjectionType.ALL)))
            .streamSpecification(
                stream -> stream.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))
            .sseSpecification(
                kmsKeyId == null
                    ? null
                    : software.amazon.awssdk.services.dynamodb.model.SSESpecification.builder()
                        .enabled(true)
                        .sseType(SSEType.KMS)
                        .kmsMasterKeyId(kmsKeyId)
                        .build())
            .build());
  }

  private void enableRecovery(String table) {
    client.updateContinuousBackups(
        b ->
            b.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    Waiters.until(
        "first base snapshot of " + table,
        () ->
            client
                    .describeContinuousBackups(b -> b.tableName(table))
                    .continuousBackupsDescription()
                    .pointInTimeRecoveryDescription()
                    .earliestRestorableDateTime()
                != null);
  }

  private Set<Map<String, AttributeValue>> fill(String table) {
    for (int i = 0; i < ITEMS; i++) {
      Map<String, AttributeValue> item =
          Map.of(
              "pk", AttributeValue.fromS("k"),
              "sk", AttributeValue.fromN(Integer.toString(i)),
              "g", AttributeValue.fromS("group"),
              "secret", AttributeValue.fromS("value " + i + " of " + table));
      client.putItem(b -> b.tableName(table).item(item));
    }
    return scan(table);
  }

  private Set<Map<String, AttributeValue>> scan(String table) {
    Set<Map<String, AttributeValue>> items = new HashSet<>();
    client.scanPaginator(b -> b.tableName(table)).items().forEach(items::add);
    return items;
  }

  private List<Map<String, AttributeValue>> queryIndex(String table) {
    return client
        .query(
            b ->
                b.tableName(table)
                    .indexName(INDEX)
                    .keyConditionExpression("g = :g")
                    .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("group"))))
        .items();
  }

  private int streamRecords(String table) {
    try (DynamoDbStreamsClient streams = server.streamsClientFor(server.firstTenant())) {
      String arn = describe(table).latestStreamArn();
      String shard =
          streams
              .describeStream(b -> b.streamArn(arn))
              .streamDescription()
              .shards()
              .get(0)
              .shardId();
      String iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(arn)
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      return streams.getRecords(b -> b.shardIterator(iterator)).records().size();
    }
  }

  private TableDescription describe(String table) {
    return client.describeTable(b -> b.tableName(table)).table();
  }

  private void assertReadable(String table, Set<Map<String, AttributeValue>> expected) {
    assertThat(describe(table).tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(scan(table)).as(table).isEqualTo(expected);
    assertThat(queryIndex(table)).as(table).hasSize(expected.size());
  }

  /** Every read of the table, its stream and its restores refused with the one clear error. */
  private void assertUnreadable(String table, String backupArn) {
    TableDescription description = describe(table);
    assertThat(description.tableStatusAsString()).isEqualTo("INACCESSIBLE_ENCRYPTION_CREDENTIALS");
    assertThat(description.sseDescription().inaccessibleEncryptionDateTime()).isNotNull();
    String refusal =
        "Table: "
            + table
            + " is INACCESSIBLE_ENCRYPTION_CREDENTIALS: its data key was destroyed, so none of its"
            + " items can be read or written";
    List<Consumer<DynamoDbClient>> reads =
        List.of(
            c -> c.scan(b -> b.tableName(table)),
            c -> queryIndex(table),
            c ->
                c.getItem(
                    b ->
                        b.tableName(table)
                            .key(
                                Map.of(
                                    "pk", AttributeValue.fromS("k"),
                                    "sk", AttributeValue.fromN("1")))),
            c ->
                c.putItem(
                    b ->
                        b.tableName(table)
                            .item(
                                Map.of(
                                    "pk", AttributeValue.fromS("k"),
                                    "sk", AttributeValue.fromN("-1")))));
    for (Consumer<DynamoDbClient> read : reads) {
      assertThatThrownBy(() -> read.accept(client))
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(refusal);
              });
    }
    assertThatThrownBy(() -> streamRecords(table)).hasMessageContaining(refusal);
    assertThatThrownBy(
            () ->
                client.restoreTableFromBackup(
                    b -> b.backupArn(backupArn).targetTableName(table + "-again")))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("was destroyed");
    assertThatThrownBy(
            () ->
                client.restoreTableToPointInTime(
                    b ->
                        b.sourceTableName(table)
                            .targetTableName(table + "-again")
                            .useLatestRestorableTime(true)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("was destroyed");
  }
}

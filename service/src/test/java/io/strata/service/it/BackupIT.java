package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.testing.StrataTestServer;
import io.strata.service.testing.Waiters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * On-demand table backups and restores through the SDK, and the online backup of the whole store
 * through the admin CLI, each checked by restoring and comparing.
 */
@Timeout(240)
class BackupIT {
  private static StrataTestServer server;
  private static DynamoDbClient client;

  @BeforeAll
  static void connect() {
    server = StrataTestServer.shared();
    client = server.client();
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  static Map<String, AttributeValue> item(String pk, int sk) {
    return Map.of(
        "pk", AttributeValue.fromS(pk),
        "sk", AttributeValue.fromN(Integer.toString(sk)),
        "payload", AttributeValue.fromS("value-" + sk + "-" + "p".repeat(sk % 200)));
  }

  static void load(DynamoDbClient target, String table, String pk, int from, int to) {
    for (int start = from; start < to; start += 25) {
      List<WriteRequest> batch =
          IntStream.range(start, Math.min(to, start + 25))
              .mapToObj(
                  i ->
                      WriteRequest.builder()
                          .putRequest(PutRequest.builder().item(item(pk, i)).build())
                          .build())
              .toList();
      target.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
    }
  }

  static Map<Integer, Map<String, AttributeValue>> contents(DynamoDbClient target, String table) {
    Map<Integer, Map<String, AttributeValue>> items = new HashMap<>();
    target
        .scanPaginator(b -> b.tableName(table).consistentRead(true))
        .items()
        .forEach(item -> items.put(Integer.parseInt(item.get("sk").n()), item));
    return items;
  }

  @Test
  void aBackupTakenUnderLoadRestoresAConsistentSnapshot() throws Exception {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    load(client, table, "p", 0, 1500);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger(1500);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              while (writing.get()) {
                int next = written.getAndIncrement();
                client.putItem(b -> b.tableName(table).item(item("p", next)));
              }
            });
    BackupDetails backup =
        client.createBackup(b -> b.tableName(table).backupName("nightly")).backupDetails();
    writing.set(false);
    writer.get();
    assertThat(backup.backupStatus()).isEqualTo(BackupStatus.AVAILABLE);
    assertThat(backup.backupArn())
        .startsWith(client.describeTable(b -> b.tableName(table)).table().tableArn() + "/backup/");

    String restoredName = table + "-restored";
    TableDescription restored =
        client
            .restoreTableFromBackup(
                b -> b.backupArn(backup.backupArn()).targetTableName(restoredName))
            .tableDescription();
    assertThat(restored.tableName()).isEqualTo(restoredName);
    assertThat(restored.tableStatus()).isEqualTo(TableStatus.CREATING);
    assertThat(restored.restoreSummary().sourceBackupArn()).isEqualTo(backup.backupArn());
    assertThat(restored.restoreSummary().restoreInProgress()).isTrue();
    restored = Waiters.tableActive(client, restoredName);
    assertThat(restored.restoreSummary().restoreInProgress()).isFalse();
    assertThat(restored.keySchema())
        .isEqualTo(client.describeTable(b -> b.tableName(table)).table().keySchema());

    Map<Integer, Map<String, AttributeValue>> copy = contents(client, restoredName);
    Map<Integer, Map<String, AttributeValue>> source = contents(client, table);
    assertThat(copy.keySet()).containsAll(IntStream.range(0, 1500).boxed().toList());
    int snapshotSize = copy.size();
    assertThat(copy.keySet())
        .as("a snapshot: the items written up to some moment, none after")
        .isEqualTo(new HashSet<>(IntStream.range(0, snapshotSize).boxed().toList()));
    copy.forEach((sk, item) -> assertThat(item).isEqualTo(source.get(sk)));
    assertThat(restored.itemCount()).isEqualTo((long) snapshotSize);
    assertThat(
            client
                .describeBackup(b -> b.backupArn(backup.backupArn()))
                .backupDescription()
                .sourceTableDetails()
                .itemCount())
        .isEqualTo((long) snapshotSize);
  }

  @Test
  void backupsAreListedDescribedDeletedAndStayWithTheirTenant() throws Exception {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    load(client, table, "q", 0, 10);
    String first =
        client.createBackup(b -> b.tableName(table).backupName("one")).backupDetails().backupArn();
    String second =
        client.createBackup(b -> b.tableName(table).backupName("two")).backupDetails().backupArn();

    List<BackupSummary> page =
        client.listBackups(b -> b.tableName(table).limit(1)).backupSummaries();
    assertThat(page).extracting(BackupSummary::backupArn).containsExactly(first);
    var rest = client.listBackups(b -> b.tableName(table).exclusiveStartBackupArn(first));
    assertThat(rest.backupSummaries()).extracting(BackupSummary::backupName).containsExactly("two");

    try (DynamoDbClient other = server.clientFor(server.newTenant("backup-neighbour"))) {
      assertThatThrownBy(() -> other.describeBackup(b -> b.backupArn(first)))
          .isInstanceOf(BackupNotFoundException.class);
      assertThat(other.listBackups(b -> b.limit(10)).backupSummaries()).isEmpty();
      assertThatThrownBy(
              () -> other.restoreTableFromBackup(b -> b.backupArn(first).targetTableName("stolen")))
          .isInstanceOf(BackupNotFoundException.class);
    }

    assertThatThrownBy(
            () -> client.restoreTableFromBackup(b -> b.backupArn(first).targetTableName(table)))
        .isInstanceOf(TableAlreadyExistsException.class);

    String provisioned = table + "-prov";
    client.restoreTableFromBackup(
        b ->
            b.backupArn(second)
                .targetTableName(provisioned)
                .billingModeOverride(BillingMode.PROVISIONED)
                .provisionedThroughputOverride(
                    t -> t.readCapacityUnits(7L).writeCapacityUnits(3L)));
    TableDescription description = Waiters.tableActive(client, provisioned);
    assertThat(description.provisionedThroughput().readCapacityUnits()).isEqualTo(7L);
    assertThat(description.itemCount()).isEqualTo(10L);

    assertThat(
            client
                .deleteBackup(b -> b.backupArn(first))
                .backupDescription()
                .backupDetails()
                .backupStatus())
        .isEqualTo(BackupStatus.DELETED);
    assertThatThrownBy(() -> client.describeBackup(b -> b.backupArn(first)))
        .isInstanceOf(BackupNotFoundException.class);
  }

  @Test
  void aRestoredTableHasItsSecondaryIndexes() {
    String table = TablesIT.randomName();
    client.createTable(
        TablesIT.hashAndRange(table)
            .attributeDefinitions(
                AttributeDefinition.builder().attributeName("pk").attributeType("S").build(),
                AttributeDefinition.builder().attributeName("sk").attributeType("N").build(),
                AttributeDefinition.builder().attributeName("group").attributeType("S").build())
            .globalSecondaryIndexes(
                GlobalSecondaryIndex.builder()
                    .indexName("byGroup")
                    .keySchema(
                        KeySchemaElement.builder()
                            .attributeName("group")
                            .keyType(KeyType.HASH)
                            .build(),
                        KeySchemaElement.builder()
                            .attributeName("sk")
                            .keyType(KeyType.RANGE)
                            .build())
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build())
            .build());
    for (int i = 0; i < 30; i++) {
      int sk = i;
      client.putItem(
          b ->
              b.tableName(table)
                  .item(
                      Map.of(
                          "pk", AttributeValue.fromS("p" + sk),
                          "sk", AttributeValue.fromN(Integer.toString(sk)),
                          "group", AttributeValue.fromS(sk % 2 == 0 ? "even" : "odd"))));
    }
    String arn =
        client
            .createBackup(b -> b.tableName(table).backupName("indexed"))
            .backupDetails()
            .backupArn();
    String restored = table + "-indexed";
    client.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(restored));
    Waiters.tableActive(client, restored);
    for (String name : List.of(table, restored)) {
      assertThat(
              client
                  .query(
                      b ->
                          b.tableName(name)
                              .indexName("byGroup")
                              .keyConditionExpression("#g = :g")
                              .expressionAttributeNames(Map.of("#g", "group"))
                              .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("odd"))))
                  .count())
          .as(name)
          .isEqualTo(15);
    }
    client.deleteItem(
        b ->
            b.tableName(restored)
                .key(Map.of("pk", AttributeValue.fromS("p1"), "sk", AttributeValue.fromN("1"))));
    assertThat(
            client
                .query(
                    b ->
                        b.tableName(table)
                            .indexName("byGroup")
                            .keyConditionExpression("#g = :g")
                            .expressionAttributeNames(Map.of("#g", "group"))
                            .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("odd"))))
                .count())
        .as("the original's index is its own")
        .isEqualTo(15);
  }

  @Test
  void theLiveStoreIsReadableByItsOwnerOnly() throws Exception {
    Path lmdb = server.dataDirectory().resolve("lmdb");
    assertThat(Files.getPosixFilePermissions(lmdb))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    for (String file : List.of("data.mdb", "lock.mdb")) {
      assertThat(Files.getPosixFilePermissions(lmdb.resolve(file)))
          .as(file)
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
  }

  @Test
  void theOnlineStoreBackupStartsAsAWorkingService() throws Exception {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    load(client, table, "s", 0, 300);
    Path restoredData = Files.createTempDirectory("strata-restore");
    JsonNode answer = server.admin("backup-store", restoredData.resolve("lmdb").toString());
    assertThat(answer.get("bytes").asLong()).isPositive();
    assertThat(Files.getPosixFilePermissions(restoredData.resolve("lmdb")))
        .as("the backup's directory")
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(restoredData.resolve("lmdb").resolve("data.mdb")))
        .as("the backup")
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    for (String file : List.of("master.key", "first-tenant.json")) {
      Files.copy(server.dataDirectory().resolve(file), restoredData.resolve(file));
    }
    StrataTestServer copy =
        StrataTestServer.start(Map.of("STRATA_DATA_DIR", restoredData.toString()));
    try (DynamoDbClient restored = copy.client()) {
      Set<Integer> keys = contents(restored, table).keySet();
      assertThat(keys).isEqualTo(new HashSet<>(IntStream.range(0, 300).boxed().toList()));
      assertThat(contents(restored, table)).isEqualTo(contents(client, table));
    } finally {
      copy.closeQuietly();
    }
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.AppliedPosition;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteSetApplier;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableRef;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.StrataTestServer;
import io.strata.service.testing.Waiters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A stored value damaged on disk (one flipped bit: AES-GCM refuses it) is that item's problem: it
 * is reported, never served, never stops the writer; the owner can delete it; the operator can find
 * it ({@code verify-store}) and choose whether Scans and backups skip it or fail.
 */
@Timeout(240)
class DamagedValueIT {
  private static final int ITEMS = 20;

  @Test
  void aDamagedItemFailsOnlyItsOwnReadsAndCanBeDeleted() throws Exception {
    Path data = Files.createTempDirectory("strata-damaged");
    Credentials owner;
    Credentials neighbour;
    StrataTestServer server = StrataTestServer.start(Map.of("STRATA_DATA_DIR", data.toString()));
    try {
      owner = server.firstTenant();
      neighbour = server.newTenant("neighbour");
      try (DynamoDbClient client = server.client();
          DynamoDbClient other = server.clientFor(neighbour)) {
        createIndexedTable(client);
        fill(client);
        other.createTable(TablesIT.hashAndRange("things", ScalarAttributeType.S).build());
      }
    } finally {
      server.closeQuietly();
    }
    damage(data, owner.tenantId(), "k7");

    server = StrataTestServer.start(Map.of("STRATA_DATA_DIR", data.toString()));
    try (DynamoDbClient client = server.clientFor(owner);
        DynamoDbClient other = server.clientFor(neighbour)) {
      DynamoDbException read =
          catchThrowableOfType(
              DynamoDbException.class,
              () -> client.getItem(b -> b.tableName("things").key(key("k7")).consistentRead(true)));
      assertThat(read.statusCode()).isEqualTo(500);
      assertThat(read.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
      assertThat(client.getItem(b -> b.tableName("things").key(key("k8"))).item()).isNotEmpty();
      DynamoDbException scan =
          catchThrowableOfType(
              DynamoDbException.class,
              () -> client.scan(b -> b.tableName("things").select("COUNT")));
      assertThat(scan.statusCode()).isEqualTo(500);
      assertThat(server.scrapedValue("ddb_corrupt_values_total")).isGreaterThanOrEqualTo(2);

      client.putItem(b -> b.tableName("things").item(item("new")));
      other.putItem(b -> b.tableName("things").item(item("theirs")));
      assertThat(server.healthStatus()).isEqualTo(200);

      JsonNode found = server.admin("verify-store");
      assertThat(found.get("damaged")).hasSize(1);
      assertThat(found.get("damaged").get(0).get("tableName").asText()).isEqualTo("things");
      assertThat(found.get("damaged").get(0).get("database").asText()).isEqualTo("items");

      client.deleteItem(b -> b.tableName("things").key(key("k7")));

      assertThat(client.scan(b -> b.tableName("things").select("COUNT")).count()).isEqualTo(ITEMS);
      assertThat(
              client
                  .query(
                      b ->
                          b.tableName("things")
                              .indexName("byGroup")
                              .keyConditionExpression("g = :g")
                              .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("g7"))))
                  .count())
          .as("the damaged item's index entry went with it")
          .isZero();
      assertThat(server.admin("verify-store").get("damaged")).isEmpty();
    } finally {
      server.closeQuietly();
    }
  }

  @Test
  void anOperatorMayHaveScansAndBackupsSkipDamagedValues() throws Exception {
    Path data = Files.createTempDirectory("strata-damaged-skip");
    Credentials owner;
    StrataTestServer server = StrataTestServer.start(Map.of("STRATA_DATA_DIR", data.toString()));
    try {
      owner = server.firstTenant();
      try (DynamoDbClient client = server.client()) {
        createIndexedTable(client);
        fill(client);
      }
    } finally {
      server.closeQuietly();
    }
    damage(data, owner.tenantId(), "k3");

    server =
        StrataTestServer.start(
            Map.of("STRATA_DATA_DIR", data.toString(), "STRATA_DAMAGED_VALUES", "skip"));
    try (DynamoDbClient client = server.clientFor(owner)) {
      assertThat(client.scan(b -> b.tableName("things").select("COUNT")).count())
          .isEqualTo(ITEMS - 1);
      String backup =
          client
              .createBackup(b -> b.tableName("things").backupName("despite-damage"))
              .backupDetails()
              .backupArn();
      client.restoreTableFromBackup(b -> b.backupArn(backup).targetTableName("restored"));
      Waiters.tableActive(client, "restored");
      assertThat(client.scan(b -> b.tableName("restored").select("COUNT")).count())
          .isEqualTo(ITEMS - 1);
      assertThat(server.scrapedValue("ddb_corrupt_values_total")).isGreaterThanOrEqualTo(2);
    } finally {
      server.closeQuietly();
    }
  }

  private static void createIndexedTable(DynamoDbClient client) {
    client.createTable(
        TablesIT.hashAndRange("things", ScalarAttributeType.S)
            .attributeDefinitions(definition("pk"), definition("sk"), definition("g"))
            .globalSecondaryIndexes(
                GlobalSecondaryIndex.builder()
                    .indexName("byGroup")
                    .keySchema(
                        KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build())
                    .projection(p -> p.projectionType(ProjectionType.ALL))
                    .build())
            .build());
  }

  private static void fill(DynamoDbClient client) {
    for (int i = 0; i < ITEMS; i++) {
      Map<String, AttributeValue> item = item("k" + i);
      item.put("g", AttributeValue.fromS("g" + i));
      client.putItem(b -> b.tableName("things").item(item));
    }
  }

  /** Flips one bit of the stored ciphertext of item {@code sk}, with the server stopped. */
  private static void damage(Path data, String tenantId, String sk) {
    try (LmdbStore store = LmdbStore.open(data.resolve("lmdb"), 4L << 30, 8)) {
      TableCatalog catalog = new TableCatalog();
      catalog.load(store);
      TableMetadata table = catalog.find(new TableRef(tenantId, "things")).orElseThrow();
      byte[] itemKey =
          KeyCodec.itemKey(
              table.tableId(),
              table.keySchema(),
              PrimaryKey.of(
                  table.keySchema(),
                  Map.of(
                      "pk", io.strata.service.model.AttributeValue.s("p"),
                      "sk", io.strata.service.model.AttributeValue.s(sk))));
      byte[] value = store.read(view -> view.get(Db.ITEMS, itemKey)).clone();
      value[value.length - 20] ^= 0x04;
      WriteSetApplier.apply(
          store,
          store.read(AppliedPosition::read).next(),
          WriteSet.builder().put(Db.ITEMS, itemKey, value).build(0));
    }
  }

  private static Map<String, AttributeValue> key(String sk) {
    return Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromS(sk));
  }

  private static Map<String, AttributeValue> item(String sk) {
    Map<String, AttributeValue> item = new HashMap<>(key(sk));
    item.put("payload", AttributeValue.fromS("some bytes to seal"));
    return item;
  }

  private static AttributeDefinition definition(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }
}

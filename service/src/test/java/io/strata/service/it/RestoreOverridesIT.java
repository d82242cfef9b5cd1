package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.testing.StrataTestServer;
import io.strata.service.testing.Waiters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The overrides RestoreTableToPointInTime and RestoreTableFromBackup take: each honoured by the
 * restored table (its indexes built from the restored items), each bad one refused with DynamoDB's
 * error, and a refused restore creating no table.
 *
 * <p>The source has a global index on {@code g} and a local index on {@code h}; half of its items
 * carry {@code h}.
 */
@Timeout(120)
class RestoreOverridesIT {
  private static final int ITEMS = 10;

  private static StrataTestServer server;
  private static DynamoDbClient client;
  private static String source;

  @BeforeAll
  static void start() {
    server = StrataTestServer.shared();
    client = server.clientFor(server.newTenant("restore-overrides"));
    source = TablesIT.randomName();
    client.createTable(
        TablesIT.hashAndRange(source)
            .attributeDefinitions(
                attribute("pk", ScalarAttributeType.S),
                attribute("sk", ScalarAttributeType.N),
                attribute("g", ScalarAttributeType.S),
                attribute("h", ScalarAttributeType.S))
            .globalSecondaryIndexes(
                g ->
                    g.indexName("by-g")
                        .keySchema(k -> k.attributeName("g").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))
            .localSecondaryIndexes(
                l ->
                    l.indexName("by-h")
                        .keySchema(
                            k -> k.attributeName("pk").keyType(KeyType.HASH),
                            k -> k.attributeName("h").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
            .build());
    Waiters.tableActive(client, source);
    for (int i = 0; i < ITEMS; i++) {
      int n = i;
      client.putItem(
          b ->
              b.tableName(source)
                  .item(
                      n % 2 == 0
                          ? Map.of("pk", s("p"), "sk", number(n), "g", s("g"), "h", s("h" + n))
                          : Map.of("pk", s("p"), "sk", number(n), "g", s("g"))));
    }
    client.updateContinuousBackups(
        b ->
            b.tableName(source)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    Waiters.until(
        "first base snapshot",
        () -> {
          var recovery =
              client
                  .describeContinuousBackups(b -> b.tableName(source))
                  .continuousBackupsDescription()
                  .pointInTimeRecoveryDescription();
          return recovery.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED
              && recovery.earliestRestorableDateTime() != null;
        });
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  @Test
  void pointInTimeRestoreHonoursEveryOverride() {
    String target = source + "-overridden";
    client.restoreTableToPointInTime(
        b ->
            latest(b, target)
                .billingModeOverride(BillingMode.PROVISIONED)
                .provisionedThroughputOverride(t -> t.readCapacityUnits(5L).writeCapacityUnits(6L))
                .globalSecondaryIndexOverride(
                    GlobalSecondaryIndex.builder()
                        .indexName("by-h-global")
                        .keySchema(k -> k.attributeName("h").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(2L))
                        .build())
                .localSecondaryIndexOverride(List.of())
                .sseSpecificationOverride(
                    sse -> sse.enabled(true).sseType(SSEType.KMS).kmsMasterKeyId("restore-key")));
    TableDescription restored = Waiters.tableActive(client, target);

    if (restored.billingModeSummary() != null) {
      assertThat(restored.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
    }
    assertThat(restored.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
    assertThat(restored.provisionedThroughput().writeCapacityUnits()).isEqualTo(6);
    assertThat(restored.globalSecondaryIndexes())
        .extracting(GlobalSecondaryIndexDescription::indexName)
        .containsExactly("by-h-global");
    assertThat(
            restored.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits())
        .isEqualTo(2);
    assertThat(restored.localSecondaryIndexes()).isEmpty();
    assertThat(restored.attributeDefinitions())
        .extracting(AttributeDefinition::attributeName)
        .containsExactly("pk", "sk", "h");
    assertThat(restored.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
    assertThat(restored.sseDescription().kmsMasterKeyArn()).endsWith("restore-key");
    assertThat(scan(target, null)).hasSize(ITEMS);
    assertThat(scan(target, "by-h-global"))
        .as("the override's index, built from the restored items")
        .hasSize(ITEMS / 2)
        .allSatisfy(entry -> assertThat(entry).containsOnlyKeys("pk", "sk", "h"));
  }

  @Test
  void backupRestoreSharesTheOverrides() {
    String backupArn =
        client
            .createBackup(b -> b.tableName(source).backupName("overrides"))
            .backupDetails()
            .backupArn();
    String target = source + "-from-backup";
    client.restoreTableFromBackup(
        b ->
            b.backupArn(backupArn)
                .targetTableName(target)
                .globalSecondaryIndexOverride(List.of())
                .localSecondaryIndexOverride(
                    LocalSecondaryIndex.builder()
                        .indexName("by-h-all")
                        .keySchema(
                            k -> k.attributeName("pk").keyType(KeyType.HASH),
                            k -> k.attributeName("h").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .build()));
    TableDescription restored = Waiters.tableActive(client, target);

    assertThat(restored.globalSecondaryIndexes()).isEmpty();
    assertThat(restored.localSecondaryIndexes()).hasSize(1);
    assertThat(restored.localSecondaryIndexes().get(0).indexName()).isEqualTo("by-h-all");
    assertThat(scan(target, "by-h-all")).hasSize(ITEMS / 2);
    assertRefused(
        () ->
            client.restoreTableFromBackup(
                b ->
                    b.backupArn(backupArn)
                        .targetTableName(source + "-refused-backup")
                        .billingModeOverride("FREE")),
        "1 validation error detected: Value 'FREE' at 'billingModeOverride' failed to satisfy"
            + " constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
    assertNoTable(source + "-refused-backup");
  }

  @Test
  void refusesBadOverridesAsDynamoDbDoes() {
    List<Refusal> refusals = new ArrayList<>();
    refusals.add(
        new Refusal(
            b -> b.globalSecondaryIndexOverride(global("nope-index", "nope").build()),
            "One or more parameter values were invalid: Some index key attributes are not defined"
                + " in AttributeDefinitions. Keys: [nope], AttributeDefinitions: [pk, sk, g, h]"));
    refusals.add(
        new Refusal(
            b ->
                b.billingModeOverride(BillingMode.PROVISIONED)
                    .provisionedThroughputOverride(
                        t -> t.readCapacityUnits(1L).writeCapacityUnits(1L))
                    .globalSecondaryIndexOverride(global("by-g", "g").build()),
            "One or more parameter values were invalid: ProvisionedThroughput is not specified for"
                + " index: by-g"));
    refusals.add(
        new Refusal(
            b ->
                b.globalSecondaryIndexOverride(
                    global("by-g", "g").provisionedThroughput(t -> {}).build()),
            "Value null at"
                + " 'globalSecondaryIndexOverride.1.member.provisionedThroughput.writeCapacityUnits'"
                + " failed to satisfy constraint: Member must not be null"));
    refusals.add(
        new Refusal(
            b ->
                b.localSecondaryIndexOverride(
                    LocalSecondaryIndex.builder()
                        .indexName("by-g-local")
                        .keySchema(
                            k -> k.attributeName("g").keyType(KeyType.HASH),
                            k -> k.attributeName("h").keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .build()),
            "One or more parameter values were invalid: Index KeySchema does not have the same"
                + " leading hash key as table KeySchema for index: by-g-local. index hash key: g,"
                + " table hash key: pk"));
    refusals.add(
        new Refusal(
            b ->
                b.globalSecondaryIndexOverride(
                    global("twice", "g").build(), global("twice", "h").build()),
            "One or more parameter values were invalid: Duplicate index name: twice"));
    refusals.add(
        new Refusal(
            b -> b.sseSpecificationOverride(sse -> sse.enabled(true).sseType(SSEType.AES256)),
            "One or more parameter values were invalid: Unsupported SSEType: AES256"));
    refusals.add(
        new Refusal(
            b -> b.sseSpecificationOverride(sse -> sse.enabled(false).kmsMasterKeyId("key")),
            "One or more parameter values were invalid: SSEType and KMSMasterKeyId can only be"
                + " specified when SSESpecification.Enabled is true"));
    refusals.add(
        new Refusal(
            b ->
                b.provisionedThroughputOverride(
                    t -> t.readCapacityUnits(0L).writeCapacityUnits(1L)),
            "1 validation error detected: Value '0' at"
                + " 'provisionedThroughputOverride.readCapacityUnits' failed to satisfy constraint:"
                + " Member must have value greater than or equal to 1"));

    String target = source + "-refused";
    for (Refusal refusal : refusals) {
      assertRefused(
          () -> client.restoreTableToPointInTime(b -> refusal.request().accept(latest(b, target))),
          refusal.message());
      assertNoTable(target);
    }
  }

  private record Refusal(
      Consumer<RestoreTableToPointInTimeRequest.Builder> request, String message) {}

  private static RestoreTableToPointInTimeRequest.Builder latest(
      RestoreTableToPointInTimeRequest.Builder request, String target) {
    return request.sourceTableName(source).targetTableName(target).useLatestRestorableTime(true);
  }

  private static GlobalSecondaryIndex.Builder global(String name, String hashKey) {
    return GlobalSecondaryIndex.builder()
        .indexName(name)
        .keySchema(k -> k.attributeName(hashKey).keyType(KeyType.HASH))
        .projection(p -> p.projectionType(ProjectionType.ALL));
  }

  private static void assertRefused(Runnable restore, String message) {
    assertThatThrownBy(restore::run)
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage()).contains(message);
            });
  }

  private static void assertNoTable(String name) {
    assertThatThrownBy(() -> client.describeTable(b -> b.tableName(name)))
        .as("a refused restore creates no table")
        .isInstanceOf(ResourceNotFoundException.class);
  }

  private static List<Map<String, AttributeValue>> scan(String table, String index) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    client.scanPaginator(b -> b.tableName(table).indexName(index)).items().forEach(items::add);
    return items;
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}

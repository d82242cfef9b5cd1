package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A tenant that tries every way it can think of to reach another tenant's table. TenantIsolationIT
 * covers reads, DescribeTable, ListTagsOfResource and DeleteTable by ARN; here every other
 * table-addressed operation is tried with the victim's ARN (and ARN variants), and afterwards the
 * victim's table, item, tags and settings are checked to be exactly as they were: a refusal that
 * still changed something would be the worse bug.
 */
@Timeout(120)
class IsolationAbuseIT {
  private static StrataTestServer server;
  private static DynamoDbClient attacker;
  private static DynamoDbClient victim;
  private static Credentials attackerKeys;
  private static Credentials victimKeys;
  private static String victimTable;
  private static String victimArn;
  private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("k"));
  private static final Map<String, AttributeValue> ITEM =
      Map.of("pk", AttributeValue.fromS("k"), "secret", AttributeValue.fromS("victim's secret"));

  @BeforeAll
  static void twoTenants() {
    server = StrataTestServer.shared();
    attackerKeys = server.newTenant("attacker-" + UUID.randomUUID());
    victimKeys = server.newTenant("victim-" + UUID.randomUUID());
    attacker = server.clientFor(attackerKeys);
    victim = server.clientFor(victimKeys);
    victimTable = "victim-" + UUID.randomUUID();
    victim.createTable(
        b ->
            b.tableName(victimTable)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(
                    a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .tags(Tag.builder().key("owner").value("victim").build()));
    victim.putItem(b -> b.tableName(victimTable).item(ITEM));
    victimArn = victim.describeTable(b -> b.tableName(victimTable)).table().tableArn();
  }

  @AfterAll
  static void disconnect() {
    attacker.close();
    victim.close();
  }

  @Test
  void arnsNameTheOwningTenant() {
    assertThat(victimArn)
        .matches("arn:aws:dynamodb:[a-z0-9-]+:" + victimKeys.tenantId() + ":table/" + victimTable);
  }

  @Test
  void everyTableOperationWithAnotherTenantsArnIsRefusedAndChangesNothing() {
    TableDescription before = victim.describeTable(b -> b.tableName(victimTable)).table();
    List<String> accepted = new ArrayList<>();
    for (String arn : arnVariants()) {
      Map<String, Consumer<String>> attempts = attempts();
      attempts.forEach(
          (operation, attempt) -> {
            DynamoDbException refused =
                catchThrowableOfType(DynamoDbException.class, () -> attempt.accept(arn));
            if (refused == null) {
              accepted.add(operation + " with " + arn);
            } else {
              assertThat(refused.awsErrorDetails().errorCode())
                  .as("%s with %s: %s", operation, arn, refused.getMessage())
                  .isIn(
                      "AccessDeniedException", "ResourceNotFoundException", "ValidationException");
              assertThat(refused.getMessage()).doesNotContain("victim's secret");
            }
          });
    }
    assertThat(accepted).as("operations the attacker got through").isEmpty();
    assertVictimUntouched(before);
  }

  @Test
  void theVictimsTableIsInvisibleByName() {
    assertThat(attacker.listTables().tableNames()).doesNotContain(victimTable);
    DynamoDbException missing =
        catchThrowableOfType(
            DynamoDbException.class, () -> attacker.describeTable(b -> b.tableName(victimTable)));
    assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
    DynamoDbException noItem =
        catchThrowableOfType(
            DynamoDbException.class,
            () -> attacker.getItem(b -> b.tableName(victimTable).key(KEY)));
    assertThat(noItem.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
  }

  @Test
  void anotherTenantsRealSecretDoesNotSignForThisKey() {
    RawClient raw = new RawClient(server.endpoint(), server.certificate());
    Credentials mixed =
        new Credentials(
            attackerKeys.tenantId(), attackerKeys.accessKeyId(), victimKeys.secretAccessKey());
    RawClient.Response response = raw.signed("ListTables", "{}", mixed);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("#InvalidSignatureException");
    Credentials victimKeyAttackerSecret =
        new Credentials(
            victimKeys.tenantId(), victimKeys.accessKeyId(), attackerKeys.secretAccessKey());
    assertThat(raw.signed("ListTables", "{}", victimKeyAttackerSecret).body())
        .contains("#InvalidSignatureException");
  }

  /** The victim's ARN as issued, and spellings a lenient ARN parser might accept. */
  private static List<String> arnVariants() {
    return List.of(
        victimArn,
        victimArn.replaceFirst("arn:aws:dynamodb:[a-z0-9-]+:", "arn:aws:dynamodb:eu-west-1:"),
        victimArn.replace(":table/", ":table/./"),
        victimArn + "/stream/2020-01-01T00:00:00.000",
        victimArn.replace(victimKeys.tenantId(), " " + victimKeys.tenantId()));
  }

  /** Every operation that names a table, aimed at {@code arn}. */
  private static Map<String, Consumer<String>> attempts() {
    Map<String, Consumer<String>> attempts = new java.util.LinkedHashMap<>();
    attempts.put("GetItem", arn -> attacker.getItem(b -> b.tableName(arn).key(KEY)));
    attempts.put(
        "PutItem",
        arn ->
            attacker.putItem(
                b ->
                    b.tableName(arn)
                        .item(
                            Map.of("pk", AttributeValue.fromS("k"), "x", AttributeValue.fromS("y")))
                        .returnValues("ALL_OLD")));
    attempts.put(
        "UpdateItem",
        arn ->
            attacker.updateItem(
                b ->
                    b.tableName(arn)
                        .key(KEY)
                        .updateExpression("SET secret = :x")
                        .expressionAttributeValues(Map.of(":x", AttributeValue.fromS("pwned")))
                        .returnValues("ALL_OLD")));
    attempts.put(
        "UpdateItem (legacy)",
        arn ->
            attacker.updateItem(
                b ->
                    b.tableName(arn)
                        .key(KEY)
                        .attributeUpdates(
                            Map.of(
                                "secret",
                                AttributeValueUpdate.builder()
                                    .value(AttributeValue.fromS("pwned"))
                                    .action("PUT")
                                    .build()))));
    attempts.put(
        "DeleteItem",
        arn -> attacker.deleteItem(b -> b.tableName(arn).key(KEY).returnValues("ALL_OLD")));
    attempts.put(
        "BatchWriteItem",
        arn ->
            attacker.batchWriteItem(
                b ->
                    b.requestItems(
                        Map.of(
                            arn,
                            List.of(
                                WriteRequest.builder()
                                    .putRequest(PutRequest.builder().item(ITEM).build())
                                    .build())))));
    attempts.put("DescribeTable", arn -> attacker.describeTable(b -> b.tableName(arn)));
    attempts.put(
        "UpdateTable",
        arn ->
            attacker.updateTable(
                b ->
                    b.tableName(arn)
                        .billingMode(BillingMode.PROVISIONED)
                        .provisionedThroughput(
                            p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))));
    attempts.put(
        "UpdateTable (deletion protection)",
        arn -> attacker.updateTable(b -> b.tableName(arn).deletionProtectionEnabled(true)));
    attempts.put("DeleteTable", arn -> attacker.deleteTable(b -> b.tableName(arn)));
    attempts.put(
        "TagResource",
        arn ->
            attacker.tagResource(
                b ->
                    b.resourceArn(arn).tags(Tag.builder().key("owner").value("attacker").build())));
    attempts.put(
        "UntagResource", arn -> attacker.untagResource(b -> b.resourceArn(arn).tagKeys("owner")));
    attempts.put("ListTagsOfResource", arn -> attacker.listTagsOfResource(b -> b.resourceArn(arn)));
    attempts.put(
        "UpdateTimeToLive",
        arn ->
            attacker.updateTimeToLive(
                b ->
                    b.tableName(arn)
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName("secret"))));
    attempts.put("DescribeTimeToLive", arn -> attacker.describeTimeToLive(b -> b.tableName(arn)));
    return attempts;
  }

  private static void assertVictimUntouched(TableDescription before) {
    TableDescription after = victim.describeTable(b -> b.tableName(victimTable)).table();
    assertThat(after.billingModeSummary()).isEqualTo(before.billingModeSummary());
    assertThat(after.deletionProtectionEnabled()).isEqualTo(before.deletionProtectionEnabled());
    assertThat(after.tableStatusAsString()).isEqualTo("ACTIVE");
    assertThat(victim.getItem(b -> b.tableName(victimTable).key(KEY).consistentRead(true)).item())
        .isEqualTo(ITEM);
    assertThat(victim.listTagsOfResource(b -> b.resourceArn(victimArn)).tags())
        .containsExactly(Tag.builder().key("owner").value("victim").build());
    assertThat(
            victim
                .describeTimeToLive(b -> b.tableName(victimTable))
                .timeToLiveDescription()
                .timeToLiveStatusAsString())
        .isEqualTo("DISABLED");
  }
}

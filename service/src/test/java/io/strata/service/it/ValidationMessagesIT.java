package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.error.ValidationMessages;
import io.strata.service.testing.DynamoDbLocal;
import io.strata.service.testing.LocalDeviations;
import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Validation messages of issue 15 in DynamoDB's words ({@link ValidationMessages} says where each
 * text comes from), on the same requests sent to DynamoDB Local: where its text is DynamoDB's we
 * require it verbatim, where it words them differently ({@link LocalDeviations}) we require
 * DynamoDB's.
 */
@Timeout(180)
class ValidationMessagesIT {
  private static DynamoDbClient ours;
  private static DynamoDbClient reference;

  @BeforeAll
  static void connect() {
    ours = StrataTestServer.shared().client();
    reference = DynamoDbLocal.shared().client();
  }

  @AfterAll
  static void disconnect() {
    ours.close();
    reference.close();
  }

  private static void onBoth(Consumer<DynamoDbClient> action) {
    action.accept(ours);
    action.accept(reference);
  }

  private static String validationMessage(DynamoDbClient client, Consumer<DynamoDbClient> call) {
    List<String> message = new ArrayList<>();
    assertThatThrownBy(() -> call.accept(client))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              message.add(e.awsErrorDetails().errorMessage());
            });
    return message.get(0);
  }

  private static void sameErrorOnBoth(Consumer<DynamoDbClient> call) {
    String ourMessage = validationMessage(ours, call);
    String theirMessage = validationMessage(reference, call);
    assertThat(LocalDeviations.isSameError(ourMessage, theirMessage))
        .as("%s, DynamoDB Local: %s", ourMessage, theirMessage)
        .isTrue();
  }

  private static CreateTableRequest withIndexOnXyz(String name) {
    return TablesIT.hashAndRange(name)
        .attributeDefinitions(
            a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
            a -> a.attributeName("sk").attributeType(ScalarAttributeType.N),
            a -> a.attributeName("xyz").attributeType(ScalarAttributeType.S))
        .globalSecondaryIndexes(
            i ->
                i.indexName("index1")
                    .keySchema(k -> k.attributeName("xyz").keyType(KeyType.HASH))
                    .projection(p -> p.projectionType(ProjectionType.ALL)))
        .build();
  }

  private static void createIndex(
      DynamoDbClient client, String table, String attribute, ScalarAttributeType type) {
    client.updateTable(
        b ->
            b.tableName(table)
                .attributeDefinitions(a -> a.attributeName(attribute).attributeType(type))
                .globalSecondaryIndexUpdates(
                    u ->
                        u.create(
                            c ->
                                c.indexName("by" + attribute + type)
                                    .keySchema(
                                        k -> k.attributeName(attribute).keyType(KeyType.HASH))
                                    .projection(p -> p.projectionType(ProjectionType.ALL)))));
  }

  /**
   * An index may not give a key attribute of the table or of another index a new type; DynamoDB
   * Local says so in words of its own ("invalid attribute, SchemaElement redefined ...").
   */
  @Test
  void redefiningAKeyAttributesTypeIsRefusedInDynamoDbsWords() {
    String table = TablesIT.randomName();
    onBoth(client -> client.createTable(withIndexOnXyz(table)));
    validationMessage(
        reference, client -> createIndex(client, table, "xyz", ScalarAttributeType.N));
    validationMessage(reference, client -> createIndex(client, table, "pk", ScalarAttributeType.N));
    assertThat(
            validationMessage(
                ours, client -> createIndex(client, table, "xyz", ScalarAttributeType.N)))
        .isEqualTo(ValidationMessages.attributeRedefined("xyz", "S", "HASH", "N", "HASH"));
    assertThat(
            validationMessage(
                ours, client -> createIndex(client, table, "pk", ScalarAttributeType.N)))
        .isEqualTo(ValidationMessages.attributeRedefined("pk", "S", "HASH", "N", "HASH"));
    onBoth(client -> client.deleteTable(b -> b.tableName(table)));
  }

  /** Once its index is deleted, an attribute is nobody's key and may come back with a new type. */
  @Test
  void anAttributeOfADeletedIndexMayBeDefinedAgainWithAnotherType() throws InterruptedException {
    String table = TablesIT.randomName();
    onBoth(client -> client.createTable(withIndexOnXyz(table)));
    onBoth(
        client ->
            client.updateTable(
                b ->
                    b.tableName(table)
                        .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("index1")))));
    for (DynamoDbClient client : List.of(ours, reference)) {
      assertThat(client.describeTable(b -> b.tableName(table)).table().attributeDefinitions())
          .extracting(a -> a.attributeName())
          .containsExactlyInAnyOrder("pk", "sk");
    }
    awaitNoIndexes(reference, table);
    onBoth(client -> createIndex(client, table, "xyz", ScalarAttributeType.N));
    onBoth(client -> client.deleteTable(b -> b.tableName(table)));
  }

  /**
   * DynamoDB Local drops a deleted index a moment after UpdateTable answers, and until then refuses
   * another index change with LimitExceededException; it gives no event to wait for, so it is
   * polled.
   */
  private static void awaitNoIndexes(DynamoDbClient client, String table)
      throws InterruptedException {
    for (int attempt = 0; attempt < 200; attempt++) {
      if (!client.describeTable(b -> b.tableName(table)).table().hasGlobalSecondaryIndexes()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the deleted index of " + table + " is still listed");
  }

  @Test
  void disablingAStreamThatIsNotEnabledIsRefusedInDynamoDbsWords() {
    String table = TablesIT.randomName();
    onBoth(client -> client.createTable(TablesIT.hashAndRange(table).build()));
    Consumer<DynamoDbClient> disable =
        client ->
            client.updateTable(
                b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
    sameErrorOnBoth(disable);
    assertThat(validationMessage(ours, disable))
        .isEqualTo(ValidationMessages.NO_STREAM_TO_DISABLE.formatted(table));
    onBoth(
        client ->
            client.updateTable(
                b ->
                    b.tableName(table)
                        .streamSpecification(
                            s -> s.streamEnabled(true).streamViewType("KEYS_ONLY"))));
    onBoth(disable);
    sameErrorOnBoth(disable);
    onBoth(client -> client.deleteTable(b -> b.tableName(table)));
  }

  /**
   * DynamoDB Local's text, with the payload counted as it counts it (the items' sizes) up to the
   * item that crossed the limit: the comparison with DynamoDB Local pins the number too.
   */
  @Test
  void aTransactionOverFourMegabytesIsRefusedWithItsPayloadSize() {
    String table = TablesIT.randomName();
    onBoth(client -> client.createTable(TablesIT.hashAndRange(table).build()));
    List<TransactWriteItem> puts = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      Map<String, AttributeValue> item =
          Map.of(
              "pk",
              AttributeValue.fromS("tx" + i),
              "sk",
              AttributeValue.fromN("1"),
              "payload",
              AttributeValue.fromS("x".repeat(350_000)));
      puts.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build());
    }
    Consumer<DynamoDbClient> transaction =
        client -> client.transactWriteItems(b -> b.transactItems(puts));
    sameErrorOnBoth(transaction);
    assertThat(validationMessage(ours, transaction))
        .matches(
            Pattern.quote(ValidationMessages.TRANSACTION_PAYLOAD_TOO_LARGE.replace("%d", ""))
                + "\\d+");
    onBoth(client -> client.deleteTable(b -> b.tableName(table)));
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.testing.StrataTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Conditions, updates and projections as an SDK user meets them; the exhaustive comparison with
 * DynamoDB Local is {@code ExpressionDifferentialIT} and {@code PinnedMessagesTest}.
 */
@Timeout(120)
class ExpressionsIT {
  private static DynamoDbClient client;
  private static String table;

  @BeforeAll
  static void createTable() {
    client = StrataTestServer.shared().client();
    table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  private static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN("1"));
  }

  @Test
  void aFailedConditionWritesNothingReturnsTheOldItemIfAskedAndIsCharged() {
    String pk = UUID.randomUUID().toString();
    Map<String, AttributeValue> original =
        Map.of(
            "pk",
            AttributeValue.fromS(pk),
            "sk",
            AttributeValue.fromN("1"),
            "v",
            AttributeValue.fromN("1"));
    client.putItem(b -> b.tableName(table).item(original));
    assertThatThrownBy(
            () ->
                client.putItem(
                    b ->
                        b.tableName(table)
                            .item(key(pk))
                            .conditionExpression("attribute_not_exists(pk)")
                            .returnValuesOnConditionCheckFailure(
                                ReturnValuesOnConditionCheckFailure.ALL_OLD)))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class,
            e -> {
              assertThat(e.item()).isEqualTo(original);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The conditional request failed");
            });
    assertThatThrownBy(
            () ->
                client.deleteItem(
                    b ->
                        b.tableName(table)
                            .key(key(pk))
                            .conditionExpression("v > :two")
                            .expressionAttributeValues(Map.of(":two", AttributeValue.fromN("2")))))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class, e -> assertThat(e.hasItem()).isFalse());
    assertThat(client.getItem(b -> b.tableName(table).key(key(pk)).consistentRead(true)).item())
        .isEqualTo(original);
  }

  @Test
  void updateReturnValuesShowWhatChanged() {
    String pk = UUID.randomUUID().toString();
    Map<String, AttributeValue> values =
        Map.of(
            ":one", AttributeValue.fromN("1"), ":tags", AttributeValue.fromSs(List.of("a", "b")));
    String expression = "SET n = if_not_exists(n, :one) ADD tags :tags";
    assertThat(update(pk, expression, values, ReturnValue.ALL_OLD)).isEmpty();
    assertThat(
            update(
                pk,
                "SET n = n + :one",
                Map.of(":one", AttributeValue.fromN("1")),
                ReturnValue.UPDATED_OLD))
        .isEqualTo(Map.of("n", AttributeValue.fromN("1")));
    assertThat(
            update(
                pk,
                "SET n = n + :one",
                Map.of(":one", AttributeValue.fromN("1")),
                ReturnValue.UPDATED_NEW))
        .isEqualTo(Map.of("n", AttributeValue.fromN("3")));
    assertThat(
            update(
                pk,
                "DELETE tags :a REMOVE n",
                Map.of(":a", AttributeValue.fromSs(List.of("a"))),
                ReturnValue.ALL_NEW))
        .isEqualTo(
            Map.of(
                "pk", AttributeValue.fromS(pk),
                "sk", AttributeValue.fromN("1"),
                "tags", AttributeValue.fromSs(List.of("b"))));
  }

  @Test
  void numbersKeepThirtyEightDigitsAndOverflowIsRefused() {
    String pk = UUID.randomUUID().toString();
    update(
        pk,
        "SET n = :big",
        Map.of(":big", AttributeValue.fromN("99999999999999999999999999999999999999")),
        ReturnValue.NONE);
    assertThatThrownBy(
            () ->
                update(
                    pk,
                    "SET n = n - :tiny",
                    Map.of(":tiny", AttributeValue.fromN("0.1")),
                    ReturnValue.NONE))
        .as("39 significant digits are refused, not rounded")
        .hasMessageContaining("Attempting to store more than 38 significant digits in a Number");
    assertThat(
            update(
                    pk,
                    "SET n = n + :one",
                    Map.of(":one", AttributeValue.fromN("1")),
                    ReturnValue.UPDATED_NEW)
                .get("n")
                .n())
        .isEqualTo("100000000000000000000000000000000000000");
    assertThatThrownBy(
            () ->
                update(
                    pk,
                    "SET n = :max + :max",
                    Map.of(":max", AttributeValue.fromN("9E+125")),
                    ReturnValue.NONE))
        .hasMessageContaining("Number overflow");
  }

  @Test
  void legacyExpectedAndAttributeUpdatesStillWork() {
    String pk = UUID.randomUUID().toString();
    client.updateItem(
        b ->
            b.tableName(table)
                .key(key(pk))
                .attributeUpdates(
                    Map.of(
                        "count",
                            AttributeValueUpdate.builder()
                                .action(AttributeAction.ADD)
                                .value(AttributeValue.fromN("5"))
                                .build(),
                        "name",
                            AttributeValueUpdate.builder()
                                .action(AttributeAction.PUT)
                                .value(AttributeValue.fromS("ada"))
                                .build())));
    assertThatThrownBy(
            () ->
                client.putItem(
                    b ->
                        b.tableName(table)
                            .item(key(pk))
                            .expected(
                                Map.of(
                                    "count",
                                    ExpectedAttributeValue.builder()
                                        .comparisonOperator(ComparisonOperator.GT)
                                        .attributeValueList(AttributeValue.fromN("5"))
                                        .build()))))
        .isInstanceOf(ConditionalCheckFailedException.class);
    client.deleteItem(
        b ->
            b.tableName(table)
                .key(key(pk))
                .expected(
                    Map.of(
                        "name",
                        ExpectedAttributeValue.builder()
                            .value(AttributeValue.fromS("ada"))
                            .build())));
    assertThat(client.getItem(b -> b.tableName(table).key(key(pk)).consistentRead(true)).hasItem())
        .isFalse();
  }

  @Test
  void hostileExpressionsAreRefusedQuicklyAndTheServerCarriesOn() {
    String deep = "(".repeat(5000) + "a = :v" + ")".repeat(5000);
    String huge = "a = :v AND " + "b = :v AND ".repeat(30_000) + "c = :v";
    String wideIn =
        "a IN ("
            + IntStream.range(0, 1000).mapToObj(i -> ":v").collect(Collectors.joining(", "))
            + ")";
    for (String condition : new String[] {deep, huge, wideIn}) {
      Instant start = Instant.now();
      assertThatThrownBy(
              () ->
                  client.putItem(
                      b ->
                          b.tableName(table)
                              .item(key("hostile"))
                              .conditionExpression(condition)
                              .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))))
          .hasMessageContaining("Invalid ConditionExpression");
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(
            client
                .putItem(
                    b ->
                        b.tableName(table)
                            .item(key("after"))
                            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity()
                .capacityUnits())
        .isEqualTo(1.0);
  }

  private static Map<String, AttributeValue> update(
      String pk, String expression, Map<String, AttributeValue> values, ReturnValue returnValue) {
    return client
        .updateItem(
            b ->
                b.tableName(table)
                    .key(key(pk))
                    .updateExpression(expression)
                    .expressionAttributeValues(values)
                    .returnValues(returnValue))
        .attributes();
  }
}

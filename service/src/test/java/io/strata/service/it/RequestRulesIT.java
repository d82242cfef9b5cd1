package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.error.ValidationMessages;
import io.strata.service.testing.DynamoDbLocal;
import io.strata.service.testing.LocalDeviations;
import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The request rules of issue 15, differential against DynamoDB Local where it implements them
 * (messages compared through {@link LocalDeviations}, so that DynamoDB's wording is required where
 * DynamoDB Local's differs), and against the developer guide or captured AWS behaviour where
 * DynamoDB Local deviates (each such test says so).
 */
@Timeout(180)
class RequestRulesIT {
  private static DynamoDbClient ours;
  private static DynamoDbClient reference;
  private static String table;

  @BeforeAll
  static void connect() {
    ours = StrataTestServer.shared().client();
    reference = DynamoDbLocal.shared().client();
    table = TablesIT.randomName();
    onBoth(client -> client.createTable(TablesIT.hashAndRange(table).build()));
    for (int i = 0; i < 20; i++) {
      Map<String, AttributeValue> item =
          Map.of("pk", s("p" + i % 4), "sk", n(i), "x", n(i * 3), "y", s("y" + i));
      onBoth(client -> client.putItem(b -> b.tableName(table).item(item)));
    }
  }

  @AfterAll
  static void disconnect() {
    ours.close();
    reference.close();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(int value) {
    return AttributeValue.fromN(Integer.toString(value));
  }

  private static void onBoth(Consumer<DynamoDbClient> action) {
    action.accept(ours);
    action.accept(reference);
  }

  private static <T> void sameOnBoth(Function<DynamoDbClient, T> request) {
    assertThat(request.apply(ours)).isEqualTo(request.apply(reference));
  }

  private static String error(DynamoDbClient client, String code, Consumer<DynamoDbClient> call) {
    List<String> message = new ArrayList<>();
    assertThatThrownBy(() -> call.accept(client))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              message.add(e.awsErrorDetails().errorMessage());
            });
    return message.get(0);
  }

  private static String validationMessage(DynamoDbClient client, Consumer<DynamoDbClient> call) {
    return error(client, "ValidationException", call);
  }

  private static void sameErrorOnBoth(Consumer<DynamoDbClient> call) {
    String ourMessage = validationMessage(ours, call);
    String theirMessage = validationMessage(reference, call);
    assertThat(LocalDeviations.isSameError(ourMessage, theirMessage))
        .as("%s, DynamoDB Local: %s", ourMessage, theirMessage)
        .isTrue();
  }

  private static Condition equalTo(AttributeValue value) {
    return Condition.builder()
        .comparisonOperator(ComparisonOperator.EQ)
        .attributeValueList(value)
        .build();
  }

  @Nested
  class LegacyParameters {
    private QueryRequest.Builder byKeyConditions() {
      return QueryRequest.builder().tableName(table).keyConditions(Map.of("pk", equalTo(s("p1"))));
    }

    @Test
    void keyConditionsCombineWithProjectionFilterAndSelect() {
      sameOnBoth(
          client -> client.query(byKeyConditions().projectionExpression("x, y").build()).items());
      sameOnBoth(
          client ->
              client
                  .query(
                      byKeyConditions()
                          .filterExpression("x > :v")
                          .expressionAttributeValues(Map.of(":v", n(20)))
                          .build())
                  .items());
      sameOnBoth(client -> client.query(byKeyConditions().select(Select.COUNT).build()).count());
    }

    @Test
    void onlyDynamoDbsForbiddenPairsAreRefused() {
      sameErrorOnBoth(
          client ->
              client.query(
                  byKeyConditions()
                      .keyConditionExpression("pk = :p")
                      .expressionAttributeValues(Map.of(":p", s("p1")))
                      .build()));
      sameErrorOnBoth(
          client ->
              client.query(
                  byKeyConditions().attributesToGet("x").projectionExpression("x").build()));
      sameErrorOnBoth(
          client ->
              client.query(
                  byKeyConditions()
                      .queryFilter(Map.of("x", equalTo(n(3))))
                      .filterExpression("x > :v")
                      .expressionAttributeValues(Map.of(":v", n(1)))
                      .build()));
      sameErrorOnBoth(
          client ->
              client.query(
                  byKeyConditions()
                      .queryFilter(Map.of("x", equalTo(n(3))))
                      .projectionExpression("x")
                      .build()));
    }

    @Test
    void duplicateAttributesToGetAreRefusedInDynamoDbsWords() {
      assertThat(
              validationMessage(
                  ours,
                  client -> client.query(byKeyConditions().attributesToGet("x", "x").build())))
          .isEqualTo(
              "One or more parameter values were invalid: Duplicate value in attribute name: x");
    }
  }

  @Nested
  class AttributeNames {
    @Test
    void namesUpTo64KilobytesAreLegalOutsideKeysAndEmptyOnesAreNot() {
      Map<String, AttributeValue> key = Map.of("pk", s("names"), "sk", n(1));
      Map<String, AttributeValue> longest = new LinkedHashMap<>(key);
      longest.put("n".repeat(65_535), s("v"));
      onBoth(client -> client.putItem(b -> b.tableName(table).item(longest)));
      sameOnBoth(client -> client.getItem(b -> b.tableName(table).key(key)).item());

      Map<String, AttributeValue> tooLong = new LinkedHashMap<>(key);
      tooLong.put("n".repeat(65_536), s("v"));
      sameErrorOnBoth(client -> client.putItem(b -> b.tableName(table).item(tooLong)));
      Map<String, AttributeValue> empty = new LinkedHashMap<>(key);
      empty.put("", s("v"));
      sameErrorOnBoth(client -> client.putItem(b -> b.tableName(table).item(empty)));
    }
  }

  @Nested
  class Indexes {
    private CreateTableRequest indexed(String name, List<String> nonKeyAttributes) {
      return TablesIT.hashAndRange(name)
          .attributeDefinitions(
              a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
              a -> a.attributeName("sk").attributeType(ScalarAttributeType.N),
              a -> a.attributeName("g").attributeType(ScalarAttributeType.S),
              a -> a.attributeName("l").attributeType(ScalarAttributeType.S))
          .globalSecondaryIndexes(
              i ->
                  i.indexName("byG")
                      .keySchema(k -> k.attributeName("g").keyType(KeyType.HASH))
                      .projection(
                          p ->
                              p.projectionType(ProjectionType.INCLUDE)
                                  .nonKeyAttributes(nonKeyAttributes)))
          .localSecondaryIndexes(
              i ->
                  i.indexName("byL")
                      .keySchema(
                          k -> k.attributeName("pk").keyType(KeyType.HASH),
                          k -> k.attributeName("l").keyType(KeyType.RANGE))
                      .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
          .build();
    }

    @Test
    void projectedNamesLongerThan255BytesOrRepeatedAreRefused() {
      sameErrorOnBoth(
          client -> client.createTable(indexed(TablesIT.randomName(), List.of("a".repeat(256)))));
      sameErrorOnBoth(
          client -> client.createTable(indexed(TablesIT.randomName(), List.of("a", "a"))));
    }

    @Test
    void indexKeyValuesBeyondTheKeyLimitsAreRefusedOnWrite() {
      String name = TablesIT.randomName();
      onBoth(client -> client.createTable(indexed(name, List.of("x"))));
      Map<String, AttributeValue> hashTooLong =
          Map.of("pk", s("a"), "sk", n(1), "g", s("g".repeat(2049)));
      Map<String, AttributeValue> rangeTooLong =
          Map.of("pk", s("a"), "sk", n(1), "l", s("l".repeat(1025)));
      for (Map<String, AttributeValue> item : List.of(hashTooLong, rangeTooLong)) {
        validationMessage(reference, client -> client.putItem(b -> b.tableName(name).item(item)));
      }
      assertThat(
              validationMessage(
                  ours, client -> client.putItem(b -> b.tableName(name).item(hashTooLong))))
          .isEqualTo(ValidationMessages.INDEX_KEY_TOO_LARGE.formatted("hash", 2048, "byG", "g"));
      assertThat(
              validationMessage(
                  ours, client -> client.putItem(b -> b.tableName(name).item(rangeTooLong))))
          .isEqualTo(ValidationMessages.INDEX_KEY_TOO_LARGE.formatted("range", 1024, "byL", "l"));
      onBoth(
          client ->
              client.putItem(
                  b ->
                      b.tableName(name)
                          .item(Map.of("pk", s("a"), "sk", n(1), "g", s("g".repeat(2048))))));
    }
  }

  @Nested
  class Transactions {
    /**
     * DynamoDB cancels the transaction and names the item (developer guide, transaction-apis.html:
     * "ValidationError" among the cancellation reasons); DynamoDB Local answers a plain
     * ValidationException instead.
     */
    @Test
    void anItemThatFailsAtRunTimeCancelsTheTransactionWithAValidationErrorInItsPlace() {
      TransactWriteItem fine =
          TransactWriteItem.builder()
              .put(p -> p.tableName(table).item(Map.of("pk", s("tx"), "sk", n(1))))
              .build();
      TransactWriteItem badOperand =
          TransactWriteItem.builder()
              .update(
                  u ->
                      u.tableName(table)
                          .key(Map.of("pk", s("tx"), "sk", n(2)))
                          .updateExpression("SET y = y + :one")
                          .expressionAttributeValues(Map.of(":one", n(1))))
              .build();
      assertThatThrownBy(() -> ours.transactWriteItems(b -> b.transactItems(fine, badOperand)))
          .isInstanceOfSatisfying(
              TransactionCanceledException.class,
              e ->
                  assertThat(e.cancellationReasons())
                      .extracting(CancellationReason::code)
                      .containsExactly("None", "ValidationError"));
      assertThat(
              ours.getItem(b -> b.tableName(table).key(Map.of("pk", s("tx"), "sk", n(1)))).item())
          .isEmpty();
    }
  }

  @Nested
  class StartKeys {
    @Test
    void aParallelScansStartKeyMustLieInItsSegment() {
      for (DynamoDbClient client : List.of(ours, reference)) {
        ScanResponse page =
            client.scan(b -> b.tableName(table).segment(0).totalSegments(2).limit(1));
        assertThat(page.lastEvaluatedKey()).isNotEmpty();
        assertThat(
                validationMessage(
                    client,
                    c ->
                        c.scan(
                            b ->
                                b.tableName(table)
                                    .segment(1)
                                    .totalSegments(2)
                                    .exclusiveStartKey(page.lastEvaluatedKey()))))
            .isEqualTo(ValidationMessages.START_KEY_OUTSIDE_SEGMENT);
        assertThat(
                client
                    .scan(
                        b ->
                            b.tableName(table)
                                .segment(0)
                                .totalSegments(2)
                                .exclusiveStartKey(page.lastEvaluatedKey()))
                    .count())
            .isPositive();
      }
    }

    @Test
    void aQueryStartKeyWithExtraAttributesIsRefusedOnATableWithoutSortKey() {
      String hashOnly = TablesIT.randomName();
      onBoth(
          client ->
              client.createTable(
                  b ->
                      b.tableName(hashOnly)
                          .billingMode("PAY_PER_REQUEST")
                          .attributeDefinitions(
                              a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                          .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))));
      sameErrorOnBoth(
          client ->
              client.query(
                  b ->
                      b.tableName(hashOnly)
                          .keyConditionExpression("pk = :p")
                          .expressionAttributeValues(Map.of(":p", s("a")))
                          .exclusiveStartKey(Map.of("pk", s("a"), "extra", s("b")))));
      assertThat(
              validationMessage(
                  ours,
                  client ->
                      client.query(
                          b ->
                              b.tableName(hashOnly)
                                  .keyConditionExpression("pk = :p")
                                  .expressionAttributeValues(Map.of(":p", s("a")))
                                  .exclusiveStartKey(Map.of("pk", s("a"), "extra", s("b"))))))
          .isEqualTo("The provided starting key is invalid");
    }
  }

  @Nested
  class Updates {
    /**
     * DynamoDB does not create an item to remove from it, nor refuses the path (issue 15, from a
     * black-box suite run against DynamoDB); DynamoDB Local refuses the document path.
     */
    @Test
    void removingANestedPathOfAMissingItemIsANoOp() {
      Map<String, AttributeValue> key = Map.of("pk", s("missing"), "sk", n(404));
      assertThat(
              ours.updateItem(
                      b ->
                          b.tableName(table)
                              .key(key)
                              .updateExpression("REMOVE a.b")
                              .returnValues(ReturnValue.ALL_NEW))
                  .attributes())
          .isEmpty();
      assertThat(ours.getItem(b -> b.tableName(table).key(key)).item()).isEmpty();
    }
  }

  @Nested
  class Tables {
    /**
     * The AWS CLI reference's delete-table example: name, status, throughput counters, size, item
     * count, ARN, id; DynamoDB Local answers with the whole description.
     */
    @Test
    void deleteTableAnswersWithTheReducedDescription() {
      String name = TablesIT.randomName();
      ours.createTable(TablesIT.hashAndRange(name).build());
      DeleteTableResponse deleted = ours.deleteTable(b -> b.tableName(name));
      assertThat(deleted.tableDescription().tableName()).isEqualTo(name);
      assertThat(deleted.tableDescription().tableStatusAsString()).isEqualTo("DELETING");
      assertThat(deleted.tableDescription().tableId()).isNotEmpty();
      assertThat(deleted.tableDescription().tableArn()).endsWith(":table/" + name);
      assertThat(deleted.tableDescription().itemCount()).isZero();
      assertThat(deleted.tableDescription().hasKeySchema()).isFalse();
      assertThat(deleted.tableDescription().hasAttributeDefinitions()).isFalse();
      assertThat(deleted.tableDescription().creationDateTime()).isNull();
    }
  }

  @Nested
  class Tagging {
    @Test
    void tagsFollowDynamoDbsRules() {
      String name = TablesIT.randomName();
      String arn =
          ours.createTable(TablesIT.hashAndRange(name).build()).tableDescription().tableArn();
      ours.tagResource(b -> b.resourceArn(arn).tags(tag("team name+-=._:/@", "Ops 1")));
      assertThat(ours.listTagsOfResource(b -> b.resourceArn(arn)).tags())
          .containsExactly(tag("team name+-=._:/@", "Ops 1"));
      assertThat(
              validationMessage(
                  ours,
                  client -> client.tagResource(b -> b.resourceArn(arn).tags(tag("a*b", "v")))))
          .isEqualTo(ValidationMessages.TAG_CHARACTERS.formatted("a*b"));
      assertThat(
              validationMessage(
                  ours,
                  client ->
                      client.tagResource(b -> b.resourceArn(arn).tags(tag("aws:owner", "v")))))
          .isEqualTo(ValidationMessages.TAG_RESERVED_PREFIX.formatted("aws:owner"));

      List<Tag> fiftyOne = new ArrayList<>();
      for (int i = 0; i < 51; i++) {
        fiftyOne.add(tag("k" + i, "v"));
      }
      assertThat(
              validationMessage(
                  ours,
                  client ->
                      client.createTable(
                          TablesIT.hashAndRange(TablesIT.randomName()).tags(fiftyOne).build())))
          .isEqualTo(ValidationMessages.TOO_MANY_TAGS_AT_CREATION.formatted(50));
      error(
          ours,
          "LimitExceededException",
          client -> client.tagResource(b -> b.resourceArn(arn).tags(fiftyOne.subList(0, 50))));

      String unknown = arn.substring(0, arn.lastIndexOf('/') + 1) + "no-such-table";
      assertThat(
              error(
                  ours,
                  "AccessDeniedException",
                  client -> client.tagResource(b -> b.resourceArn(unknown).tags(tag("k", "v")))))
          .contains("is not authorized to perform: dynamodb:TagResource on resource: " + unknown);
      error(
          ours,
          "AccessDeniedException",
          client -> client.untagResource(b -> b.resourceArn(unknown).tagKeys("k")));
      error(
          ours,
          "AccessDeniedException",
          client -> client.listTagsOfResource(b -> b.resourceArn(unknown)));
    }

    @Test
    void tagResourceAndUntagResourceAnswerWithAnEmptyBody() {
      StrataTestServer server = StrataTestServer.shared();
      String name = TablesIT.randomName();
      String arn =
          ours.createTable(TablesIT.hashAndRange(name).build()).tableDescription().tableArn();
      RawClient raw = new RawClient(server.endpoint(), server.certificate());
      RawClient.Response tagged =
          raw.signed(
              "TagResource",
              "{\"ResourceArn\":\"" + arn + "\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}",
              server.firstTenant());
      assertThat(tagged.status()).isEqualTo(200);
      assertThat(tagged.body()).isEmpty();
      RawClient.Response untagged =
          raw.signed(
              "UntagResource",
              "{\"ResourceArn\":\"" + arn + "\",\"TagKeys\":[\"k\"]}",
              server.firstTenant());
      assertThat(untagged.status()).isEqualTo(200);
      assertThat(untagged.body()).isEmpty();
    }

    private static Tag tag(String key, String value) {
      return Tag.builder().key(key).value(value).build();
    }
  }
}

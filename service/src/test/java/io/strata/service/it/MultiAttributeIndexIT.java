package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Global indexes with multi-attribute keys (DynamoDB, November 2025): up to four HASH and four
 * RANGE attributes. DynamoDB Local does not implement them (awslabs/amazon-dynamodb-local-samples
 * issue 33: it refuses such a schema), so the reference is the developer guide
 * (GSI.html#GSI.MultiAttributeKeys, GSI.DesignPattern.MultiAttributeKeys): the partition attributes
 * are hashed as one value, the sort attributes order an index partition left to right, an item is
 * indexed only when it has every key attribute, and a Query uses = on every partition attribute and
 * the sort attributes left to right without gaps, only the last one with a range operator. Expected
 * results are computed here from the loaded items by exactly those rules.
 *
 * <p>The index {@code byMatch} has partition key (tourney, area) and sort key (stage, side, seq);
 * within a partition every sort key is unique, so the order of every result is defined.
 */
@Timeout(300)
class MultiAttributeIndexIT {
  private static final String INDEX = "byMatch";
  private static final List<String> STAGES = List.of("final", "quarter", "semi");
  private static final List<String> SIDES = List.of("lower", "upper");
  private static final int SEQUENCES = 4;

  private static DynamoDbClient client;
  private static String table;
  private static final List<Map<String, AttributeValue>> loaded = new ArrayList<>();

  @BeforeAll
  static void load() {
    client = StrataTestServer.shared().client();
    table = TablesIT.randomName();
    client.createTable(matchTable(table));
    int id = 0;
    for (String tourney : List.of("t1", "t2")) {
      for (String area : List.of("eu", "na")) {
        for (String stage : STAGES) {
          for (String side : SIDES) {
            for (int seq = SEQUENCES; seq >= 1; seq--) {
              loaded.add(match(id++, tourney, area, stage, side, seq));
            }
          }
        }
      }
    }
    // Sparse: without one of the sort attributes, or one of the partition attributes.
    Map<String, AttributeValue> noSide = match(id++, "t1", "eu", "semi", "lower", 9);
    noSide.remove("side");
    loaded.add(noSide);
    Map<String, AttributeValue> noArea = match(id++, "t1", "eu", "semi", "upper", 9);
    noArea.remove("area");
    loaded.add(noArea);
    List<WriteRequest> batch = new ArrayList<>();
    for (Map<String, AttributeValue> item : loaded) {
      batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
      if (batch.size() == 25) {
        writeBatch(batch);
        batch.clear();
      }
    }
    writeBatch(batch);
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  private static void writeBatch(List<WriteRequest> batch) {
    if (!batch.isEmpty()) {
      assertThat(
              client
                  .batchWriteItem(b -> b.requestItems(Map.of(table, List.copyOf(batch))))
                  .unprocessedItems())
          .isEmpty();
    }
  }

  static CreateTableRequest matchTable(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            definition("id", ScalarAttributeType.S),
            definition("tourney", ScalarAttributeType.S),
            definition("area", ScalarAttributeType.S),
            definition("stage", ScalarAttributeType.S),
            definition("side", ScalarAttributeType.S),
            definition("seq", ScalarAttributeType.N))
        .keySchema(key("id", KeyType.HASH))
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(INDEX)
                .keySchema(
                    key("tourney", KeyType.HASH),
                    key("area", KeyType.HASH),
                    key("stage", KeyType.RANGE),
                    key("side", KeyType.RANGE),
                    key("seq", KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .build())
        .build();
  }

  private static Map<String, AttributeValue> match(
      int id, String tourney, String area, String stage, String side, int seq) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS(String.format("m%03d", id)));
    item.put("tourney", AttributeValue.fromS(tourney));
    item.put("area", AttributeValue.fromS(area));
    item.put("stage", AttributeValue.fromS(stage));
    item.put("side", AttributeValue.fromS(side));
    item.put("seq", AttributeValue.fromN(Integer.toString(seq)));
    item.put("score", AttributeValue.fromN(Integer.toString(id * 7 % 50)));
    return item;
  }

  private static AttributeDefinition definition(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  /** The guide's order of an index partition: stage, then side, then seq (numerically). */
  private static final Comparator<Map<String, AttributeValue>> SORT_KEY_ORDER =
      Comparator.<Map<String, AttributeValue>, String>comparing(item -> item.get("stage").s())
          .thenComparing(item -> item.get("side").s())
          .thenComparing(item -> Integer.parseInt(item.get("seq").n()));

  /** The index's items of partition (t1, eu) the predicate admits, in index order. */
  private static List<Map<String, AttributeValue>> expected(
      Predicate<Map<String, AttributeValue>> admitted, boolean forward) {
    Comparator<Map<String, AttributeValue>> order =
        forward ? SORT_KEY_ORDER : SORT_KEY_ORDER.reversed();
    return loaded.stream()
        .filter(item -> item.keySet().containsAll(List.of("tourney", "area", "stage", "side")))
        .filter(item -> item.get("tourney").s().equals("t1") && item.get("area").s().equals("eu"))
        .filter(admitted)
        .sorted(order)
        .toList();
  }

  private static QueryRequest query(String condition, Object... values) {
    Map<String, AttributeValue> bound = new LinkedHashMap<>();
    bound.put(":t", AttributeValue.fromS("t1"));
    bound.put(":a", AttributeValue.fromS("eu"));
    for (int i = 0; i < values.length; i += 2) {
      bound.put((String) values[i], (AttributeValue) values[i + 1]);
    }
    return QueryRequest.builder()
        .tableName(table)
        .indexName(INDEX)
        .keyConditionExpression("tourney = :t AND area = :a" + condition)
        .expressionAttributeValues(bound)
        .build();
  }

  /** Every item of every page, checking each page's size and LastEvaluatedKey on the way. */
  private static List<Map<String, AttributeValue>> allItems(QueryRequest request) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryResponse page = client.query(request.toBuilder().exclusiveStartKey(start).build());
      if (request.limit() != null) {
        assertThat(page.count()).isLessThanOrEqualTo(request.limit());
      }
      items.addAll(page.items());
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
      if (start != null) {
        assertThat(start.keySet())
            .as("LastEvaluatedKey of an index page holds every index and table key attribute")
            .containsExactlyInAnyOrder("tourney", "area", "stage", "side", "seq", "id");
      }
    } while (start != null);
    return items;
  }

  private static void sameAsTheGuide(
      QueryRequest request, Predicate<Map<String, AttributeValue>> admitted) {
    for (boolean forward : List.of(true, false)) {
      for (Integer limit : new Integer[] {null, 1, 5}) {
        QueryRequest variant = request.toBuilder().scanIndexForward(forward).limit(limit).build();
        assertThat(allItems(variant))
            .as("%s forward=%s limit=%s", request.keyConditionExpression(), forward, limit)
            .isEqualTo(expected(admitted, forward));
      }
    }
  }

  private static String validationMessage(Consumer<DynamoDbClient> request) {
    List<String> message = new ArrayList<>();
    assertThatThrownBy(() -> request.accept(client))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              message.add(e.awsErrorDetails().errorMessage());
            });
    return message.get(0);
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(int value) {
    return AttributeValue.fromN(Integer.toString(value));
  }

  private static int seq(Map<String, AttributeValue> item) {
    return Integer.parseInt(item.get("seq").n());
  }

  @Nested
  class Querying {
    @Test
    void everyPartitionAttributeSelectsOnePartitionOrderedBySortAttributesLeftToRight() {
      sameAsTheGuide(query(""), item -> true);
    }

    @Test
    void sortAttributesNarrowTheRangeLeftToRightWithAnyOperatorOnTheLastOneUsed() {
      sameAsTheGuide(
          query(" AND stage = :s", ":s", s("quarter")),
          item -> item.get("stage").s().equals("quarter"));
      sameAsTheGuide(
          query(" AND stage > :s", ":s", s("quarter")),
          item -> item.get("stage").s().compareTo("quarter") > 0);
      sameAsTheGuide(
          query(" AND begins_with(stage, :s)", ":s", s("q")),
          item -> item.get("stage").s().startsWith("q"));
      sameAsTheGuide(
          query(" AND stage BETWEEN :s AND :e", ":s", s("f"), ":e", s("quarter")),
          item ->
              item.get("stage").s().compareTo("f") >= 0
                  && item.get("stage").s().compareTo("quarter") <= 0);
      sameAsTheGuide(
          query(" AND stage = :s AND side = :d", ":s", s("semi"), ":d", s("upper")),
          item -> item.get("stage").s().equals("semi") && item.get("side").s().equals("upper"));
      sameAsTheGuide(
          query(" AND stage = :s AND side <= :d", ":s", s("semi"), ":d", s("lower")),
          item -> item.get("stage").s().equals("semi") && item.get("side").s().equals("lower"));
      sameAsTheGuide(
          query(
              " AND stage = :s AND side = :d AND seq BETWEEN :lo AND :hi",
              ":s",
              s("final"),
              ":d",
              s("lower"),
              ":lo",
              n(2),
              ":hi",
              n(3)),
          item ->
              item.get("stage").s().equals("final")
                  && item.get("side").s().equals("lower")
                  && seq(item) >= 2
                  && seq(item) <= 3);
      sameAsTheGuide(
          query(
              " AND stage = :s AND side = :d AND seq < :hi",
              ":s",
              s("final"),
              ":d",
              s("upper"),
              ":hi",
              n(3)),
          item ->
              item.get("stage").s().equals("final")
                  && item.get("side").s().equals("upper")
                  && seq(item) < 3);
    }

    @Test
    void legacyKeyConditionsTakeTheSameRules() {
      QueryResponse response =
          client.query(
              b ->
                  b.tableName(table)
                      .indexName(INDEX)
                      .keyConditions(
                          Map.of(
                              "tourney", eq(s("t1")),
                              "area", eq(s("eu")),
                              "stage", eq(s("semi")),
                              "side", eq(s("upper")),
                              "seq",
                                  Condition.builder()
                                      .comparisonOperator(ComparisonOperator.GT)
                                      .attributeValueList(n(2))
                                      .build())));
      assertThat(response.items())
          .isEqualTo(
              expected(
                  item ->
                      item.get("stage").s().equals("semi")
                          && item.get("side").s().equals("upper")
                          && seq(item) > 2,
                  true));
    }

    private static Condition eq(AttributeValue value) {
      return Condition.builder()
          .comparisonOperator(ComparisonOperator.EQ)
          .attributeValueList(value)
          .build();
    }

    @Test
    void anItemIsIndexedOnlyWithEveryKeyAttribute() {
      List<Map<String, AttributeValue>> all = allItems(query(""));
      assertThat(all).extracting(item -> item.get("seq").n()).doesNotContain("9");
      long indexed =
          loaded.stream()
              .filter(item -> item.keySet().containsAll(List.of("tourney", "area", "side")))
              .count();
      assertThat(
              client
                  .describeTable(b -> b.tableName(table))
                  .table()
                  .globalSecondaryIndexes()
                  .get(0)
                  .itemCount())
          .isEqualTo(indexed);
    }
  }

  @Nested
  class Maintenance {
    @Test
    void batchWritesAndDeletesMoveItemsInAndOutOfTheIndex() {
      String name = TablesIT.randomName();
      client.createTable(matchTable(name));
      Map<String, AttributeValue> first = match(1, "t9", "eu", "final", "lower", 1);
      Map<String, AttributeValue> second = match(2, "t9", "eu", "final", "lower", 2);
      client.batchWriteItem(
          b ->
              b.requestItems(
                  Map.of(
                      name,
                      List.of(
                          WriteRequest.builder().putRequest(r -> r.item(first)).build(),
                          WriteRequest.builder().putRequest(r -> r.item(second)).build()))));
      QueryRequest partition =
          QueryRequest.builder()
              .tableName(name)
              .indexName(INDEX)
              .keyConditionExpression("tourney = :t AND area = :a")
              .expressionAttributeValues(Map.of(":t", s("t9"), ":a", s("eu")))
              .build();
      assertThat(client.query(partition).items()).containsExactly(first, second);

      Map<String, AttributeValue> moved = new LinkedHashMap<>(first);
      moved.put("area", s("na"));
      client.batchWriteItem(
          b ->
              b.requestItems(
                  Map.of(
                      name,
                      List.of(
                          WriteRequest.builder().putRequest(r -> r.item(moved)).build(),
                          WriteRequest.builder()
                              .deleteRequest(
                                  DeleteRequest.builder()
                                      .key(Map.of("id", second.get("id")))
                                      .build())
                              .build()))));
      assertThat(client.query(partition).items()).isEmpty();
      assertThat(
              client
                  .query(
                      partition.toBuilder()
                          .expressionAttributeValues(Map.of(":t", s("t9"), ":a", s("na")))
                          .build())
                  .items())
          .containsExactly(moved);
      client.deleteItem(b -> b.tableName(name).key(Map.of("id", moved.get("id"))));
      assertThat(
              client
                  .describeTable(b -> b.tableName(name))
                  .table()
                  .globalSecondaryIndexes()
                  .get(0)
                  .itemCount())
          .isZero();
    }

    @Test
    void anIndexCreatedOnALiveTableIsBackfilledSkippingItemsWritesWouldRefuse()
        throws InterruptedException {
      String name = TablesIT.randomName();
      client.createTable(
          b ->
              b.tableName(name)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(definition("id", ScalarAttributeType.S))
                  .keySchema(key("id", KeyType.HASH)));
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        items.add(
            Map.of(
                "id", s("i" + i),
                "team", s("team" + (i % 2)),
                "tier", s("gold"),
                "grade", n(i)));
      }
      // Each of these is an index key value a write to the indexed table would refuse.
      items.add(
          Map.of("id", s("wrongType"), "team", s("team0"), "tier", s("gold"), "grade", s("x")));
      items.add(Map.of("id", s("empty"), "team", s("team0"), "tier", s(""), "grade", n(1)));
      items.add(
          Map.of(
              "id", s("tooLong"), "team", s("team0"), "tier", s("g".repeat(2049)), "grade", n(1)));
      for (Map<String, AttributeValue> item : items) {
        client.putItem(b -> b.tableName(name).item(item));
      }
      GlobalSecondaryIndexDescription created =
          client
              .updateTable(
                  b ->
                      b.tableName(name)
                          .attributeDefinitions(
                              definition("team", ScalarAttributeType.S),
                              definition("tier", ScalarAttributeType.S),
                              definition("grade", ScalarAttributeType.N))
                          .globalSecondaryIndexUpdates(
                              u ->
                                  u.create(
                                      c ->
                                          c.indexName("byTeam")
                                              .keySchema(
                                                  key("team", KeyType.HASH),
                                                  key("tier", KeyType.HASH),
                                                  key("grade", KeyType.RANGE))
                                              .projection(
                                                  p ->
                                                      p.projectionType(ProjectionType.KEYS_ONLY)))))
              .tableDescription()
              .globalSecondaryIndexes()
              .get(0);
      assertThat(created.keySchema())
          .containsExactly(
              key("team", KeyType.HASH), key("tier", KeyType.HASH), key("grade", KeyType.RANGE));
      GlobalSecondaryIndexDescription index = awaitActive(name);
      assertThat(index.itemCount()).isEqualTo(30);
      QueryResponse team0 =
          client.query(
              b ->
                  b.tableName(name)
                      .indexName("byTeam")
                      .keyConditionExpression("team = :t AND tier = :g AND grade >= :min")
                      .expressionAttributeValues(
                          Map.of(":t", s("team0"), ":g", s("gold"), ":min", n(0))));
      assertThat(team0.items())
          .extracting(item -> Integer.parseInt(item.get("grade").n()))
          .containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28);
      assertThat(team0.items().get(0).keySet())
          .containsExactlyInAnyOrder("id", "team", "tier", "grade");

      assertThat(
              validationMessage(
                  c -> c.putItem(b -> b.tableName(name).item(items.get(items.size() - 1)))))
          .isEqualTo(
              "One or more parameter values were invalid: Size of hash key has exceeded the"
                  + " maximum size limit of 2048 bytes. IndexName: byTeam, IndexKey: tier");

      client.updateTable(
          b ->
              b.tableName(name)
                  .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("byTeam"))));
      assertThat(
              validationMessage(
                  c ->
                      c.query(
                          b ->
                              b.tableName(name)
                                  .indexName("byTeam")
                                  .keyConditionExpression("team = :t AND tier = :g")
                                  .expressionAttributeValues(
                                      Map.of(":t", s("team0"), ":g", s("gold"))))))
          .isEqualTo("The table does not have the specified index: byTeam");
    }

    /**
     * The index, once its backfill is done (the backfill starts on the maintenance's next look at
     * the catalog); polled gently, since DescribeTable counts against the control-plane rate.
     */
    private GlobalSecondaryIndexDescription awaitActive(String name) throws InterruptedException {
      for (int attempt = 0; attempt < 600; attempt++) {
        GlobalSecondaryIndexDescription index =
            client.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes().get(0);
        if (index.indexStatus() == IndexStatus.ACTIVE) {
          return index;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("index of " + name + " never became ACTIVE");
    }
  }

  @Nested
  class Validation {
    @Test
    void describeTableShowsEveryKeyAttributeInSchemaOrder() {
      assertThat(
              client
                  .describeTable(b -> b.tableName(table))
                  .table()
                  .globalSecondaryIndexes()
                  .get(0)
                  .keySchema())
          .containsExactly(
              key("tourney", KeyType.HASH),
              key("area", KeyType.HASH),
              key("stage", KeyType.RANGE),
              key("side", KeyType.RANGE),
              key("seq", KeyType.RANGE));
    }

    @Test
    void aQueryUsesEveryPartitionAttributeAndSortAttributesWithoutGaps() {
      assertThat(
              validationMessage(
                  c ->
                      c.query(
                          b ->
                              b.tableName(table)
                                  .indexName(INDEX)
                                  .keyConditionExpression("tourney = :t")
                                  .expressionAttributeValues(Map.of(":t", s("t1"))))))
          .isEqualTo("Query condition missed key schema element: area");
      assertThat(validationMessage(c -> c.query(query(" AND side = :d", ":d", s("lower")))))
          .isEqualTo("Query condition missed key schema element: stage");
      assertThat(
              validationMessage(
                  c -> c.query(query(" AND stage = :s AND seq = :q", ":s", s("semi"), ":q", n(1)))))
          .isEqualTo("Query condition missed key schema element: side");
      assertThat(
              validationMessage(
                  c ->
                      c.query(
                          query(" AND stage > :s AND side = :d", ":s", s("final"), ":d", s("x")))))
          .isEqualTo(
              "Query key condition not supported: only the last sort key attribute of a condition"
                  + " may use a range operator; stage must be compared with =");
      assertThat(validationMessage(c -> c.query(query(" AND stage = :s", ":s", n(1)))))
          .isEqualTo(
              "One or more parameter values were invalid: Condition parameter type does not match"
                  + " schema type");
    }

    @Test
    void writesRefuseIndexKeyValuesOfTheWrongType() {
      Map<String, AttributeValue> wrong = match(900, "t1", "eu", "semi", "lower", 1);
      wrong.put("seq", s("one"));
      assertThat(validationMessage(c -> c.putItem(b -> b.tableName(table).item(wrong))))
          .isEqualTo(
              "One or more parameter values were invalid: Type mismatch for Index Key seq"
                  + " Expected: N Actual: S IndexName: byMatch");
    }

    @Test
    void createTableRefusesKeySchemasBeyondTheRules() {
      CreateTableRequest valid = matchTable(TablesIT.randomName());
      GlobalSecondaryIndex index = valid.globalSecondaryIndexes().get(0);
      List<AttributeDefinition> definitions = new ArrayList<>(valid.attributeDefinitions());
      for (String extra : List.of("e1", "e2", "e3")) {
        definitions.add(definition(extra, ScalarAttributeType.S));
      }
      assertThat(
              validationMessage(
                  c ->
                      c.createTable(
                          valid.toBuilder()
                              .attributeDefinitions(definitions)
                              .globalSecondaryIndexes(
                                  index.toBuilder()
                                      .keySchema(
                                          key("tourney", KeyType.HASH),
                                          key("area", KeyType.HASH),
                                          key("e1", KeyType.HASH),
                                          key("e2", KeyType.HASH),
                                          key("e3", KeyType.HASH),
                                          key("stage", KeyType.RANGE))
                                      .build())
                              .build())))
          .isEqualTo(
              "One or more parameter values were invalid: The partition key in the KeySchema of"
                  + " index byMatch has 5 HASH elements; at most 4 are allowed");
      assertThat(
              validationMessage(
                  c ->
                      c.createTable(
                          valid.toBuilder()
                              .globalSecondaryIndexes(
                                  index.toBuilder()
                                      .keySchema(
                                          key("tourney", KeyType.HASH),
                                          key("stage", KeyType.RANGE),
                                          key("area", KeyType.HASH),
                                          key("side", KeyType.RANGE),
                                          key("seq", KeyType.RANGE))
                                      .build())
                              .build())))
          .isEqualTo(
              "Invalid KeySchema: The HASH key attributes of index byMatch must come before its"
                  + " RANGE key attributes");
      assertThat(
              validationMessage(
                  c ->
                      c.createTable(
                          valid.toBuilder()
                              .globalSecondaryIndexes(
                                  index.toBuilder()
                                      .keySchema(
                                          key("tourney", KeyType.HASH),
                                          key("area", KeyType.HASH),
                                          key("stage", KeyType.RANGE),
                                          key("side", KeyType.RANGE),
                                          key("seq", KeyType.RANGE),
                                          key("side", KeyType.RANGE))
                                      .build())
                              .build())))
          .isEqualTo(
              "Invalid KeySchema: Attribute side appears more than once in the KeySchema of index"
                  + " byMatch");
      // Tables and local indexes keep their two-element limit.
      assertThat(
              validationMessage(
                  c ->
                      c.createTable(
                          valid.toBuilder()
                              .keySchema(
                                  key("id", KeyType.HASH),
                                  key("stage", KeyType.RANGE),
                                  key("side", KeyType.RANGE))
                              .build())))
          .startsWith("1 validation error detected: Value '[KeySchemaElement(AttributeName=id,")
          .endsWith(
              "failed to satisfy constraint: Member must have length less than or equal to 2");
    }
  }
}

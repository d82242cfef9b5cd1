package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.testing.DynamoDbLocal;
import io.strata.service.testing.LocalDeviations;
import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Local and global secondary indexes through the SDK, differential against DynamoDB Local where it
 * behaves as DynamoDB does. Every table has the same three indexes: {@code byLocal} (LSI on {@code
 * pk}/{@code lsk}, INCLUDE {@code y}), {@code byGroup} (GSI on {@code g1}/{@code g1s}, INCLUDE
 * {@code x}) and {@code byKeys} (GSI on {@code g2}/{@code g2s}, KEYS_ONLY). Test data keeps index
 * sort values unique within an index partition: items with equal index keys have no defined order,
 * and DynamoDB Local orders them by an internal hash no server could reproduce.
 */
@Timeout(300)
class SecondaryIndexIT {
  private static final String LSI = "byLocal";
  private static final String GSI_INCLUDE = "byGroup";
  private static final String GSI_KEYS = "byKeys";
  private static final int PARTITIONS = 4;
  private static final int ITEMS_PER_PARTITION = 30;

  private static DynamoDbClient ours;
  private static DynamoDbClient reference;
  private static String loaded;

  @BeforeAll
  static void connect() {
    ours = StrataTestServer.shared().client();
    reference = DynamoDbLocal.shared().client();
    loaded = TablesIT.randomName();
    onBoth(client -> client.createTable(indexedTable(loaded)));
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      for (int s = 0; s < ITEMS_PER_PARTITION; s++) {
        items.add(item(p, s));
      }
    }
    for (Map<String, AttributeValue> item : items) {
      onBoth(client -> client.putItem(b -> b.tableName(loaded).item(item)));
    }
  }

  @AfterAll
  static void disconnect() {
    ours.close();
    reference.close();
  }

  static CreateTableRequest indexedTable(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            definition("pk", ScalarAttributeType.S),
            definition("sk", ScalarAttributeType.N),
            definition("lsk", ScalarAttributeType.S),
            definition("g1", ScalarAttributeType.S),
            definition("g1s", ScalarAttributeType.N),
            definition("g2", ScalarAttributeType.N),
            definition("g2s", ScalarAttributeType.S))
        .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
        .localSecondaryIndexes(
            LocalSecondaryIndex.builder()
                .indexName(LSI)
                .keySchema(key("pk", KeyType.HASH), key("lsk", KeyType.RANGE))
                .projection(
                    Projection.builder()
                        .projectionType(ProjectionType.INCLUDE)
                        .nonKeyAttributes("y")
                        .build())
                .build())
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(GSI_INCLUDE)
                .keySchema(key("g1", KeyType.HASH), key("g1s", KeyType.RANGE))
                .projection(
                    Projection.builder()
                        .projectionType(ProjectionType.INCLUDE)
                        .nonKeyAttributes("x")
                        .build())
                .build(),
            GlobalSecondaryIndex.builder()
                .indexName(GSI_KEYS)
                .keySchema(key("g2", KeyType.HASH), key("g2s", KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                .build())
        .build();
  }

  private static AttributeDefinition definition(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  /**
   * Item {@code s} of partition {@code p}. Sparse on purpose: every fifth lacks the LSI's sort key,
   * every fourth the first GSI's sort key, every third the second GSI's partition key.
   */
  static Map<String, AttributeValue> item(int p, int s) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("p" + p));
    item.put("sk", AttributeValue.fromN(Integer.toString(s)));
    if (s % 5 != 0) {
      item.put("lsk", AttributeValue.fromS(String.format("l%02d", (s * 7) % ITEMS_PER_PARTITION)));
    }
    item.put("g1", AttributeValue.fromS("h" + (s % 3)));
    if (s % 4 != 0) {
      item.put("g1s", AttributeValue.fromN(Integer.toString(p * 100 - s)));
    }
    if (s % 3 != 0) {
      item.put("g2", AttributeValue.fromN(Integer.toString(s % 2)));
      item.put("g2s", AttributeValue.fromS(String.format("p%d#%02d", p, s)));
    }
    item.put("x", AttributeValue.fromS("x" + s));
    item.put("y", AttributeValue.fromN(Integer.toString(p * s)));
    item.put("z", AttributeValue.fromS("not projected"));
    return item;
  }

  static void onBoth(Consumer<DynamoDbClient> action) {
    action.accept(ours);
    action.accept(reference);
  }

  static <T> void sameOnBoth(Function<DynamoDbClient, T> request) {
    assertThat(request.apply(ours)).isEqualTo(request.apply(reference));
  }

  static String validationMessage(DynamoDbClient client, Consumer<DynamoDbClient> request) {
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

  static void sameErrorOnBoth(Consumer<DynamoDbClient> request) {
    String ourMessage = validationMessage(ours, request);
    String theirMessage = validationMessage(reference, request);
    assertThat(LocalDeviations.isSameError(ourMessage, theirMessage))
        .as("%s, DynamoDB Local: %s", ourMessage, theirMessage)
        .isTrue();
  }

  private static QueryRequest.Builder query(String index, String condition, Object... values) {
    Map<String, AttributeValue> bound = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i += 2) {
      bound.put((String) values[i], (AttributeValue) values[i + 1]);
    }
    return QueryRequest.builder()
        .tableName(loaded)
        .indexName(index)
        .keyConditionExpression(condition)
        .expressionAttributeValues(bound)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
  }

  /** Compares every page of the query, forward and backward, unlimited and in small pages. */
  private static void sameQueryPages(QueryRequest request) {
    for (boolean forward : List.of(true, false)) {
      for (Integer limit : new Integer[] {null, 1, 7}) {
        QueryRequest variant = request.toBuilder().scanIndexForward(forward).limit(limit).build();
        List<QueryScanIT.Page> ourPages = QueryScanIT.allPages(ours, variant);
        assertThat(ourPages)
            .as("%s forward=%s limit=%s", request, forward, limit)
            .isEqualTo(QueryScanIT.allPages(reference, variant));
      }
    }
  }

  @Nested
  class Querying {
    @Test
    void localIndexQueriesMatchDynamoDbForEveryKeyConditionOperator() {
      AttributeValue partition = AttributeValue.fromS("p2");
      List<String> conditions =
          List.of(
              "pk = :p",
              "pk = :p AND lsk = :a",
              "pk = :p AND lsk < :a",
              "pk = :p AND lsk <= :a",
              "pk = :p AND lsk > :a",
              "pk = :p AND lsk >= :a",
              "pk = :p AND lsk BETWEEN :a AND :b",
              "pk = :p AND begins_with(lsk, :c)");
      for (String condition : conditions) {
        List<Object> values = new ArrayList<>(List.of(":p", partition));
        if (condition.contains(":a")) {
          values.addAll(List.of(":a", AttributeValue.fromS("l14")));
        }
        if (condition.contains(":b")) {
          values.addAll(List.of(":b", AttributeValue.fromS("l25")));
        }
        if (condition.contains(":c")) {
          values.addAll(List.of(":c", AttributeValue.fromS("l1")));
        }
        sameQueryPages(query(LSI, condition, values.toArray()).build());
      }
    }

    @Test
    void globalIndexQueriesMatchDynamoDbAcrossTablePartitions() {
      for (String group : List.of("h0", "h1", "h2", "nothing")) {
        sameQueryPages(query(GSI_INCLUDE, "g1 = :g", ":g", AttributeValue.fromS(group)).build());
        sameQueryPages(
            query(
                    GSI_INCLUDE,
                    "g1 = :g AND g1s BETWEEN :a AND :b",
                    ":g",
                    AttributeValue.fromS(group),
                    ":a",
                    AttributeValue.fromN("-20"),
                    ":b",
                    AttributeValue.fromN("180"))
                .build());
      }
      for (String parity : List.of("0", "1")) {
        AttributeValue g2 = AttributeValue.fromN(parity);
        sameQueryPages(query(GSI_KEYS, "g2 = :g", ":g", g2).build());
        sameQueryPages(
            query(
                    GSI_KEYS,
                    "g2 = :g AND begins_with(g2s, :s)",
                    ":g",
                    g2,
                    ":s",
                    AttributeValue.fromS("p1#"))
                .build());
        sameQueryPages(
            query(GSI_KEYS, "g2 = :g AND g2s > :s", ":g", g2, ":s", AttributeValue.fromS("p2#1"))
                .build());
      }
    }

    @Test
    void indexesReturnTheirProjectionAndLocalIndexesFetchTheRest() {
      QueryRequest local = query(LSI, "pk = :p", ":p", AttributeValue.fromS("p1")).build();
      assertThat(ours.query(local).items().get(0).keySet())
          .containsExactlyInAnyOrder("pk", "sk", "lsk", "y");
      sameQueryPages(local.toBuilder().select(Select.ALL_ATTRIBUTES).build());
      sameQueryPages(local.toBuilder().projectionExpression("z, lsk").build());
      sameQueryPages(local.toBuilder().select(Select.COUNT).build());
      sameQueryPages(
          query(LSI, "pk = :p", ":p", AttributeValue.fromS("p1"), ":v", AttributeValue.fromN("20"))
              .filterExpression("y > :v")
              .build());
      QueryRequest keysOnly = query(GSI_KEYS, "g2 = :g", ":g", AttributeValue.fromN("1")).build();
      assertThat(ours.query(keysOnly).items().get(0).keySet())
          .containsExactlyInAnyOrder("pk", "sk", "g2", "g2s");
    }

    @Test
    void scansOfAnIndexSeeExactlyItsEntries() {
      for (String index : List.of(LSI, GSI_INCLUDE, GSI_KEYS)) {
        ScanRequest scan = ScanRequest.builder().tableName(loaded).indexName(index).build();
        Set<Map<String, AttributeValue>> whole = new HashSet<>(reference.scan(scan).items());
        assertThat(new HashSet<>(ours.scan(scan).items())).as(index).isEqualTo(whole);
        assertThat(pagedScan(scan.toBuilder().limit(7).build())).as(index).isEqualTo(whole);
        Set<Map<String, AttributeValue>> segments = new HashSet<>();
        for (int segment = 0; segment < 3; segment++) {
          segments.addAll(
              pagedScan(scan.toBuilder().segment(segment).totalSegments(3).limit(5).build()));
        }
        assertThat(segments).as(index).isEqualTo(whole);
        sameOnBoth(client -> client.scan(scan.toBuilder().select(Select.COUNT).build()).count());
      }
    }

    private Set<Map<String, AttributeValue>> pagedScan(ScanRequest scan) {
      Set<Map<String, AttributeValue>> items = new HashSet<>();
      Map<String, AttributeValue> start = null;
      do {
        ScanResponse page = ours.scan(scan.toBuilder().exclusiveStartKey(start).build());
        assertThat(items.addAll(page.items()) || page.items().isEmpty()).isTrue();
        start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
      } while (start != null);
      return items;
    }
  }

  @Nested
  class Maintenance {
    @Test
    void updatesMoveItemsBetweenIndexPartitionsAndDeletesRemoveThem() {
      String table = TablesIT.randomName();
      onBoth(client -> client.createTable(indexedTable(table)));
      Map<String, AttributeValue> key =
          Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1"));
      Map<String, AttributeValue> item = new LinkedHashMap<>(key);
      item.put("g1", AttributeValue.fromS("before"));
      item.put("g1s", AttributeValue.fromN("5"));
      item.put("lsk", AttributeValue.fromS("k"));
      onBoth(client -> client.putItem(b -> b.tableName(table).item(item)));
      onBoth(
          client ->
              client.updateItem(
                  b ->
                      b.tableName(table)
                          .key(key)
                          .updateExpression("SET g1 = :g REMOVE lsk")
                          .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("after")))));
      for (String group : List.of("before", "after")) {
        sameOnBoth(
            client ->
                client
                    .query(
                        b ->
                            b.tableName(table)
                                .indexName(GSI_INCLUDE)
                                .keyConditionExpression("g1 = :g")
                                .expressionAttributeValues(
                                    Map.of(":g", AttributeValue.fromS(group))))
                    .items());
      }
      assertThat(indexCount(ours, table, LSI)).isZero();
      assertThat(indexCount(ours, table, GSI_INCLUDE)).isEqualTo(1);
      onBoth(client -> client.deleteItem(b -> b.tableName(table).key(key)));
      assertThat(indexCount(ours, table, GSI_INCLUDE)).isZero();
      assertThat(ours.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes())
          .allSatisfy(index -> assertThat(index.itemCount()).isZero());
    }

    private static int indexCount(DynamoDbClient client, String table, String index) {
      return client.scan(b -> b.tableName(table).indexName(index).select(Select.COUNT)).count();
    }

    @Test
    void writesChargeEveryIndexWhoseEntryChangedAsDynamoDbDoes() {
      String table = TablesIT.randomName();
      onBoth(client -> client.createTable(indexedTable(table)));
      Map<String, AttributeValue> key =
          Map.of("pk", AttributeValue.fromS("c"), "sk", AttributeValue.fromN("1"));
      Map<String, AttributeValue> item = new LinkedHashMap<>(item(0, 1));
      item.putAll(key);
      List<Function<DynamoDbClient, ConsumedCapacity>> writes =
          List.of(
              client -> put(client, table, item),
              client -> put(client, table, item),
              client -> put(client, table, with(item, "g1", AttributeValue.fromS("moved"))),
              client -> put(client, table, with(item, "x", AttributeValue.fromS("changed"))));
      for (Function<DynamoDbClient, ConsumedCapacity> write : writes) {
        sameOnBoth(write);
      }
      sameOnBoth(
          client ->
              client
                  .deleteItem(
                      b ->
                          b.tableName(table)
                              .key(key)
                              .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
                  .consumedCapacity());
    }

    private static ConsumedCapacity put(
        DynamoDbClient client, String table, Map<String, AttributeValue> item) {
      return client
          .putItem(
              b ->
                  b.tableName(table)
                      .item(item)
                      .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
          .consumedCapacity();
    }

    private static Map<String, AttributeValue> with(
        Map<String, AttributeValue> item, String name, AttributeValue value) {
      Map<String, AttributeValue> changed = new LinkedHashMap<>(item);
      changed.put(name, value);
      return changed;
    }
  }

  @Nested
  class Capacity {
    @Test
    void indexReadsAreReportedPerIndexAsDynamoDbReportsThem() {
      for (String index : List.of(LSI, GSI_INCLUDE)) {
        QueryRequest request =
            (index.equals(LSI)
                    ? query(LSI, "pk = :p", ":p", AttributeValue.fromS("p3"))
                    : query(GSI_INCLUDE, "g1 = :g", ":g", AttributeValue.fromS("h1")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                .build();
        sameOnBoth(client -> client.query(request).consumedCapacity());
      }
      // Items fetched through a local index are charged to the table, each read on its own.
      QueryRequest fetching =
          query(LSI, "pk = :p", ":p", AttributeValue.fromS("p3"))
              .select(Select.ALL_ATTRIBUTES)
              .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
              .build();
      sameOnBoth(client -> client.query(fetching).consumedCapacity());
    }
  }

  @Nested
  class Validation {
    @Test
    void describeTableShowsTheIndexesAsDynamoDbDoes() {
      TableDescription ourTable = ours.describeTable(b -> b.tableName(loaded)).table();
      TableDescription theirTable = reference.describeTable(b -> b.tableName(loaded)).table();
      assertThat(ourTable.localSecondaryIndexes())
          .map(LocalSecondaryIndexDescription::indexName)
          .containsExactly(LSI);
      for (int i = 0; i < 1; i++) {
        LocalSecondaryIndexDescription our = ourTable.localSecondaryIndexes().get(i);
        LocalSecondaryIndexDescription their = theirTable.localSecondaryIndexes().get(i);
        assertThat(our.keySchema()).isEqualTo(their.keySchema());
        assertThat(our.projection()).isEqualTo(their.projection());
        assertThat(our.itemCount()).isEqualTo(their.itemCount());
        assertThat(our.indexArn()).isEqualTo(ourTable.tableArn() + "/index/" + LSI);
      }
      assertThat(ourTable.globalSecondaryIndexes())
          .map(GlobalSecondaryIndexDescription::indexName)
          .containsExactly(GSI_INCLUDE, GSI_KEYS);
      for (int i = 0; i < 2; i++) {
        GlobalSecondaryIndexDescription our = ourTable.globalSecondaryIndexes().get(i);
        GlobalSecondaryIndexDescription their = theirTable.globalSecondaryIndexes().get(i);
        assertThat(our.keySchema()).isEqualTo(their.keySchema());
        assertThat(our.projection()).isEqualTo(their.projection());
        assertThat(our.indexStatus()).isEqualTo(their.indexStatus());
        assertThat(our.itemCount()).isEqualTo(their.itemCount());
        assertThat(our.indexSizeBytes()).isPositive();
        assertThat(our.indexArn()).isEqualTo(ourTable.tableArn() + "/index/" + our.indexName());
        // DynamoDB shows an on-demand table's index throughput as zeros; DynamoDB Local omits it.
        assertThat(our.provisionedThroughput().readCapacityUnits()).isZero();
        assertThat(our.provisionedThroughput().numberOfDecreasesToday()).isZero();
      }
    }

    @Test
    void indexKeysOfTheWrongTypeOrEmptyAreRefused() {
      Map<String, AttributeValue> wrongType = new LinkedHashMap<>(item(0, 1));
      wrongType.put("g1s", AttributeValue.fromS("text"));
      Consumer<DynamoDbClient> put = c -> c.putItem(b -> b.tableName(loaded).item(wrongType));
      // DynamoDB Local cuts the message short; AWS names the attribute, both types and the index.
      assertThat(validationMessage(ours, put))
          .isEqualTo(
              "One or more parameter values were invalid: Type mismatch for Index Key g1s"
                  + " Expected: N Actual: S IndexName: byGroup")
          .startsWith(validationMessage(reference, put));
      assertThat(
              validationMessage(
                  ours,
                  c ->
                      c.updateItem(
                          b ->
                              b.tableName(loaded)
                                  .key(
                                      Map.of(
                                          "pk",
                                          AttributeValue.fromS("p0"),
                                          "sk",
                                          AttributeValue.fromN("1")))
                                  .updateExpression("SET g2 = :v")
                                  .expressionAttributeValues(
                                      Map.of(":v", AttributeValue.fromS("text"))))))
          .isEqualTo(
              "One or more parameter values were invalid: Type mismatch for Index Key g2"
                  + " Expected: N Actual: S IndexName: byKeys");
      Map<String, AttributeValue> empty = new LinkedHashMap<>(item(0, 1));
      empty.put("g1", AttributeValue.fromS(""));
      sameErrorOnBoth(c -> c.putItem(b -> b.tableName(loaded).item(empty)));
      sameOnBoth(
          client ->
              client
                  .getItem(
                      b ->
                          b.tableName(loaded)
                              .key(
                                  Map.of(
                                      "pk",
                                      AttributeValue.fromS("p0"),
                                      "sk",
                                      AttributeValue.fromN("1"))))
                  .item());
    }

    @Test
    void indexReadsAreCheckedAgainstTheIndex() {
      QueryRequest keysOnly = query(GSI_KEYS, "g2 = :g", ":g", AttributeValue.fromN("1")).build();
      sameErrorOnBoth(c -> c.query(keysOnly.toBuilder().indexName("missing").build()));
      sameErrorOnBoth(c -> c.query(keysOnly.toBuilder().select(Select.ALL_ATTRIBUTES).build()));
      sameErrorOnBoth(c -> c.query(keysOnly.toBuilder().projectionExpression("x").build()));
      sameErrorOnBoth(
          c -> c.query(query(GSI_KEYS, "pk = :g", ":g", AttributeValue.fromS("p1")).build()));
      sameErrorOnBoth(
          c ->
              c.query(
                  keysOnly.toBuilder()
                      .exclusiveStartKey(
                          Map.of("pk", AttributeValue.fromS("p1"), "sk", AttributeValue.fromN("1")))
                      .build()));
      // DynamoDB Local words it "Consistent read cannot be true when querying a GSI".
      assertThat(
              validationMessage(
                  ours, c -> c.query(keysOnly.toBuilder().consistentRead(true).build())))
          .isEqualTo("Consistent reads are not supported on global secondary indexes");
      validationMessage(reference, c -> c.query(keysOnly.toBuilder().consistentRead(true).build()));
      assertThat(
              validationMessage(
                  ours,
                  c -> c.scan(b -> b.tableName(loaded).indexName(GSI_KEYS).consistentRead(true))))
          .isEqualTo("Consistent reads are not supported on global secondary indexes");
      assertThat(
              ours.query(
                      query(LSI, "pk = :p", ":p", AttributeValue.fromS("p1"))
                          .consistentRead(true)
                          .build())
                  .count())
          .isPositive();
    }

    @Test
    void createTableRefusesInvalidIndexes() {
      CreateTableRequest valid = indexedTable(TablesIT.randomName());
      assertThat(
              validationMessage(
                  ours,
                  c ->
                      c.createTable(
                          valid.toBuilder()
                              .localSecondaryIndexes(
                                  valid.localSecondaryIndexes().get(0).toBuilder()
                                      .keySchema(key("g1", KeyType.HASH), key("lsk", KeyType.RANGE))
                                      .build())
                              .build())))
          .isEqualTo(
              "One or more parameter values were invalid: Index KeySchema does not have the same"
                  + " leading hash key as table KeySchema for index: byLocal. index hash key: g1,"
                  + " table hash key: pk");
      assertThat(
              validationMessage(
                  ours,
                  c ->
                      c.createTable(
                          valid.toBuilder()
                              .globalSecondaryIndexes(valid.globalSecondaryIndexes().get(0))
                              .build())))
          .isEqualTo(
              "One or more parameter values were invalid: Some AttributeDefinitions are not used."
                  + " AttributeDefinitions: [pk, sk, lsk, g1, g1s, g2, g2s], keys used: [pk, sk,"
                  + " lsk, g1, g1s]");
      assertThat(
              validationMessage(
                  ours,
                  c ->
                      c.createTable(
                          valid.toBuilder()
                              .globalSecondaryIndexes(
                                  valid.globalSecondaryIndexes().get(0),
                                  valid.globalSecondaryIndexes().get(1).toBuilder()
                                      .indexName(LSI)
                                      .build())
                              .build())))
          .isEqualTo("One or more parameter values were invalid: Duplicate index name: byLocal");
      assertThat(
              validationMessage(
                  ours,
                  c ->
                      c.createTable(
                          valid.toBuilder()
                              .globalSecondaryIndexes(
                                  valid.globalSecondaryIndexes().get(0).toBuilder()
                                      .provisionedThroughput(
                                          t -> t.readCapacityUnits(1L).writeCapacityUnits(1L))
                                      .build(),
                                  valid.globalSecondaryIndexes().get(1))
                              .build())))
          .isEqualTo(
              "One or more parameter values were invalid: ProvisionedThroughput should not be"
                  + " specified for index: byGroup when BillingMode is PAY_PER_REQUEST");
      assertThat(
              validationMessage(
                  ours,
                  c ->
                      c.createTable(
                          valid.toBuilder()
                              .globalSecondaryIndexes(
                                  valid.globalSecondaryIndexes().get(0).toBuilder()
                                      .projection(
                                          Projection.builder()
                                              .projectionType(ProjectionType.ALL)
                                              .nonKeyAttributes("x")
                                              .build())
                                      .build(),
                                  valid.globalSecondaryIndexes().get(1))
                              .build())))
          .isEqualTo(
              "One or more parameter values were invalid: ProjectionType is ALL, but"
                  + " NonKeyAttributes is specified");
    }
  }
}

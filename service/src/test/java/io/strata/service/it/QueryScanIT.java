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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Query and Scan through the SDK, most of it differential: the same tables and requests on Strata
 * and on DynamoDB Local must give the same pages (items, order, counts, LastEvaluatedKey, capacity)
 * and the same errors.
 */
@Timeout(300)
class QueryScanIT {
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

  static CreateTableRequest table(String name, ScalarAttributeType sortKeyType) {
    return TablesIT.hashAndRange(name, sortKeyType).build();
  }

  /** Runs {@code action} on both servers. */
  static void onBoth(Consumer<DynamoDbClient> action) {
    action.accept(ours);
    action.accept(reference);
  }

  static void load(String table, List<Map<String, AttributeValue>> items) {
    for (int from = 0; from < items.size(); from += 25) {
      List<WriteRequest> batch =
          items.subList(from, Math.min(items.size(), from + 25)).stream()
              .map(
                  item ->
                      WriteRequest.builder()
                          .putRequest(PutRequest.builder().item(item).build())
                          .build())
              .toList();
      onBoth(client -> client.batchWriteItem(b -> b.requestItems(Map.of(table, batch))));
    }
  }

  static Map<String, AttributeValue> item(String pk, AttributeValue sk, String payload) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS(pk));
    item.put("sk", sk);
    item.put("payload", AttributeValue.fromS(payload));
    return item;
  }

  /** What a page shows a client, for comparing servers. */
  record Page(
      List<Map<String, AttributeValue>> items,
      int count,
      int scannedCount,
      Map<String, AttributeValue> lastEvaluatedKey,
      Double capacity) {
    static Page of(QueryResponse response) {
      return new Page(
          response.items(),
          response.count(),
          response.scannedCount(),
          response.lastEvaluatedKey(),
          response.consumedCapacity() == null ? null : response.consumedCapacity().capacityUnits());
    }

    static Page of(ScanResponse response) {
      return new Page(
          response.items(),
          response.count(),
          response.scannedCount(),
          response.lastEvaluatedKey(),
          response.consumedCapacity() == null ? null : response.consumedCapacity().capacityUnits());
    }
  }

  /**
   * Every page of a Query, following LastEvaluatedKey to the end; see {@link
   * #withoutEmptyPageCapacity} for the one figure left out.
   */
  static List<Page> allPages(DynamoDbClient client, QueryRequest request) {
    List<Page> pages = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      Page page = Page.of(client.query(request.toBuilder().exclusiveStartKey(from).build()));
      pages.add(page);
      start = page.lastEvaluatedKey().isEmpty() ? null : page.lastEvaluatedKey();
    } while (start != null && pages.size() < 10_000);
    return withoutEmptyPageCapacity(pages);
  }

  static <T> void sameOnBoth(Function<DynamoDbClient, T> request) {
    assertThat(request.apply(ours)).isEqualTo(request.apply(reference));
  }

  /** The error message each server answers with; both must refuse. */
  static void sameErrorOnBoth(Consumer<DynamoDbClient> request) {
    List<String> messages = new ArrayList<>();
    for (DynamoDbClient client : List.of(ours, reference)) {
      assertThatThrownBy(() -> request.accept(client))
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                messages.add(e.awsErrorDetails().errorMessage());
              });
    }
    assertThat(LocalDeviations.isSameError(messages.get(0), messages.get(1)))
        .as("%s, DynamoDB Local: %s", messages.get(0), messages.get(1))
        .isTrue();
  }

  @Nested
  class Ordering {
    private static final List<String> NUMBERS =
        List.of(
            "-9.9999999999999999999999999999999999999e125",
            "-1e20",
            "-100",
            "-10",
            "-1.5",
            "-1",
            "-0.001",
            "0",
            "1e-130",
            "0.001",
            "0.5",
            "1",
            "1.0000000000000000000000000000000000001",
            "1.5",
            "2",
            "9",
            "10",
            "11",
            "100",
            "1e20",
            "9.9999999999999999999999999999999999999e125");
    private static final List<String> STRINGS =
        List.of(
            "a", "aa", "ab", "b", "B", "Z", "z", " ", "0", "9", "é", "日本", "😀", "a\u0000b", "~");
    private static final List<byte[]> BINARIES =
        List.of(
            new byte[] {0},
            new byte[] {0, 0},
            new byte[] {1},
            new byte[] {0x7f},
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0xff},
            new byte[] {(byte) 0xff, 0},
            new byte[] {1, 2, 3});

    @Test
    void numberSortKeysOrderNumericallyLikeDynamoDbLocal() {
      compareQueries(
          ScalarAttributeType.N,
          NUMBERS.stream().map(AttributeValue::fromN).toList(),
          List.of(
              AttributeValue.fromN("-1.5"), AttributeValue.fromN("0"), AttributeValue.fromN("10")));
    }

    @Test
    void stringSortKeysOrderByUtf8BytesLikeDynamoDbLocal() {
      compareQueries(
          ScalarAttributeType.S,
          STRINGS.stream().map(AttributeValue::fromS).toList(),
          List.of(AttributeValue.fromS("a"), AttributeValue.fromS("b"), AttributeValue.fromS("é")));
    }

    @Test
    void binarySortKeysOrderByUnsignedBytesLikeDynamoDbLocal() {
      compareQueries(
          ScalarAttributeType.B,
          BINARIES.stream()
              .map(bytes -> AttributeValue.fromB(SdkBytes.fromByteArray(bytes)))
              .toList(),
          List.of(
              AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0})),
              AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0x7f})),
              AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xff}))));
    }

    /**
     * Loads the sort keys into two partitions, then compares every page of every key-condition
     * operator (with each probe value as its operand), in both directions, with small and no
     * limits.
     */
    private void compareQueries(
        ScalarAttributeType type, List<AttributeValue> sortKeys, List<AttributeValue> probes) {
      String table = TablesIT.randomName();
      onBoth(client -> client.createTable(table(table, type)));
      List<Map<String, AttributeValue>> items = new ArrayList<>();
      for (String pk : List.of("p1", "p2")) {
        for (AttributeValue sk : sortKeys) {
          items.add(item(pk, sk, pk + sk));
        }
      }
      load(table, items);
      List<String> conditions =
          List.of(
              "pk = :p",
              "pk = :p AND sk = :a",
              "pk = :p AND sk < :a",
              "pk = :p AND sk <= :a",
              "pk = :p AND sk > :a",
              "pk = :p AND sk >= :a",
              "pk = :p AND sk BETWEEN :a AND :b");
      int compared = 0;
      for (String condition : conditions) {
        for (int i = 0; i < probes.size(); i++) {
          Map<String, AttributeValue> values = new LinkedHashMap<>();
          values.put(":p", AttributeValue.fromS("p1"));
          if (condition.contains(":a")) {
            values.put(":a", probes.get(i));
          }
          if (condition.contains(":b")) {
            values.put(":b", probes.get(probes.size() - 1));
          }
          for (boolean forward : List.of(true, false)) {
            for (Integer limit : new Integer[] {null, 3}) {
              QueryRequest request =
                  QueryRequest.builder()
                      .tableName(table)
                      .keyConditionExpression(condition)
                      .expressionAttributeValues(values)
                      .scanIndexForward(forward)
                      .limit(limit)
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                      .build();
              List<Page> expected = allPages(reference, request);
              assertThat(allPages(ours, request))
                  .as("%s %s forward=%s limit=%s", condition, values, forward, limit)
                  .isEqualTo(expected);
              compared++;
            }
          }
          if (!condition.contains(":a")) {
            break;
          }
        }
      }
      if (type == ScalarAttributeType.S) {
        QueryRequest prefix =
            QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :p AND begins_with(sk, :a)")
                .expressionAttributeValues(
                    Map.of(":p", AttributeValue.fromS("p1"), ":a", AttributeValue.fromS("a")))
                .build();
        assertThat(allPages(ours, prefix)).isEqualTo(allPages(reference, prefix));
      }
      assertThat(compared).isGreaterThan(50);
    }
  }

  /**
   * DynamoDB Local reports 0.0 capacity for a page that read nothing; Strata charges the minimum
   * read, as DynamoDB does for every read request. Only those figures are set aside.
   */
  static List<Page> withoutEmptyPageCapacity(List<Page> pages) {
    return pages.stream()
        .map(
            page ->
                page.scannedCount() == 0
                    ? new Page(page.items(), 0, 0, page.lastEvaluatedKey(), null)
                    : page)
        .toList();
  }

  @Nested
  class Paging {
    @Test
    void aPageStopsAfterTheItemThatCrossesOneMegabyteAndIsChargedForAllItRead() {
      String table = TablesIT.randomName();
      onBoth(client -> client.createTable(table(table, ScalarAttributeType.N)));
      String payload = "x".repeat(100 * 1024);
      load(
          table,
          IntStream.range(0, 25)
              .mapToObj(i -> item("big", AttributeValue.fromN(Integer.toString(i)), payload))
              .toList());
      QueryRequest request =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression("pk = :p")
              .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("big")))
              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
              .build();
      List<Page> pages = allPages(ours, request);
      assertThat(pages).isEqualTo(allPages(reference, request));
      assertThat(pages.get(0).count()).as("items of 100 KB in a 1 MB page").isEqualTo(11);
      ScanRequest scan =
          ScanRequest.builder()
              .tableName(table)
              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
              .build();
      ScanResponse first = ours.scan(scan);
      assertThat(Page.of(first)).isEqualTo(Page.of(reference.scan(scan)));
    }

    @Test
    void limitCountsItemsReadBeforeTheFilter() {
      String table = TablesIT.randomName();
      onBoth(client -> client.createTable(table(table, ScalarAttributeType.N)));
      load(
          table,
          IntStream.range(0, 40)
              .mapToObj(
                  i ->
                      item(
                          "f",
                          AttributeValue.fromN(Integer.toString(i)),
                          i % 3 == 0 ? "hit" : "miss"))
              .toList());
      for (Select select : List.of(Select.ALL_ATTRIBUTES, Select.COUNT)) {
        QueryRequest request =
            QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :p AND sk >= :from")
                .filterExpression("payload = :hit")
                .expressionAttributeValues(
                    Map.of(
                        ":p", AttributeValue.fromS("f"),
                        ":from", AttributeValue.fromN("5"),
                        ":hit", AttributeValue.fromS("hit")))
                .limit(7)
                .select(select)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build();
        List<Page> pages = allPages(ours, request);
        assertThat(pages).isEqualTo(allPages(reference, request));
        assertThat(pages.get(0).scannedCount()).isEqualTo(7);
        assertThat(pages.stream().mapToInt(Page::count).sum()).isEqualTo(12);
      }
      ScanRequest scan =
          ScanRequest.builder()
              .tableName(table)
              .filterExpression("payload = :hit")
              .expressionAttributeValues(Map.of(":hit", AttributeValue.fromS("hit")))
              .select(Select.COUNT)
              .build();
      sameOnBoth(client -> Page.of(client.scan(scan)));
    }

    @Test
    void projectionsAndLegacyParametersSelectTheSameAttributes() {
      String table = TablesIT.randomName();
      onBoth(client -> client.createTable(table(table, ScalarAttributeType.N)));
      load(
          table,
          IntStream.range(0, 10)
              .mapToObj(
                  i -> {
                    Map<String, AttributeValue> item =
                        item("l", AttributeValue.fromN(Integer.toString(i)), "p" + i);
                    item.put(
                        "doc",
                        AttributeValue.fromM(
                            Map.of(
                                "list",
                                AttributeValue.fromL(
                                    List.of(
                                        AttributeValue.fromN("1"), AttributeValue.fromS("two"))),
                                "n",
                                AttributeValue.fromN(Integer.toString(i)))));
                    return item;
                  })
              .toList());
      sameOnBoth(
          client ->
              allPages(
                  client,
                  QueryRequest.builder()
                      .tableName(table)
                      .keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
                      .projectionExpression("doc.#l[1], #n, sk")
                      .expressionAttributeNames(Map.of("#n", "payload", "#l", "list"))
                      .expressionAttributeValues(
                          Map.of(
                              ":p", AttributeValue.fromS("l"),
                              ":a", AttributeValue.fromN("2"),
                              ":b", AttributeValue.fromN("8")))
                      .scanIndexForward(false)
                      .limit(4)
                      .build()));
      sameOnBoth(
          client ->
              allPages(
                  client,
                  QueryRequest.builder()
                      .tableName(table)
                      .keyConditions(
                          Map.of(
                              "pk", condition(ComparisonOperator.EQ, AttributeValue.fromS("l")),
                              "sk", condition(ComparisonOperator.GT, AttributeValue.fromN("3"))))
                      .queryFilter(
                          Map.of(
                              "payload",
                              condition(
                                  ComparisonOperator.IN,
                                  AttributeValue.fromS("p4"),
                                  AttributeValue.fromS("p7"))))
                      .attributesToGet("sk", "payload")
                      .build()));
      sameOnBoth(
          client ->
              Page.of(
                  client.scan(
                      ScanRequest.builder()
                          .tableName(table)
                          .scanFilter(
                              Map.of(
                                  "doc",
                                  condition(ComparisonOperator.NOT_NULL),
                                  "payload",
                                  condition(
                                      ComparisonOperator.BEGINS_WITH, AttributeValue.fromS("p1"))))
                          .build())));
    }

    private static Condition condition(ComparisonOperator operator, AttributeValue... values) {
      return Condition.builder().comparisonOperator(operator).attributeValueList(values).build();
    }
  }

  @Nested
  class Paginators {
    @Test
    void queryAndParallelScanPaginatorsReadThousandsOfItemsExactlyOnce() {
      String table = TablesIT.randomName();
      ours.createTable(table(table, ScalarAttributeType.N));
      int partitions = 6;
      int perPartition = 500;
      String payload = "v".repeat(300);
      for (int p = 0; p < partitions; p++) {
        for (int from = 0; from < perPartition; from += 25) {
          String pk = "part-" + p;
          List<WriteRequest> batch =
              IntStream.range(from, from + 25)
                  .mapToObj(
                      i ->
                          WriteRequest.builder()
                              .putRequest(
                                  PutRequest.builder()
                                      .item(
                                          item(
                                              pk,
                                              AttributeValue.fromN(Integer.toString(i)),
                                              payload))
                                      .build())
                              .build())
                  .toList();
          ours.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
        }
      }
      List<Integer> sortKeys = new ArrayList<>();
      int pages = 0;
      for (QueryResponse page :
          ours.queryPaginator(
              b ->
                  b.tableName(table)
                      .keyConditionExpression("pk = :p")
                      .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("part-3")))
                      .scanIndexForward(false)
                      .limit(64))) {
        pages++;
        page.items().forEach(item -> sortKeys.add(Integer.parseInt(item.get("sk").n())));
      }
      assertThat(sortKeys)
          .containsExactlyElementsOf(
              IntStream.range(0, perPartition).map(i -> perPartition - 1 - i).boxed().toList());
      assertThat(pages).isEqualTo(8);

      int segments = 4;
      List<Set<String>> seen = new ArrayList<>();
      for (int segment = 0; segment < segments; segment++) {
        int current = segment;
        Set<String> keys = new HashSet<>();
        for (ScanResponse page :
            ours.scanPaginator(
                b -> b.tableName(table).segment(current).totalSegments(segments).limit(200))) {
          for (Map<String, AttributeValue> item : page.items()) {
            assertThat(keys.add(item.get("pk").s() + "/" + item.get("sk").n()))
                .as("an item seen twice in segment %d", current)
                .isTrue();
          }
        }
        seen.add(keys);
      }
      Set<String> union = new HashSet<>();
      seen.forEach(union::addAll);
      assertThat(seen.stream().mapToInt(Set::size).sum())
          .as("segments are disjoint")
          .isEqualTo(union.size());
      assertThat(union).hasSize(partitions * perPartition);
      assertThat(seen).allSatisfy(segment -> assertThat(segment).isNotEmpty());
    }
  }

  @Nested
  class Validation {
    private static String table;

    @BeforeAll
    static void createTable() {
      table = TablesIT.randomName();
      onBoth(client -> client.createTable(table(table, ScalarAttributeType.N)));
    }

    private QueryRequest.Builder query() {
      return QueryRequest.builder()
          .tableName(table)
          .keyConditionExpression("pk = :p AND sk > :s")
          .expressionAttributeValues(
              Map.of(":p", AttributeValue.fromS("a"), ":s", AttributeValue.fromN("5")));
    }

    @Test
    void selectMustAgreeWithTheProjection() {
      sameErrorOnBoth(c -> c.query(query().select(Select.SPECIFIC_ATTRIBUTES).build()));
      sameErrorOnBoth(
          c -> c.query(query().select(Select.ALL_ATTRIBUTES).projectionExpression("x").build()));
      sameErrorOnBoth(c -> c.query(query().select(Select.COUNT).projectionExpression("x").build()));
      sameErrorOnBoth(c -> c.query(query().select(Select.ALL_PROJECTED_ATTRIBUTES).build()));
      sameErrorOnBoth(c -> c.scan(b -> b.tableName(table).select(Select.ALL_PROJECTED_ATTRIBUTES)));
    }

    @Test
    void theStartKeyMustFitTheSchemaAndTheKeyCondition() {
      sameErrorOnBoth(
          c ->
              c.query(
                  query()
                      .exclusiveStartKey(
                          Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("1")))
                      .build()));
      sameErrorOnBoth(
          c ->
              c.query(
                  query()
                      .exclusiveStartKey(
                          Map.of("pk", AttributeValue.fromS("b"), "sk", AttributeValue.fromN("9")))
                      .build()));
      sameErrorOnBoth(
          c -> c.query(query().exclusiveStartKey(Map.of("pk", AttributeValue.fromS("a"))).build()));
    }

    @Test
    void keyConditionsAndFiltersFollowDynamoDbsRules() {
      sameErrorOnBoth(c -> c.query(b -> b.tableName(table)));
      sameErrorOnBoth(c -> c.query(query().filterExpression("sk > :s").build()));
      sameErrorOnBoth(
          c ->
              c.query(
                  b ->
                      b.tableName(table)
                          .keyConditionExpression("sk = :s")
                          .expressionAttributeValues(Map.of(":s", AttributeValue.fromN("1")))));
      sameErrorOnBoth(c -> c.scan(b -> b.tableName(table).segment(1)));
      sameErrorOnBoth(c -> c.scan(b -> b.tableName(table).totalSegments(3)));
      sameErrorOnBoth(c -> c.scan(b -> b.tableName(table).segment(3).totalSegments(3)));
    }
  }
}

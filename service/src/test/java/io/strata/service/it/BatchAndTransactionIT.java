package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.service.testing.DynamoDbLocal;
import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchGetItem, TransactWriteItems and TransactGetItems through the SDK. */
@Timeout(300)
class BatchAndTransactionIT {
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

  static Map<String, AttributeValue> key(String pk, int sk) {
    return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Integer.toString(sk)));
  }

  static Map<String, AttributeValue> item(String pk, int sk, String payload) {
    Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
    item.put("payload", AttributeValue.fromS(payload));
    return item;
  }

  static void putAll(
      DynamoDbClient target, String tableName, List<Map<String, AttributeValue>> items) {
    for (int from = 0; from < items.size(); from += 25) {
      List<WriteRequest> batch =
          items.subList(from, Math.min(items.size(), from + 25)).stream()
              .map(
                  i ->
                      WriteRequest.builder()
                          .putRequest(PutRequest.builder().item(i).build())
                          .build())
              .toList();
      target.batchWriteItem(b -> b.requestItems(Map.of(tableName, batch)));
    }
  }

  @Nested
  class BatchGet {
    @Test
    void readsUpToAHundredKeysWithProjectionsAndChargesLikeDynamoDbLocal() {
      String pk = "bg-" + UUID.randomUUID();
      List<Map<String, AttributeValue>> items =
          IntStream.range(0, 60).mapToObj(i -> item(pk, i, "x".repeat(i * 150))).toList();
      List<Map<String, AttributeValue>> keys =
          IntStream.range(0, 100).mapToObj(i -> key(pk, i)).toList();
      List<Double> units = new ArrayList<>();
      try (DynamoDbClient reference = DynamoDbLocal.shared().client()) {
        reference.createTable(TablesIT.hashAndRange(table).build());
        for (DynamoDbClient target : List.of(client, reference)) {
          putAll(target, table, items);
          BatchGetItemResponse response =
              target.batchGetItem(
                  b ->
                      b.requestItems(
                              Map.of(
                                  table,
                                  KeysAndAttributes.builder()
                                      .keys(keys)
                                      .projectionExpression("sk")
                                      .build()))
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
          assertThat(response.unprocessedKeys()).isEmpty();
          assertThat(response.responses().get(table))
              .extracting(item -> Integer.parseInt(item.get("sk").n()))
              .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 60).boxed().toList());
          assertThat(response.responses().get(table)).allSatisfy(i -> assertThat(i).hasSize(1));
          units.add(response.consumedCapacity().get(0).capacityUnits());
        }
        reference.deleteTable(b -> b.tableName(table));
      }
      assertThat(units.get(0)).isEqualTo(units.get(1));
    }

    @Test
    void refusesMoreThanAHundredKeysAndDuplicates() {
      List<Map<String, AttributeValue>> keys =
          IntStream.range(0, 101).mapToObj(i -> key("k", i)).toList();
      assertThatThrownBy(
              () ->
                  client.batchGetItem(
                      b ->
                          b.requestItems(
                              Map.of(table, KeysAndAttributes.builder().keys(keys).build()))))
          .hasMessageContaining("Too many items requested for the BatchGetItem call");
      assertThatThrownBy(
              () ->
                  client.batchGetItem(
                      b ->
                          b.requestItems(
                              Map.of(
                                  table,
                                  KeysAndAttributes.builder()
                                      .keys(key("k", 1), key("k", 1))
                                      .build()))))
          .hasMessageContaining("Provided list of item keys contains duplicates");
    }

    @Test
    void responsesStopAtSixteenMegabytesAndTheRestComesBackUnprocessed() {
      String pk = "big-" + UUID.randomUUID();
      String payload = "y".repeat(390 * 1024);
      List<Map<String, AttributeValue>> items =
          IntStream.range(0, 60).mapToObj(i -> item(pk, i, payload)).toList();
      putAll(client, table, items);
      Map<String, KeysAndAttributes> request =
          Map.of(
              table,
              KeysAndAttributes.builder()
                  .keys(IntStream.range(0, 60).mapToObj(i -> key(pk, i)).toList())
                  .consistentRead(true)
                  .build());
      int rounds = 0;
      int read = 0;
      while (!request.isEmpty()) {
        Map<String, KeysAndAttributes> next = request;
        BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(next));
        int returned = response.responses().getOrDefault(table, List.of()).size();
        assertThat((long) returned * payload.length()).isLessThanOrEqualTo(16L * 1024 * 1024);
        read += returned;
        request = response.unprocessedKeys();
        if (!request.isEmpty()) {
          assertThat(request.get(table).consistentRead()).isTrue();
        }
        rounds++;
      }
      assertThat(read).isEqualTo(60);
      assertThat(rounds).isGreaterThanOrEqualTo(2);
    }
  }

  @Nested
  class BatchWrite {
    private static final String HASH =
        "com\\.amazonaws\\.dynamodb\\.v20120810\\.AttributeValue@[0-9a-f]+";

    /**
     * DynamoDB prints the requests of a table with more than 25 as its Java model does (a capture
     * is quoted at {@code BatchWriteItem.describe}); never as our own objects.
     */
    @Test
    void moreThanTwentyFiveRequestsForATableArePrintedAsDynamoDbPrintsThem() {
      List<WriteRequest> puts = new ArrayList<>();
      List<WriteRequest> deletes = new ArrayList<>();
      for (int i = 0; i < 26; i++) {
        // in this order: Map.of's iteration order changes from one JVM to the next
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS("over"));
        item.put("sk", AttributeValue.fromN(Integer.toString(i)));
        item.put("payload", AttributeValue.fromS("p"));
        puts.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
        Map<String, AttributeValue> key = key("over", i);
        deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(key)).build());
      }
      String put =
          "WriteRequest\\(putRequest=PutRequest\\(item=\\{pk="
              + HASH
              + ", sk="
              + HASH
              + ", payload="
              + HASH
              + "\\}, workloadProfileName=null\\), deleteRequest=null\\)";
      assertRefusedPrinting(puts, put);
      String delete =
          "WriteRequest\\(putRequest=null, deleteRequest=DeleteRequest\\(key=\\{(pk|sk)="
              + HASH
              + ", (pk|sk)="
              + HASH
              + "\\}\\)\\)";
      assertRefusedPrinting(deletes, delete);
    }

    private void assertRefusedPrinting(List<WriteRequest> requests, String oneRequest) {
      DynamoDbException refused =
          catchThrowableOfType(
              DynamoDbException.class,
              () -> client.batchWriteItem(b -> b.requestItems(Map.of(table, requests))));
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      assertThat(refused.awsErrorDetails().errorMessage())
          .matches(
              "1 validation error detected: Value '\\{"
                  + Pattern.quote(table)
                  + "=\\["
                  + oneRequest
                  + "(, "
                  + oneRequest
                  + "){25}\\]\\}' at 'requestItems' failed to satisfy constraint: Map value must"
                  + " satisfy constraint: \\[Member must have length less than or equal to 25,"
                  + " Member must have length greater than or equal to 1\\]");
    }
  }

  @Nested
  class TransactWrite {
    @Test
    void appliesEveryActionOrNone() {
      String pk = "tx-" + UUID.randomUUID();
      putAll(client, table, List.of(item(pk, 1, "keep"), item(pk, 2, "delete-me")));
      client.transactWriteItems(
          b ->
              b.transactItems(
                  check(pk, 1, "payload = :v", Map.of(":v", AttributeValue.fromS("keep"))),
                  put(item(pk, 3, "new")),
                  delete(pk, 2),
                  update(pk, 4, "SET n = :one", Map.of(":one", AttributeValue.fromN("1")))));
      assertThat(payloads(pk)).containsOnlyKeys(1, 3, 4);

      assertThatThrownBy(
              () ->
                  client.transactWriteItems(
                      b ->
                          b.transactItems(
                              put(item(pk, 5, "never")),
                              TransactWriteItem.builder()
                                  .conditionCheck(
                                      ConditionCheck.builder()
                                          .tableName(table)
                                          .key(key(pk, 1))
                                          .conditionExpression("payload = :v")
                                          .expressionAttributeValues(
                                              Map.of(":v", AttributeValue.fromS("other")))
                                          .returnValuesOnConditionCheckFailure(
                                              ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                          .build())
                                  .build(),
                              update(
                                  pk,
                                  3,
                                  "SET payload = payload + :one",
                                  Map.of(":one", AttributeValue.fromN("1"))))))
          .isInstanceOfSatisfying(
              TransactionCanceledException.class,
              e -> {
                assertThat(e.cancellationReasons())
                    .extracting(CancellationReason::code)
                    .containsExactly("None", "ConditionalCheckFailed", "ValidationError");
                assertThat(e.cancellationReasons().get(1).item()).isEqualTo(item(pk, 1, "keep"));
                assertThat(e.getMessage())
                    .contains("[None, ConditionalCheckFailed, ValidationError]");
              });
      assertThat(payloads(pk)).containsOnlyKeys(1, 3, 4);
    }

    @Test
    void namingAnItemTwiceIsRefused() {
      assertThatThrownBy(
              () ->
                  client.transactWriteItems(
                      b -> b.transactItems(put(item("dup", 1, "a")), delete("dup", 1))))
          .hasMessageContaining(
              "Transaction request cannot include multiple operations on one item");
    }

    @Test
    void aRepeatedClientRequestTokenAppliesTheTransactionOnce() {
      String pk = "idem-" + UUID.randomUUID();
      String token = UUID.randomUUID().toString();
      TransactWriteItem increment =
          update(pk, 1, "ADD n :one", Map.of(":one", AttributeValue.fromN("1")));
      client.transactWriteItems(b -> b.transactItems(increment).clientRequestToken(token));
      client.transactWriteItems(b -> b.transactItems(increment).clientRequestToken(token));
      assertThat(counter(pk, 1)).isEqualTo(1);
      assertThatThrownBy(
              () ->
                  client.transactWriteItems(
                      b ->
                          b.transactItems(
                                  update(
                                      pk,
                                      1,
                                      "ADD n :two",
                                      Map.of(":two", AttributeValue.fromN("2"))))
                              .clientRequestToken(token)))
          .isInstanceOf(IdempotentParameterMismatchException.class);
      client.transactWriteItems(b -> b.transactItems(increment));
      assertThat(counter(pk, 1)).isEqualTo(2);
    }

    @Test
    void everyActionIsChargedTwiceAStandardWrite() {
      String pk = "cap-" + UUID.randomUUID();
      putAll(client, table, List.of(item(pk, 1, "c".repeat(1500))));
      double units =
          client
              .transactWriteItems(
                  b ->
                      b.transactItems(
                              put(item(pk, 2, "p".repeat(2500))),
                              check(pk, 1, "attribute_exists(pk)", null),
                              delete(pk, 9))
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
              .consumedCapacity()
              .get(0)
              .capacityUnits();
      assertThat(units).as("3 KB put, 2 KB check, absent delete, each doubled").isEqualTo(12.0);
    }

    @Test
    void concurrentTransfersNeverLoseOrCreateMoney() throws Exception {
      String pk = "bank-" + UUID.randomUUID();
      int accounts = 5;
      for (int a = 0; a < accounts; a++) {
        int account = a;
        client.putItem(
            b ->
                b.tableName(table)
                    .item(
                        Map.of(
                            "pk", AttributeValue.fromS(pk),
                            "sk", AttributeValue.fromN(Integer.toString(account)),
                            "n", AttributeValue.fromN("100"))));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Integer>> workers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        workers.add(
            pool.submit(
                () -> {
                  int committed = 0;
                  for (int i = 0; i < 40; i++) {
                    int from = ThreadLocalRandom.current().nextInt(accounts);
                    int to =
                        (from + 1 + ThreadLocalRandom.current().nextInt(accounts - 1)) % accounts;
                    try {
                      client.transactWriteItems(
                          b ->
                              b.transactItems(
                                  update(
                                      pk,
                                      from,
                                      "SET n = n - :a",
                                      Map.of(":a", AttributeValue.fromN("30")),
                                      "n >= :a"),
                                  update(
                                      pk,
                                      to,
                                      "SET n = n + :a",
                                      Map.of(":a", AttributeValue.fromN("30")),
                                      null)));
                      committed++;
                    } catch (TransactionCanceledException e) {
                      assertThat(e.cancellationReasons().get(0).code())
                          .isEqualTo("ConditionalCheckFailed");
                    }
                  }
                  return committed;
                }));
      }
      int committed = 0;
      for (Future<Integer> worker : workers) {
        committed += worker.get();
      }
      pool.shutdown();
      int total = 0;
      for (int a = 0; a < accounts; a++) {
        int balance = counter(pk, a);
        assertThat(balance).isGreaterThanOrEqualTo(0);
        total += balance;
      }
      assertThat(total).isEqualTo(100 * accounts);
      assertThat(committed).isGreaterThan(0);
    }
  }

  @Nested
  class TransactGet {
    @Test
    void readsItemsInOrderWithProjectionsChargingTransactionalReads() {
      String pk = "tg-" + UUID.randomUUID();
      putAll(client, table, List.of(item(pk, 1, "a".repeat(5000)), item(pk, 2, "b")));
      var response =
          client.transactGetItems(
              b ->
                  b.transactItems(get(pk, 2, null), get(pk, 3, null), get(pk, 1, "sk"))
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      assertThat(response.responses().get(0).item()).isEqualTo(item(pk, 2, "b"));
      assertThat(response.responses().get(1).item()).isEmpty();
      assertThat(response.responses().get(2).item())
          .isEqualTo(Map.of("sk", AttributeValue.fromN("1")));
      assertThat(response.consumedCapacity().get(0).capacityUnits())
          .as("2 + 2 (absent) + 4 (a 5 KB item)")
          .isEqualTo(8.0);
    }
  }

  private static TransactGetItem get(String pk, int sk, String projection) {
    return TransactGetItem.builder()
        .get(
            Get.builder()
                .tableName(table)
                .key(key(pk, sk))
                .projectionExpression(projection)
                .build())
        .build();
  }

  private static TransactWriteItem put(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName(table).item(item).build())
        .build();
  }

  private static TransactWriteItem delete(String pk, int sk) {
    return TransactWriteItem.builder()
        .delete(Delete.builder().tableName(table).key(key(pk, sk)).build())
        .build();
  }

  private static TransactWriteItem check(
      String pk, int sk, String condition, Map<String, AttributeValue> values) {
    return TransactWriteItem.builder()
        .conditionCheck(
            ConditionCheck.builder()
                .tableName(table)
                .key(key(pk, sk))
                .conditionExpression(condition)
                .expressionAttributeValues(values)
                .build())
        .build();
  }

  private static TransactWriteItem update(
      String pk, int sk, String expression, Map<String, AttributeValue> values) {
    return update(pk, sk, expression, values, null);
  }

  private static TransactWriteItem update(
      String pk, int sk, String expression, Map<String, AttributeValue> values, String condition) {
    return TransactWriteItem.builder()
        .update(
            Update.builder()
                .tableName(table)
                .key(key(pk, sk))
                .updateExpression(expression)
                .conditionExpression(condition)
                .expressionAttributeValues(values)
                .build())
        .build();
  }

  private static Map<Integer, String> payloads(String pk) {
    Map<Integer, String> payloads = new HashMap<>();
    client
        .query(
            b ->
                b.tableName(table)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk)))
                    .consistentRead(true))
        .items()
        .forEach(
            item ->
                payloads.put(
                    Integer.parseInt(item.get("sk").n()),
                    item.containsKey("payload") ? item.get("payload").s() : ""));
    return payloads;
  }

  private static int counter(String pk, int sk) {
    return Integer.parseInt(
        client
            .getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true))
            .item()
            .get("n")
            .n());
  }
}

package io.strata.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What each request of a run does. Items live in partitions of {@value #ITEMS_PER_PARTITION}
 * ({@code pk = p<key / 100>}) with numeric sort keys ({@code sk = key}), so a Query reads one
 * partition of 100 items whatever the table's size; keys are chosen by a {@link KeyPattern}.
 */
final class Workload {
  static final int ITEMS_PER_PARTITION = 100;

  enum Kind {
    get,
    put,
    /** A whole partition (100 items) per request. */
    query,
    /** Gets and puts, {@code --write-percent} of them puts. */
    mix,
    /**
     * {@code GET /healthz} on the raw client: TLS and HTTP with no database work, the floor under
     * every other workload's cost on the same machine.
     */
    ping,
    /** Loads every key once through BatchWriteItem and reports items/s and MB/s. */
    load,
    /** Reads the whole table with Scan, in {@code --segments} parallel segments; reports MB/s. */
    scan
  }

  private final DynamoDbClient client;
  private final String table;
  private final Kind kind;
  private final KeyPattern keys;
  private final String payload;
  private final boolean consistent;
  private final int writePercent;

  Workload(
      DynamoDbClient client,
      String table,
      Kind kind,
      KeyPattern keys,
      int itemBytes,
      boolean consistent,
      int writePercent) {
    this.client = client;
    this.table = table;
    this.kind = kind;
    this.keys = keys;
    this.payload = "x".repeat(itemBytes);
    this.consistent = consistent;
    this.writePercent = writePercent;
  }

  /** Sends one request of this workload. */
  void once() {
    int key = keys.next();
    switch (kind) {
      case get -> get(key);
      case put -> put(key);
      case query -> query(key);
      case mix -> {
        if (isWrite(writePercent)) {
          put(key);
        } else {
          get(key);
        }
      }
      case ping, load, scan ->
          throw new IllegalStateException(kind + " does not run as single requests");
    }
  }

  /** Whether the next request of a mix is a write. */
  static boolean isWrite(int writePercent) {
    return ThreadLocalRandom.current().nextInt(100) < writePercent;
  }

  private void get(int key) {
    client.getItem(b -> b.tableName(table).key(key(key)).consistentRead(consistent));
  }

  private void put(int key) {
    client.putItem(b -> b.tableName(table).item(item(key, payload)));
  }

  private void query(int key) {
    client.query(
        b ->
            b.tableName(table)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition(key))))
                .consistentRead(consistent));
  }

  static String partition(int key) {
    return "p" + (key / ITEMS_PER_PARTITION);
  }

  static Map<String, AttributeValue> key(int key) {
    return Map.of(
        "pk", AttributeValue.fromS(partition(key)),
        "sk", AttributeValue.fromN(Integer.toString(key)));
  }

  static Map<String, AttributeValue> item(int key, String payload) {
    return Map.of(
        "pk", AttributeValue.fromS(partition(key)),
        "sk", AttributeValue.fromN(Integer.toString(key)),
        "payload", AttributeValue.fromS(payload));
  }

  /**
   * DynamoDB's size of one item of this layout (attribute names and values, numbers at one byte per
   * two digits plus one): what the load and scan throughputs count in MB/s.
   */
  static long itemBytes(int key, int payloadBytes) {
    String digits = Integer.toString(key);
    return "pk".length()
        + partition(key).length()
        + "sk".length()
        + (digits.length() + 1) / 2
        + 1
        + "payload".length()
        + payloadBytes;
  }

  /** The 25-item BatchWriteItem requests that load keys {@code from} to {@code to} - 1. */
  static List<WriteRequest> batch(int from, int to, String payload) {
    List<WriteRequest> batch = new ArrayList<>(to - from);
    for (int key = from; key < to; key++) {
      batch.add(
          WriteRequest.builder()
              .putRequest(PutRequest.builder().item(item(key, payload)).build())
              .build());
    }
    return batch;
  }
}

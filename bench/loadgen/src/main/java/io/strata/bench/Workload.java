package io.strata.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What each request of a run does. Items live in 100 partitions ({@code pk = p0..p99}) with numeric
 * sort keys, so Query has ranges to read; keys are chosen uniformly at random.
 */
final class Workload {
  static final int PARTITIONS = 100;
  private static final int QUERY_LIMIT = 10;

  enum Kind {
    get,
    put,
    query,
    mix,
    /**
     * {@code GET /healthz} on the raw client: TLS and HTTP with no database work, the floor under
     * every other workload's cost on the same machine.
     */
    ping
  }

  private final DynamoDbClient client;
  private final String table;
  private final Kind kind;
  private final int keys;
  private final String payload;
  private final boolean consistent;

  Workload(
      DynamoDbClient client, String table, Kind kind, int keys, int itemBytes, boolean consistent) {
    this.client = client;
    this.table = table;
    this.kind = kind;
    this.keys = keys;
    this.payload = "x".repeat(itemBytes);
    this.consistent = consistent;
  }

  /** Creates the table if needed and loads every key once, 25 items per BatchWriteItem. */
  void prepare() throws InterruptedException {
    try {
      client.createTable(
          b ->
              b.tableName(table)
                  .billingMode("PAY_PER_REQUEST")
                  .attributeDefinitions(
                      d -> d.attributeName("pk").attributeType("S"),
                      d -> d.attributeName("sk").attributeType("N"))
                  .keySchema(
                      k -> k.attributeName("pk").keyType("HASH"),
                      k -> k.attributeName("sk").keyType("RANGE")));
    } catch (ResourceInUseException exists) {
      return;
    }
    client.waiter().waitUntilTableExists(b -> b.tableName(table));
    List<WriteRequest> batch = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      batch.add(
          WriteRequest.builder().putRequest(PutRequest.builder().item(item(i)).build()).build());
      if (batch.size() == 25 || i == keys - 1) {
        List<WriteRequest> writes = List.copyOf(batch);
        client.batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
        batch.clear();
      }
    }
  }

  /** Sends one request of this workload. */
  void once() {
    int key = ThreadLocalRandom.current().nextInt(keys);
    switch (kind) {
      case get -> get(key);
      case put -> put(key);
      case query -> query(key);
      case ping -> throw new IllegalStateException("ping runs on the raw client only");
      case mix -> {
        if (ThreadLocalRandom.current().nextBoolean()) {
          get(key);
        } else {
          put(key);
        }
      }
    }
  }

  private void get(int key) {
    client.getItem(b -> b.tableName(table).key(key(key)).consistentRead(consistent));
  }

  private void put(int key) {
    client.putItem(b -> b.tableName(table).item(item(key)));
  }

  private void query(int key) {
    client.query(
        b ->
            b.tableName(table)
                .keyConditionExpression("pk = :p AND sk >= :s")
                .expressionAttributeValues(
                    Map.of(
                        ":p", AttributeValue.fromS(partition(key)),
                        ":s", AttributeValue.fromN(Integer.toString(key))))
                .limit(QUERY_LIMIT)
                .consistentRead(consistent));
  }

  private static String partition(int key) {
    return "p" + (key % PARTITIONS);
  }

  private static Map<String, AttributeValue> key(int key) {
    return Map.of(
        "pk", AttributeValue.fromS(partition(key)),
        "sk", AttributeValue.fromN(Integer.toString(key)));
  }

  private Map<String, AttributeValue> item(int key) {
    return Map.of(
        "pk", AttributeValue.fromS(partition(key)),
        "sk", AttributeValue.fromN(Integer.toString(key)),
        "payload", AttributeValue.fromS(payload));
  }
}

package io.strata.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * Creates the table and loads every key once through BatchWriteItem (25 items a request, the API's
 * maximum), with {@code connections} workers taking the next batch of keys as they go, each through
 * its own {@link BatchWriter}; unprocessed items are sent again. The report counts items: items/s
 * and the MB/s of their DynamoDB sizes, and the latency of each BatchWriteItem.
 */
final class Loader {
  private static final int BATCH_ITEMS = 25;

  private final DynamoDbClient client;
  private final String table;
  private final int keys;
  private final int payloadBytes;
  private final int workers;

  Loader(DynamoDbClient client, String table, int keys, int payloadBytes, int workers) {
    this.client = client;
    this.table = table;
    this.keys = keys;
    this.payloadBytes = payloadBytes;
    this.workers = workers;
  }

  /** Creates the table; false if it already existed (then it is assumed loaded). */
  boolean createTable() {
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
      return false;
    }
    client.waiter().waitUntilTableExists(b -> b.tableName(table));
    return true;
  }

  /** Loads keys 0 to {@code keys} - 1, each worker through a writer {@code writers} opens. */
  Report load(BatchWriter.Factory writers) throws InterruptedException {
    String payload = "x".repeat(payloadBytes);
    AtomicInteger nextKey = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    Workers.Measured measured =
        Workers.run(
            workers,
            "loader",
            worker -> {
              try (BatchWriter writer = writers.open()) {
                for (int from = nextKey.getAndAdd(BATCH_ITEMS);
                    from < keys;
                    from = nextKey.getAndAdd(BATCH_ITEMS)) {
                  int to = Math.min(keys, from + BATCH_ITEMS);
                  try {
                    writer.write(from, to, payload, worker);
                  } catch (SdkException e) {
                    // a refusal or a failed connection: counted, and the worker goes on
                    worker.countError(e.getClass().getSimpleName());
                  }
                  long batchBytes = 0;
                  for (int key = from; key < to; key++) {
                    batchBytes += Workload.itemBytes(key, payloadBytes);
                  }
                  bytes.addAndGet(batchBytes);
                }
              } catch (IOException e) {
                // a raw connection that failed ends its worker; the others load the rest
                worker.countError(e.getClass().getSimpleName());
              }
            });
    return new Report(measured, keys, bytes.get());
  }
}

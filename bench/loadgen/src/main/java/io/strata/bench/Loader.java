package io.strata.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Creates the table and loads every key once through BatchWriteItem (25 items a request, the API's
 * maximum), with {@code connections} workers taking the next batch of keys as they go; unprocessed
 * items are sent again. The report counts items: items/s and the MB/s of their DynamoDB sizes, and
 * the latency of each BatchWriteItem.
 */
final class Loader {
  private static final int BATCH_ITEMS = 25;
  private static final long MAX_LATENCY_NANOS = Duration.ofSeconds(60).toNanos();

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

  /** Loads keys 0 to {@code keys} - 1. */
  Report load() throws InterruptedException {
    String payload = "x".repeat(payloadBytes);
    AtomicInteger nextKey = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    Map<String, Long> errors = new TreeMap<>();
    List<Histogram> perWorker = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      Histogram mine = new Histogram(MAX_LATENCY_NANOS, 3);
      perWorker.add(mine);
      Thread thread =
          new Thread(
              () -> {
                for (int from = nextKey.getAndAdd(BATCH_ITEMS);
                    from < keys;
                    from = nextKey.getAndAdd(BATCH_ITEMS)) {
                  int to = Math.min(keys, from + BATCH_ITEMS);
                  try {
                    write(Workload.batch(from, to, payload), mine);
                  } catch (SdkException e) {
                    // a refusal or a failed connection: counted, and the worker goes on
                    synchronized (errors) {
                      errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    }
                  }
                  long batchBytes = 0;
                  for (int key = from; key < to; key++) {
                    batchBytes += Workload.itemBytes(key, payloadBytes);
                  }
                  bytes.addAndGet(batchBytes);
                }
              },
              "loader-" + w);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    Histogram latencies = new Histogram(MAX_LATENCY_NANOS, 3);
    perWorker.forEach(latencies::add);
    return new Report(
        latencies, Duration.ofNanos(System.nanoTime() - start), errors, keys, bytes.get());
  }

  private void write(List<WriteRequest> batch, Histogram latencies) {
    List<WriteRequest> pending = batch;
    while (!pending.isEmpty()) {
      List<WriteRequest> sending = pending;
      long sent = System.nanoTime();
      BatchWriteItemResponse response =
          client.batchWriteItem(b -> b.requestItems(Map.of(table, sending)));
      latencies.recordValue(Math.min(System.nanoTime() - sent, MAX_LATENCY_NANOS));
      pending = response.unprocessedItems().getOrDefault(table, List.of());
    }
  }
}

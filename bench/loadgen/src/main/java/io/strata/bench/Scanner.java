package io.strata.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads the whole table once with Scan, {@code segments} segments in parallel (one worker each, as
 * DynamoDB's parallel scan is meant to be used). The report counts items: items/s, the MB/s of
 * their DynamoDB sizes, and the latency of each page.
 */
final class Scanner {
  private static final long MAX_LATENCY_NANOS = Duration.ofSeconds(60).toNanos();

  private final DynamoDbClient client;
  private final String table;
  private final int payloadBytes;
  private final int segments;

  Scanner(DynamoDbClient client, String table, int payloadBytes, int segments) {
    this.client = client;
    this.table = table;
    this.payloadBytes = payloadBytes;
    this.segments = segments;
  }

  Report scan() throws InterruptedException {
    AtomicLong items = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Map<String, Long> errors = new TreeMap<>();
    List<Histogram> perSegment = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int s = 0; s < segments; s++) {
      int segment = s;
      Histogram mine = new Histogram(MAX_LATENCY_NANOS, 3);
      perSegment.add(mine);
      Thread thread =
          new Thread(
              () -> {
                try {
                  Map<String, AttributeValue> startKey = null;
                  do {
                    Map<String, AttributeValue> from = startKey;
                    long sent = System.nanoTime();
                    ScanResponse page =
                        client.scan(
                            b ->
                                b.tableName(table)
                                    .segment(segments > 1 ? segment : null)
                                    .totalSegments(segments > 1 ? segments : null)
                                    .exclusiveStartKey(from));
                    mine.recordValue(Math.min(System.nanoTime() - sent, MAX_LATENCY_NANOS));
                    items.addAndGet(page.count());
                    long pageBytes = 0;
                    for (Map<String, AttributeValue> item : page.items()) {
                      pageBytes +=
                          Workload.itemBytes(Integer.parseInt(item.get("sk").n()), payloadBytes);
                    }
                    bytes.addAndGet(pageBytes);
                    startKey = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
                  } while (startKey != null);
                } catch (SdkException e) {
                  // a refusal or a failed connection ends this segment, and is counted
                  synchronized (errors) {
                    errors.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                  }
                }
              },
              "scan-" + segment);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    Histogram latencies = new Histogram(MAX_LATENCY_NANOS, 3);
    perSegment.forEach(latencies::add);
    return new Report(
        latencies, Duration.ofNanos(System.nanoTime() - start), errors, items.get(), bytes.get());
  }
}

package io.strata.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
    Workers.Measured measured =
        Workers.run(
            segments,
            "scan",
            worker -> {
              int segment = worker.index;
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
                  worker.recordSince(sent);
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
                worker.countError(e.getClass().getSimpleName());
              }
            });
    return new Report(measured, items.get(), bytes.get());
  }
}

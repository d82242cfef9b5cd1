package io.strata.service.it;

import io.strata.service.testing.Waiters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What the export, import and restore tests share: loading small items, scanning, waiting for the
 * end.
 */
final class TransferFixtures {
  private TransferFixtures() {}

  /**
   * Puts items {@code from} to {@code to} ({@code pk} "p" + i mod 997, {@code sk} i, {@code v} "v-"
   * + i) through BatchWriteItem, eight requests at a time.
   */
  static void load(DynamoDbClient client, String table, int from, int to) throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int start = from; start < to; start += 25) {
        int first = start;
        done.add(writers.submit(() -> writeBatch(client, table, first, Math.min(first + 25, to))));
      }
      for (Future<?> batch : done) {
        batch.get();
      }
    } finally {
      writers.shutdown();
    }
  }

  private static void writeBatch(DynamoDbClient client, String table, int from, int to) {
    List<WriteRequest> puts =
        IntStream.range(from, to)
            .mapToObj(
                i ->
                    WriteRequest.builder()
                        .putRequest(
                            p ->
                                p.item(
                                    Map.of(
                                        "pk", AttributeValue.fromS("p" + (i % 997)),
                                        "sk", AttributeValue.fromN(Integer.toString(i)),
                                        "v", AttributeValue.fromS("v-" + i))))
                        .build())
            .toList();
    Map<String, List<WriteRequest>> unprocessed = Map.of(table, puts);
    while (!unprocessed.isEmpty()) {
      Map<String, List<WriteRequest>> request = unprocessed;
      BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(request));
      unprocessed = response.unprocessedItems();
    }
  }

  static Set<Map<String, AttributeValue>> scan(DynamoDbClient client, String table) {
    Set<Map<String, AttributeValue>> items = new HashSet<>();
    client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
    return items;
  }

  static ExportDescription awaitExport(DynamoDbClient client, String exportArn) {
    ExportDescription[] last = new ExportDescription[1];
    Waiters.until(
        "export " + exportArn + " ends",
        () -> {
          last[0] = client.describeExport(b -> b.exportArn(exportArn)).exportDescription();
          return last[0].exportStatus() != ExportStatus.IN_PROGRESS;
        });
    return last[0];
  }

  static ImportTableDescription awaitImport(DynamoDbClient client, String importArn) {
    ImportTableDescription[] last = new ImportTableDescription[1];
    Waiters.until(
        "import " + importArn + " ends",
        () -> {
          last[0] = client.describeImport(b -> b.importArn(importArn)).importTableDescription();
          return last[0].importStatus() != ImportStatus.IN_PROGRESS;
        });
    return last[0];
  }

  /** The id at the end of an export's ARN: the name of its directory. */
  static String exportId(ExportDescription export) {
    String arn = export.exportArn();
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  static void enablePointInTimeRecovery(DynamoDbClient client, String table) {
    client.updateContinuousBackups(
        b ->
            b.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
    Waiters.until(
        "a restorable window",
        () ->
            client
                    .describeContinuousBackups(b -> b.tableName(table))
                    .continuousBackupsDescription()
                    .pointInTimeRecoveryDescription()
                    .earliestRestorableDateTime()
                != null);
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.ServerProcess;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A point-in-time restore killed with SIGKILL while it is half done resumes when the server starts
 * again: the restored table turns ACTIVE with exactly the source's items, none lost or doubled (its
 * item count agrees with its items). Half the items are in the base snapshot, half are replayed
 * from the retained changes, so the kill lands in one phase or the other.
 *
 * <p>The moment of the kill is a count, not a delay: the first time the restoring table shows some
 * but not all of its items.
 */
@Timeout(300)
class RestoreAfterKillIT {
  private static final int ITEMS = 20_000;
  private static final int WRITERS = 4;

  @Test
  void aRestoreKilledHalfwayResumesAfterARestart() throws Exception {
    try (ServerProcess server =
        ServerProcess.start(Map.of("STRATA_CONTROL_PLANE_RATE", "1000000"))) {
      String table = TablesIT.randomName();
      String restored = table + "-restored";
      Set<Map<String, AttributeValue>> source;
      try (DynamoDbClient client = server.client()) {
        client.createTable(TablesIT.hashAndRange(table).build());
        load(client, table, 0, ITEMS / 2);
        client.updateContinuousBackups(
            b ->
                b.tableName(table)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        Waiters.until(
            "first base snapshot",
            () ->
                client
                        .describeContinuousBackups(b -> b.tableName(table))
                        .continuousBackupsDescription()
                        .pointInTimeRecoveryDescription()
                        .earliestRestorableDateTime()
                    != null);
        load(client, table, ITEMS / 2, ITEMS);
        source = scan(client, table);
        assertThat(source).hasSize(ITEMS);

        client.restoreTableToPointInTime(
            b -> b.sourceTableName(table).targetTableName(restored).useLatestRestorableTime(true));
        TableDescription halfway = describe(client, restored);
        while (halfway.itemCount() == 0) {
          halfway = describe(client, restored);
        }
        server.kill();
        assertThat(halfway.tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(halfway.itemCount()).isBetween(1L, ITEMS - 1L);
      }

      server.restart();
      try (DynamoDbClient client = server.client()) {
        TableDescription done = Waiters.tableActive(client, restored);
        assertThat(scan(client, restored)).isEqualTo(source);
        assertThat(done.itemCount()).isEqualTo(ITEMS);
        assertThat(done.restoreSummary().restoreInProgress()).isFalse();
      }
    }
  }

  private static void load(DynamoDbClient client, String table, int from, int to) throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
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
                                        "pk", AttributeValue.fromS("p" + (i % 97)),
                                        "sk", AttributeValue.fromN(Integer.toString(i)),
                                        "v", AttributeValue.fromS("value-" + i))))
                        .build())
            .toList();
    Map<String, List<WriteRequest>> unprocessed = Map.of(table, puts);
    while (!unprocessed.isEmpty()) {
      Map<String, List<WriteRequest>> request = unprocessed;
      BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(request));
      unprocessed = response.unprocessedItems();
    }
  }

  private static TableDescription describe(DynamoDbClient client, String table) {
    return client.describeTable(b -> b.tableName(table)).table();
  }

  private static Set<Map<String, AttributeValue>> scan(DynamoDbClient client, String table) {
    Set<Map<String, AttributeValue>> items = new HashSet<>();
    client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
    return items;
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.ServerProcess;
import io.strata.service.testing.Waiters;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

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

  @Test
  void aRestoreKilledHalfwayResumesAfterARestart() throws Exception {
    try (ServerProcess server =
        ServerProcess.start(Map.of("STRATA_CONTROL_PLANE_RATE", "1000000"))) {
      String table = TablesIT.randomName();
      String restored = table + "-restored";
      Set<Map<String, AttributeValue>> source;
      try (DynamoDbClient client = server.client()) {
        client.createTable(TablesIT.hashAndRange(table).build());
        TransferFixtures.load(client, table, 0, ITEMS / 2);
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
        TransferFixtures.load(client, table, ITEMS / 2, ITEMS);
        source = TransferFixtures.scan(client, table);
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
        assertThat(TransferFixtures.scan(client, restored)).isEqualTo(source);
        assertThat(done.itemCount()).isEqualTo(ITEMS);
        assertThat(done.restoreSummary().restoreInProgress()).isFalse();
      }
    }
  }

  private static TableDescription describe(DynamoDbClient client, String table) {
    return client.describeTable(b -> b.tableName(table)).table();
  }
}

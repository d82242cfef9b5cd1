package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.ManualClock;
import io.strata.service.testing.StrataTestServer;
import io.strata.service.testing.Waiters;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupType;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.InvalidRestoreTimeException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Point-in-time recovery through the SDK: a table under a scripted workload restored to recorded
 * instants, compared item by item and index by index with what the table held then; a deleted table
 * restored; the errors DynamoDB gives. The server's clock is a {@link ManualClock}, frozen while an
 * instant is recorded, so every write set is unambiguously before or after it.
 */
@Timeout(300)
class PointInTimeRecoveryIT {
  private static final String INDEX = "by-group";
  private static final Duration BETWEEN_PHASES = Duration.ofSeconds(30);

  private static ManualClock clock;
  private static StrataTestServer server;
  private static Credentials tenant;
  private static DynamoDbClient client;

  @BeforeAll
  static void start() {
    clock = new ManualClock();
    server = StrataTestServer.start(Map.of(), clock);
    tenant = server.newTenant("pitr");
    client = server.clientFor(tenant);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.closeQuietly();
  }

  /** What the source table held at one recorded instant. */
  private record Recorded(
      Instant at, Set<Map<String, AttributeValue>> items, Set<Map<String, AttributeValue>> index) {}

  @Test
  void restoresEachRecordedInstantItemByItemAndIndexByIndex() {
    String table = TablesIT.randomName();
    client.createTable(
        b ->
            b.tableName(table)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(attribute("pk"))
                .billingMode("PAY_PER_REQUEST"));
    client.updateTimeToLive(
        b ->
            b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName("expires").enabled(true)));
    for (int i = 0; i < 30; i++) {
      put(table, "before-" + i, "g" + (i % 3), null);
    }
    enableRecovery(table);

    List<Recorded> instants = new ArrayList<>();
    // 1: puts, some of them expiring before the next phase.
    for (int i = 0; i < 40; i++) {
      put(table, "p-" + i, "g" + (i % 4), i % 5 == 0 ? clock.instant().plusSeconds(10) : null);
    }
    instants.add(record(table, false));
    // 2: updates and deletes; the expired items are swept (TTL deletes are writes too).
    for (int i = 0; i < 15; i++) {
      int n = i;
      client.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of("pk", s("p-" + n)))
                  .updateExpression("SET tally = :c")
                  .expressionAttributeValues(Map.of(":c", number(n))));
    }
    for (int i = 0; i < 10; i++) {
      int n = i;
      client.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("before-" + n))));
    }
    Waiters.until(
        "expired items swept", () -> scan(table).stream().noneMatch(i -> i.containsKey("expires")));
    instants.add(record(table, false));
    // 3: a global index added midway, backfilled over the items already there.
    client.updateTable(
        b ->
            b.tableName(table)
                .attributeDefinitions(attribute("pk"), attribute("g"))
                .globalSecondaryIndexUpdates(
                    u ->
                        u.create(
                            c ->
                                c.indexName(INDEX)
                                    .keySchema(k -> k.attributeName("g").keyType(KeyType.HASH))
                                    .projection(p -> p.projectionType(ProjectionType.ALL)))));
    Waiters.until("index backfilled", () -> indexStatus(table) == IndexStatus.ACTIVE);
    for (int i = 0; i < 20; i++) {
      put(table, "q-" + i, "g" + (i % 2), null);
    }
    instants.add(record(table, true));
    // 4: items move between index partitions, leave the index, and are deleted.
    for (int i = 0; i < 10; i++) {
      int n = i;
      client.updateItem(
          b ->
              b.tableName(table)
                  .key(Map.of("pk", s("q-" + n)))
                  .updateExpression(n % 2 == 0 ? "SET g = :g" : "REMOVE g")
                  .expressionAttributeValues(n % 2 == 0 ? Map.of(":g", s("moved")) : null));
    }
    for (int i = 20; i < 30; i++) {
      int n = i;
      client.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("p-" + n))));
    }
    instants.add(record(table, true));
    // 5: overwrites of deleted and living items.
    for (int i = 0; i < 10; i++) {
      put(table, "before-" + i, "back", null);
      put(table, "q-" + (10 + i), "over", null);
    }
    instants.add(record(table, true));

    for (int i = 0; i < instants.size(); i++) {
      Recorded recorded = instants.get(i);
      String restored = table + "-at-" + (i + 1);
      TableDescription answered =
          client
              .restoreTableToPointInTime(
                  b ->
                      b.sourceTableName(table)
                          .targetTableName(restored)
                          .restoreDateTime(recorded.at()))
              .tableDescription();
      assertThat(answered.tableStatus()).isEqualTo(TableStatus.CREATING);
      assertThat(answered.restoreSummary().restoreDateTime()).isEqualTo(recorded.at());
      assertThat(answered.restoreSummary().sourceTableArn()).endsWith(":table/" + table);
      TableDescription done = Waiters.tableActive(client, restored);
      assertThat(scan(restored)).as("items at instant %d", i + 1).isEqualTo(recorded.items());
      if (recorded.index() == null) {
        assertThat(done.globalSecondaryIndexes()).as("no index yet at %d", i + 1).isEmpty();
      } else {
        assertThat(done.globalSecondaryIndexes())
            .extracting(GlobalSecondaryIndexDescription::indexName)
            .containsExactly(INDEX);
        assertThat(scanIndex(restored))
            .as("index at instant %d", i + 1)
            .isEqualTo(recorded.index());
      }
      assertThat(done.restoreSummary().restoreInProgress()).isFalse();
    }
  }

  @Test
  void restoresADeletedTableAsItWasWhenDeleted() {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    enableRecovery(table);
    for (int i = 0; i < 25; i++) {
      int n = i;
      client.putItem(
          b -> b.tableName(table).item(Map.of("pk", s("k"), "sk", number(n), "v", s("v" + n))));
    }
    Set<Map<String, AttributeValue>> whenDeleted = scan(table);
    clock.advance(BETWEEN_PHASES);
    client.deleteTable(b -> b.tableName(table));

    client.restoreTableToPointInTime(
        b ->
            b.sourceTableName(table)
                .targetTableName(table + "-back")
                .useLatestRestorableTime(true));
    Waiters.tableActive(client, table + "-back");
    assertThat(scan(table + "-back")).isEqualTo(whenDeleted);
  }

  @Test
  void deletingATableLeavesASystemBackupThatIsListedRestoredAndDeleted() {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    enableRecovery(table);
    for (int i = 0; i < 12; i++) {
      int n = i;
      client.putItem(b -> b.tableName(table).item(Map.of("pk", s("k"), "sk", number(n))));
    }
    Set<Map<String, AttributeValue>> whenDeleted = scan(table);
    Instant deletedAt = now();
    client.deleteTable(b -> b.tableName(table));

    assertThat(client.listBackups(b -> b.tableName(table)).backupSummaries())
        .as("the default lists user backups only")
        .isEmpty();
    List<BackupSummary> system =
        client
            .listBackups(b -> b.tableName(table).backupType(BackupTypeFilter.SYSTEM))
            .backupSummaries();
    assertThat(system).hasSize(1);
    BackupSummary summary = system.get(0);
    assertThat(summary.backupType()).isEqualTo(BackupType.SYSTEM);
    assertThat(summary.backupName()).isEqualTo(table + "$DeletedTableBackup");
    assertThat(summary.backupArn())
        .matches("arn:aws:dynamodb:[^:]+:[0-9]+:table/" + table + "/backup/[0-9]{14}-[0-9a-f]{8}");
    assertThat(summary.backupCreationDateTime()).isEqualTo(deletedAt);
    assertThat(summary.backupExpiryDateTime()).isEqualTo(deletedAt.plus(Duration.ofDays(7)));
    assertThat(summary.backupStatus()).isEqualTo(BackupStatus.AVAILABLE);
    assertThat(
            client
                .listBackups(b -> b.tableName(table).backupType(BackupTypeFilter.ALL))
                .backupSummaries())
        .containsExactly(summary);
    assertThat(
            client
                .listBackups(b -> b.tableName(table).backupType(BackupTypeFilter.USER))
                .backupSummaries())
        .isEmpty();
    BackupDescription described =
        client.describeBackup(b -> b.backupArn(summary.backupArn())).backupDescription();
    assertThat(described.backupDetails().backupType()).isEqualTo(BackupType.SYSTEM);
    assertThat(described.sourceTableDetails().tableName()).isEqualTo(table);
    assertThat(described.sourceTableDetails().itemCount()).isEqualTo(12);

    TableDescription restored =
        client
            .restoreTableFromBackup(
                b -> b.backupArn(summary.backupArn()).targetTableName(table + "-from-system"))
            .tableDescription();
    assertThat(restored.restoreSummary().sourceBackupArn()).isEqualTo(summary.backupArn());
    Waiters.tableActive(client, table + "-from-system");
    assertThat(scan(table + "-from-system")).isEqualTo(whenDeleted);

    BackupDescription deleted =
        client.deleteBackup(b -> b.backupArn(summary.backupArn())).backupDescription();
    assertThat(deleted.backupDetails().backupStatus()).isEqualTo(BackupStatus.DELETED);
    assertThat(deleted.backupDetails().backupType()).isEqualTo(BackupType.SYSTEM);
    assertThat(
            client
                .listBackups(b -> b.tableName(table).backupType(BackupTypeFilter.ALL))
                .backupSummaries())
        .isEmpty();
    assertThatThrownBy(() -> client.describeBackup(b -> b.backupArn(summary.backupArn())))
        .isInstanceOf(BackupNotFoundException.class);
    assertThatThrownBy(
            () ->
                client.restoreTableToPointInTime(
                    b ->
                        b.sourceTableName(table)
                            .targetTableName(table + "-gone")
                            .useLatestRestorableTime(true)))
        .as("the recovery data went with the system backup")
        .isInstanceOf(TableNotFoundException.class);
  }

  @Test
  void usageLedgerMetersRecoveryStorageAndRestoresByTheBytesRestored() throws Exception {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    enableRecovery(table);
    for (int i = 0; i < 20; i++) {
      int n = i;
      client.putItem(
          b ->
              b.tableName(table)
                  .item(Map.of("pk", s("k"), "sk", number(n), "v", s("x".repeat(500)))));
    }
    // Well inside SigV4's 15 minutes of allowed skew, which every advance of this class adds up to.
    clock.advance(Duration.ofMinutes(3));
    String restored = table + "-metered";
    client.restoreTableToPointInTime(
        b -> b.sourceTableName(table).targetTableName(restored).useLatestRestorableTime(true));
    long restoredBytes = Waiters.tableActive(client, restored).tableSizeBytes();
    assertThat(restoredBytes).isGreaterThan(20 * 500);

    JsonNode report =
        server.admin(
            "usage",
            "--tenant=" + tenant.tenantId(),
            "--group-by=table",
            "--from=" + clock.instant().minus(Duration.ofDays(1)),
            "--to=" + clock.instant().plus(Duration.ofHours(1)));
    Map<String, JsonNode> lines = new HashMap<>();
    report.get("lines").forEach(line -> lines.put(line.get("table").asText(), line));
    JsonNode source = lines.get(table);
    assertThat(source.get("pitrStorageByteSeconds").asLong())
        .as("the retained changes, kept for the three minutes that passed")
        .isGreaterThanOrEqualTo(180L * 20 * 500);
    assertThat(source.get("restoredBytes").asLong()).isZero();
    JsonNode target = lines.get(restored);
    assertThat(target.get("restoredBytes").asLong()).isEqualTo(restoredBytes);
    assertThat(new BigDecimal(target.get("restoredGb").asText()))
        .isEqualByComparingTo(
            BigDecimal.valueOf(restoredBytes)
                .divide(BigDecimal.valueOf(1L << 30), 12, RoundingMode.HALF_EVEN));
    assertThat(new BigDecimal(report.get("prices").get("perGbRestored").asText()))
        .isEqualByComparingTo("0.15");
    assertThat(new BigDecimal(report.get("prices").get("perGbMonthPitr").asText()))
        .isEqualByComparingTo("0.20");

    assertThat(server.scrapedValue(series("ddb_restored_bytes_total", restored)))
        .isEqualTo(restoredBytes);
    assertThat(server.scrapedValue(series("ddb_pitr_storage_bytes", table)))
        .isGreaterThanOrEqualTo(20 * 500);
    assertThat(server.scrapedValue(series("ddb_pitr_retained_changes", table))).isEqualTo(20);
  }

  /** A pattern for {@code StrataTestServer.scrapedValue}: one table's series of a metric. */
  private static String series(String metric, String table) {
    return metric + "\\{[^}]*table=\"" + Pattern.quote(table) + "\"[^}]*}";
  }

  @Test
  void refusesWhatDynamoDbRefuses() {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    assertThat(
            client
                .describeContinuousBackups(b -> b.tableName(table))
                .continuousBackupsDescription()
                .pointInTimeRecoveryDescription()
                .pointInTimeRecoveryStatus())
        .isEqualTo(PointInTimeRecoveryStatus.DISABLED);
    assertThatThrownBy(
            () ->
                client.restoreTableToPointInTime(
                    b ->
                        b.sourceTableName(table)
                            .targetTableName(table + "-r")
                            .useLatestRestorableTime(true)))
        .isInstanceOf(PointInTimeRecoveryUnavailableException.class);

    PointInTimeRecoveryDescription window = enableRecovery(table);
    assertThatThrownBy(
            () ->
                client.restoreTableToPointInTime(
                    b ->
                        b.sourceTableName(table)
                            .targetTableName(table + "-r")
                            .restoreDateTime(window.earliestRestorableDateTime().minusSeconds(1))))
        .isInstanceOf(InvalidRestoreTimeException.class)
        .hasMessageContaining(
            "RestoreDateTime must be between EarliestRestorableDateTime and"
                + " LatestRestorableDateTime");
    assertThatThrownBy(
            () ->
                client.restoreTableToPointInTime(
                    b ->
                        b.sourceTableName(table)
                            .targetTableName(table + "-r")
                            .restoreDateTime(clock.instant().plusSeconds(60))))
        .isInstanceOf(InvalidRestoreTimeException.class);
    assertThatThrownBy(
            () ->
                client.restoreTableToPointInTime(
                    b ->
                        b.sourceTableName(table)
                            .targetTableName(table)
                            .useLatestRestorableTime(true)))
        .isInstanceOf(TableAlreadyExistsException.class)
        .hasMessageContaining("Table already exists: " + table);
    assertThatThrownBy(
            () ->
                client.restoreTableToPointInTime(
                    b ->
                        b.sourceTableName(table + "-missing")
                            .targetTableName(table + "-r")
                            .useLatestRestorableTime(true)))
        .isInstanceOf(TableNotFoundException.class)
        .hasMessageContaining("Table not found: " + table + "-missing");
    assertThatThrownBy(() -> client.describeContinuousBackups(b -> b.tableName(table + "-missing")))
        .isInstanceOf(TableNotFoundException.class);
  }

  /** Turns recovery on and waits for its first base: the window opens there. */
  private static PointInTimeRecoveryDescription enableRecovery(String table) {
    PointInTimeRecoveryDescription enabled =
        client
            .updateContinuousBackups(
                b ->
                    b.tableName(table)
                        .pointInTimeRecoverySpecification(
                            p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)))
            .continuousBackupsDescription()
            .pointInTimeRecoveryDescription();
    assertThat(enabled.pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
    assertThat(enabled.recoveryPeriodInDays()).isEqualTo(7);
    Waiters.until("first base snapshot", () -> window(table).earliestRestorableDateTime() != null);
    PointInTimeRecoveryDescription window = window(table);
    assertThat(window.latestRestorableDateTime()).isEqualTo(now());
    clock.advance(BETWEEN_PHASES);
    return window;
  }

  /** The server's time as DynamoDB's timestamps carry it: to the millisecond. */
  private static Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static PointInTimeRecoveryDescription window(String table) {
    var description =
        client.describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription();
    assertThat(description.continuousBackupsStatus()).isEqualTo(ContinuousBackupsStatus.ENABLED);
    return description.pointInTimeRecoveryDescription();
  }

  /** Records the table's items (and index entries) at the frozen clock, then lets time pass. */
  private static Recorded record(String table, boolean indexed) {
    Recorded recorded = new Recorded(now(), scan(table), indexed ? scanIndex(table) : null);
    clock.advance(BETWEEN_PHASES);
    return recorded;
  }

  private static Set<Map<String, AttributeValue>> scan(String table) {
    return scanning(b -> b.tableName(table).consistentRead(true));
  }

  private static Set<Map<String, AttributeValue>> scanIndex(String table) {
    return scanning(b -> b.tableName(table).indexName(INDEX));
  }

  private static Set<Map<String, AttributeValue>> scanning(
      Consumer<software.amazon.awssdk.services.dynamodb.model.ScanRequest.Builder> request) {
    Set<Map<String, AttributeValue>> items = new HashSet<>();
    client.scanPaginator(request).items().forEach(items::add);
    return items;
  }

  private static IndexStatus indexStatus(String table) {
    return client.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().stream()
        .filter(index -> index.indexName().equals(INDEX))
        .findFirst()
        .map(GlobalSecondaryIndexDescription::indexStatus)
        .orElseThrow();
  }

  private static void put(String table, String pk, String group, Instant expires) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s(pk));
    item.put("g", s(group));
    item.put("payload", s("x".repeat(pk.length() * 7)));
    if (expires != null) {
      item.put("expires", number(expires.getEpochSecond()));
    }
    client.putItem(b -> b.tableName(table).item(item));
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}

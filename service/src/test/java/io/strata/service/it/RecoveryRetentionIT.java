package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.Clients;
import io.strata.service.testing.ManualClock;
import io.strata.service.testing.StrataTestServer;
import io.strata.service.testing.Waiters;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.InvalidRestoreTimeException;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * Recovery data is trimmed to the recovery period as the (manual) clock moves on by days: the
 * window's start follows the clock, an instant before it is refused, a restore at its start still
 * holds the items as they were then, and a deleted table's recovery data goes once its period has
 * passed since the deletion. The SDK corrects its signing clock from the server's {@code Date}
 * header when the server's clock jumps ahead (its clock-skew adjustment), as it does against AWS.
 */
@Timeout(180)
class RecoveryRetentionIT {
  private static final Duration PERIOD = Duration.ofDays(1);

  private static ManualClock clock;
  private static StrataTestServer server;
  private static DynamoDbClient client;

  @BeforeAll
  static void start() {
    clock = new ManualClock();
    server = StrataTestServer.start(Map.of(), clock);
    Credentials tenant = server.newTenant("retention");
    // The SDK's standard retries, which correct its signing clock after a skew error.
    client =
        DynamoDbClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(tenant.accessKeyId(), tenant.secretAccessKey())))
            .httpClient(Clients.httpClient(server.certificate()))
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.closeQuietly();
    // The SDK keeps the skew it corrected in a JVM-wide offset that new clients start from.
    SdkGlobalTime.setGlobalTimeOffset(0);
  }

  @Test
  void theWindowFollowsTheClockAndDeletedTablesExpire() {
    String table = TablesIT.randomName();
    String deleted = TablesIT.randomName();
    for (String name : new String[] {table, deleted}) {
      client.createTable(TablesIT.hashAndRange(name).build());
      client.updateContinuousBackups(
          b ->
              b.tableName(name)
                  .pointInTimeRecoverySpecification(
                      p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(1)));
      Waiters.until(
          "first base of " + name, () -> window(name).earliestRestorableDateTime() != null);
    }
    put(table, "v1");
    put(deleted, "gone");
    Instant first = now();
    clock.advance(Duration.ofHours(1));
    client.deleteTable(b -> b.tableName(deleted));
    put(table, "v2");
    clock.advance(Duration.ofDays(2));
    put(table, "v3");
    Instant third = now();
    clock.advance(Duration.ofHours(36));

    PointInTimeRecoveryDescription window = window(table);
    assertThat(window.earliestRestorableDateTime()).isEqualTo(now().minus(PERIOD));
    assertThatThrownBy(
            () ->
                client.restoreTableToPointInTime(
                    b ->
                        b.sourceTableName(table)
                            .targetTableName(table + "-old")
                            .restoreDateTime(first)))
        .isInstanceOf(InvalidRestoreTimeException.class);
    assertThat(window.earliestRestorableDateTime()).isAfter(third);
    client.restoreTableToPointInTime(
        b ->
            b.sourceTableName(table)
                .targetTableName(table + "-earliest")
                .restoreDateTime(window.earliestRestorableDateTime()));
    Waiters.tableActive(client, table + "-earliest");
    assertThat(
            client
                .getItem(b -> b.tableName(table + "-earliest").key(key()).consistentRead(true))
                .item())
        .containsEntry("v", AttributeValue.fromS("v3"));

    Waiters.until(
        "the deleted table's recovery data expired",
        () -> {
          try {
            client.restoreTableToPointInTime(
                b ->
                    b.sourceTableName(deleted)
                        .targetTableName(deleted + "-late")
                        .useLatestRestorableTime(true));
            throw new AssertionError("restored a deleted table after its period");
          } catch (InvalidRestoreTimeException stillKept) {
            return false;
          } catch (TableNotFoundException expired) {
            return true;
          }
        });
  }

  private static PointInTimeRecoveryDescription window(String table) {
    return client
        .describeContinuousBackups(b -> b.tableName(table))
        .continuousBackupsDescription()
        .pointInTimeRecoveryDescription();
  }

  private static void put(String table, String value) {
    client.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS("k"),
                        "sk", AttributeValue.fromN("1"),
                        "v", AttributeValue.fromS(value))));
  }

  private static Map<String, AttributeValue> key() {
    return Map.of("pk", AttributeValue.fromS("k"), "sk", AttributeValue.fromN("1"));
  }

  private static Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}

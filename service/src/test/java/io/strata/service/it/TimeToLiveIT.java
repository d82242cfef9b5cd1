package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.StrataTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Time to live: the settings API, the background sweeper, and what streams see of it. */
@Timeout(120)
class TimeToLiveIT {
  private static StrataTestServer server;
  private static Credentials tenant;
  private static DynamoDbClient client;

  @BeforeAll
  static void connect() {
    server = StrataTestServer.shared();
    tenant = server.newTenant("ttl");
    client = server.clientFor(tenant);
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  private static Map<String, AttributeValue> item(String pk, AttributeValue expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>(CapacityIT.key(pk));
    if (expiresAt != null) {
      item.put("expires", expiresAt);
    }
    return item;
  }

  private static AttributeValue epoch(Instant at) {
    return AttributeValue.fromN(Long.toString(at.getEpochSecond()));
  }

  private static boolean exists(String table, String pk) {
    return client
        .getItem(b -> b.tableName(table).key(CapacityIT.key(pk)).consistentRead(true))
        .hasItem();
  }

  private static void awaitGone(String table, String pk) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (exists(table, pk)) {
      assertThat(Instant.now()).as("item %s still there", pk).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void expiredItemsAreDeletedAndOthersKeptIncludingThoseWrittenBeforeTtlWasEnabled()
      throws Exception {
    String table = TablesIT.randomName();
    client.createTable(
        TablesIT.hashAndRange(table)
            .streamSpecification(s -> s.streamEnabled(true).streamViewType("OLD_IMAGE"))
            .build());
    Instant now = Instant.now();
    client.putItem(
        b -> b.tableName(table).item(item("written-before", epoch(now.minusSeconds(60)))));
    client.updateTimeToLive(
        b ->
            b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName("expires").enabled(true)));
    assertThat(
            client
                .describeTimeToLive(b -> b.tableName(table))
                .timeToLiveDescription()
                .timeToLiveStatus())
        .isEqualTo(TimeToLiveStatus.ENABLED);

    client.putItem(b -> b.tableName(table).item(item("expired", epoch(now.minusSeconds(10)))));
    client.putItem(
        b -> b.tableName(table).item(item("future", epoch(now.plus(Duration.ofHours(1))))));
    client.putItem(b -> b.tableName(table).item(item("not-a-number", AttributeValue.fromS("0"))));
    client.putItem(
        b ->
            b.tableName(table)
                .item(item("six-years-ago", epoch(now.minus(Duration.ofDays(6 * 365))))));
    client.putItem(b -> b.tableName(table).item(item("no-attribute", null)));

    awaitGone(table, "expired");
    awaitGone(table, "written-before");
    assertThat(exists(table, "future")).isTrue();
    assertThat(exists(table, "not-a-number")).isTrue();
    assertThat(exists(table, "six-years-ago"))
        .as("DynamoDB ignores times over five years old")
        .isTrue();
    assertThat(exists(table, "no-attribute")).isTrue();

    try (DynamoDbStreamsClient streams = server.streamsClientFor(tenant)) {
      String arn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
      StreamDescription description =
          streams.describeStream(b -> b.streamArn(arn)).streamDescription();
      String iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(arn)
                          .shardId(description.shards().get(0).shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      List<Record> removals =
          streams.getRecords(b -> b.shardIterator(iterator)).records().stream()
              .filter(r -> r.eventNameAsString().equals("REMOVE"))
              .toList();
      assertThat(removals).hasSize(2);
      assertThat(removals)
          .allSatisfy(
              r -> {
                assertThat(r.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
                assertThat(r.userIdentity().type()).isEqualTo("Service");
              });
    }
  }

  @Test
  void settingsChangesAreRefusedAsDynamoDbRefusesThem() {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    assertThat(
            client
                .describeTimeToLive(b -> b.tableName(table))
                .timeToLiveDescription()
                .timeToLiveStatus())
        .isEqualTo(TimeToLiveStatus.DISABLED);
    assertThatThrownBy(
            () ->
                client.updateTimeToLive(
                    b ->
                        b.tableName(table)
                            .timeToLiveSpecification(t -> t.attributeName("x").enabled(false))))
        .hasMessageStartingWith("TimeToLive is already disabled");
    client.updateTimeToLive(
        b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("x").enabled(true)));
    assertThatThrownBy(
            () ->
                client.updateTimeToLive(
                    b ->
                        b.tableName(table)
                            .timeToLiveSpecification(t -> t.attributeName("x").enabled(true))))
        .hasMessageStartingWith("TimeToLive is already enabled");
    assertThatThrownBy(
            () ->
                client.updateTimeToLive(
                    b ->
                        b.tableName(table)
                            .timeToLiveSpecification(t -> t.attributeName("y").enabled(false))))
        .hasMessageStartingWith(
            "TimeToLive is active on a different AttributeName: current AttributeName is x");
    assertThatThrownBy(
            () ->
                client.updateTimeToLive(
                    b ->
                        b.tableName(table)
                            .timeToLiveSpecification(t -> t.attributeName("x").enabled(false))))
        .hasMessageStartingWith(
            "Time to live has been modified multiple times within a fixed interval");
  }
}

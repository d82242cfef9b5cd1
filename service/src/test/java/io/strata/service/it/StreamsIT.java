package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.stream.ShardIterator;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.ManualClock;
import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** DynamoDB Streams through the SDK's DynamoDbStreamsClient. */
@Timeout(120)
class StreamsIT {
  private static StrataTestServer server;
  private static Credentials tenant;
  private static DynamoDbClient client;
  private static DynamoDbStreamsClient streams;

  @BeforeAll
  static void connect() {
    server = StrataTestServer.shared();
    tenant = server.newTenant("streams");
    client = server.clientFor(tenant);
    streams = server.streamsClientFor(tenant);
  }

  @AfterAll
  static void disconnect() {
    client.close();
    streams.close();
  }

  private static String streamedTable(StreamViewType viewType) {
    String table = TablesIT.randomName();
    client.createTable(
        TablesIT.hashAndRange(table)
            .streamSpecification(s -> s.streamEnabled(true).streamViewType(viewType))
            .build());
    return table;
  }

  private static Map<String, AttributeValue> item(String pk, String value) {
    return Map.of(
        "pk",
        AttributeValue.fromS(pk),
        "sk",
        AttributeValue.fromN("1"),
        "v",
        AttributeValue.fromS(value));
  }

  private static StreamDescription describe(String table) {
    String arn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    return streams.describeStream(b -> b.streamArn(arn)).streamDescription();
  }

  private static String iterator(String table, ShardIteratorType type, String sequenceNumber) {
    StreamDescription description = describe(table);
    return streams
        .getShardIterator(
            b ->
                b.streamArn(description.streamArn())
                    .shardId(description.shards().get(0).shardId())
                    .shardIteratorType(type)
                    .sequenceNumber(sequenceNumber))
        .shardIterator();
  }

  @Test
  void insertModifyAndRemoveAreRecordedWithBothImagesAndIdenticalPutsAreNot() {
    String table = streamedTable(StreamViewType.NEW_AND_OLD_IMAGES);
    client.putItem(b -> b.tableName(table).item(item("a", "1")));
    client.putItem(b -> b.tableName(table).item(item("a", "2")));
    client.putItem(b -> b.tableName(table).item(item("a", "2")));
    client.deleteItem(b -> b.tableName(table).key(CapacityIT.key("a")));

    List<Record> records =
        streams
            .getRecords(b -> b.shardIterator(iterator(table, ShardIteratorType.TRIM_HORIZON, null)))
            .records();
    assertThat(records)
        .extracting(Record::eventName)
        .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
    assertThat(records.get(0).dynamodb().newImage()).isEqualTo(item("a", "1"));
    assertThat(records.get(0).dynamodb().hasOldImage()).isFalse();
    assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(item("a", "1"));
    assertThat(records.get(1).dynamodb().newImage()).isEqualTo(item("a", "2"));
    assertThat(records.get(2).dynamodb().oldImage()).isEqualTo(item("a", "2"));
    assertThat(records.get(2).dynamodb().keys()).isEqualTo(CapacityIT.key("a"));
    assertThat(records).extracting(r -> r.dynamodb().sequenceNumber()).isSorted();
    assertThat(records.get(0).eventSource()).isEqualTo("aws:dynamodb");
  }

  @Test
  void keysOnlyStreamsCarryNoImages() {
    String table = streamedTable(StreamViewType.KEYS_ONLY);
    client.putItem(b -> b.tableName(table).item(item("k", "1")));
    Record record =
        streams
            .getRecords(b -> b.shardIterator(iterator(table, ShardIteratorType.TRIM_HORIZON, null)))
            .records()
            .get(0);
    assertThat(record.dynamodb().hasNewImage()).isFalse();
    assertThat(record.dynamodb().keys()).isEqualTo(CapacityIT.key("k"));
  }

  @Test
  void latestAndAfterSequenceNumberIteratorsStartWhereTheySay() {
    String table = streamedTable(StreamViewType.NEW_IMAGE);
    client.putItem(b -> b.tableName(table).item(item("x", "before")));
    String latest = iterator(table, ShardIteratorType.LATEST, null);
    assertThat(streams.getRecords(b -> b.shardIterator(latest)).records()).isEmpty();
    client.putItem(b -> b.tableName(table).item(item("x", "after")));
    GetRecordsResponse afterLatest = streams.getRecords(b -> b.shardIterator(latest));
    assertThat(afterLatest.records()).hasSize(1);
    String sequence = afterLatest.records().get(0).dynamodb().sequenceNumber();
    client.putItem(b -> b.tableName(table).item(item("x", "third")));
    assertThat(
            streams
                .getRecords(
                    b ->
                        b.shardIterator(
                            iterator(table, ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequence)))
                .records())
        .extracting(r -> r.dynamodb().newImage().get("v").s())
        .containsExactly("third");
    assertThat(streams.getRecords(b -> b.shardIterator(afterLatest.nextShardIterator())).records())
        .extracting(r -> r.dynamodb().newImage().get("v").s())
        .containsExactly("third");
  }

  @Test
  void concurrentWritesEachLeaveExactlyOneRecordInCommitOrder() throws Exception {
    String table = streamedTable(StreamViewType.KEYS_ONLY);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String pk = "c" + i;
        writes.add(pool.submit(() -> client.putItem(b -> b.tableName(table).item(item(pk, "v")))));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<Record> records =
        streams
            .getRecords(b -> b.shardIterator(iterator(table, ShardIteratorType.TRIM_HORIZON, null)))
            .records();
    assertThat(records).hasSize(200);
    assertThat(records).extracting(r -> r.dynamodb().keys().get("pk").s()).doesNotHaveDuplicates();
    assertThat(records).extracting(r -> Long.parseLong(r.dynamodb().sequenceNumber())).isSorted();
  }

  @Test
  void disablingTheStreamClosesItsShard() {
    String table = streamedTable(StreamViewType.NEW_IMAGE);
    client.putItem(b -> b.tableName(table).item(item("d", "1")));
    String start = iterator(table, ShardIteratorType.TRIM_HORIZON, null);
    client.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
    client.putItem(b -> b.tableName(table).item(item("d", "2")));
    StreamDescription description = describe(table);
    assertThat(description.streamStatus()).isEqualTo(StreamStatus.DISABLED);
    assertThat(description.shards().get(0).sequenceNumberRange().endingSequenceNumber())
        .isNotNull();
    GetRecordsResponse all = streams.getRecords(b -> b.shardIterator(start));
    assertThat(all.records()).hasSize(1);
    GetRecordsResponse drained = streams.getRecords(b -> b.shardIterator(all.nextShardIterator()));
    assertThat(drained.records()).isEmpty();
    assertThat(drained.nextShardIterator()).isNull();
    assertThat(client.describeTable(b -> b.tableName(table)).table().streamSpecification())
        .isNull();
  }

  @Test
  void listStreamsShowsOnlyTheCallersStreamsAndOtherTenantsCannotReadThem() {
    String table = streamedTable(StreamViewType.KEYS_ONLY);
    assertThat(streams.listStreams(b -> b.tableName(table)).streams()).hasSize(1);
    String arn = describe(table).streamArn();
    try (DynamoDbStreamsClient stranger = server.streamsClientFor(server.firstTenant())) {
      assertThat(stranger.listStreams().streams()).noneMatch(s -> s.streamArn().equals(arn));
      assertThatThrownBy(() -> stranger.describeStream(b -> b.streamArn(arn)))
          .isInstanceOf(DynamoDbException.class)
          .hasMessageContaining("not authorized");
      String token = iterator(table, ShardIteratorType.TRIM_HORIZON, null);
      assertThatThrownBy(() -> stranger.getRecords(b -> b.shardIterator(token)))
          .isInstanceOf(DynamoDbException.class);
    }
  }

  /**
   * An iterator is sealed: its issue time cannot be pushed into the future to make it live forever,
   * and no byte of it can be changed. The forged token is what an unsealed iterator looked like
   * ({@code 1|tenant|table|label|sequence|issued millis}, base64url).
   */
  @Test
  void forgedAndAlteredIteratorsAreInvalid() {
    String table = streamedTable(StreamViewType.KEYS_ONLY);
    String token = iterator(table, ShardIteratorType.TRIM_HORIZON, null);
    String label = describe(table).streamLabel();
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("1|" + tenant.tenantId() + "|1|" + label + "|1|" + Long.MAX_VALUE / 2)
                    .getBytes(StandardCharsets.UTF_8));
    byte[] raw = Base64.getUrlDecoder().decode(token);
    raw[raw.length / 2] ^= 1;
    String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    for (String bad : List.of(forged, altered, token.substring(0, token.length() - 4))) {
      assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator(bad)))
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid ShardIterator");
              });
    }
    assertThat(streams.getRecords(b -> b.shardIterator(token)).records()).isEmpty();
  }

  /** The key that seals iterators is the tenant's data key, which a restart keeps. */
  @Test
  void anIteratorSurvivesARestartAndStillExpiresAfterFifteenMinutes() throws Exception {
    Map<String, String> environment =
        Map.of("STRATA_DATA_DIR", Files.createTempDirectory("strata-iterators").toString());
    String table = TablesIT.randomName();
    String token;
    StrataTestServer first = StrataTestServer.start(environment, new ManualClock());
    try (DynamoDbClient owner = first.client();
        DynamoDbStreamsClient reader = first.streamsClientFor(first.firstTenant())) {
      owner.createTable(
          TablesIT.hashAndRange(table)
              .streamSpecification(s -> s.streamEnabled(true).streamViewType("KEYS_ONLY"))
              .build());
      owner.putItem(b -> b.tableName(table).item(item("before-restart", "v")));
      String arn = owner.describeTable(b -> b.tableName(table)).table().latestStreamArn();
      String shard =
          reader
              .describeStream(b -> b.streamArn(arn))
              .streamDescription()
              .shards()
              .get(0)
              .shardId();
      token =
          reader
              .getShardIterator(
                  b ->
                      b.streamArn(arn)
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      assertThat(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1))
          .as("a sealed token shows nothing of what it holds")
          .doesNotContain(first.firstTenant().tenantId())
          .doesNotContain(owner.describeTable(b -> b.tableName(table)).table().latestStreamLabel());
    } finally {
      first.closeQuietly();
    }

    ManualClock clock = new ManualClock();
    StrataTestServer second = StrataTestServer.start(environment, clock);
    try (DynamoDbStreamsClient reader = second.streamsClientFor(second.firstTenant())) {
      assertThat(reader.getRecords(b -> b.shardIterator(token)).records())
          .extracting(r -> r.dynamodb().keys().get("pk").s())
          .containsExactly("before-restart");

      clock.advance(ShardIterator.LIFETIME.plusSeconds(1));
      RawClient raw = new RawClient(second.endpoint(), second.certificate());
      String body = "{\"ShardIterator\":\"" + token + "\"}";
      RawClient.Response expired =
          raw.send(
              raw.sign("DynamoDBStreams_20120810.GetRecords", body, second.firstTenant(), clock),
              body);
      assertThat(expired.body()).contains("ExpiredIteratorException");
    } finally {
      second.closeQuietly();
    }
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.error.ValidationMessages;
import io.strata.service.stream.ShardIterator;
import io.strata.service.stream.StreamLog;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.DynamoDbLocal;
import io.strata.service.testing.ManualClock;
import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
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
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardFilterType;
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

  /** Every record of a stream's shards from the start, read until a page comes back empty. */
  private static List<Record> allRecords(DynamoDbStreamsClient reader, String arn) {
    List<Record> records = new ArrayList<>();
    for (Shard shard : reader.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
      String iterator =
          reader
              .getShardIterator(
                  b ->
                      b.streamArn(arn)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      while (iterator != null) {
        String current = iterator;
        GetRecordsResponse page = reader.getRecords(b -> b.shardIterator(current));
        records.addAll(page.records());
        iterator = page.records().isEmpty() ? null : page.nextShardIterator();
      }
    }
    return records;
  }

  /**
   * A stream's one shard never splits, so it has no children; DynamoDB Local ignores ShardFilter
   * (it lists the shard), the API reference is followed here.
   */
  @Test
  void theOnlyShardOfAStreamHasNoChildShards() {
    String table = streamedTable(StreamViewType.KEYS_ONLY);
    StreamDescription description = describe(table);
    String shardId = description.shards().get(0).shardId();
    StreamDescription children =
        streams
            .describeStream(
                b ->
                    b.streamArn(description.streamArn())
                        .shardFilter(f -> f.type(ShardFilterType.CHILD_SHARDS).shardId(shardId)))
            .streamDescription();
    assertThat(children.shards()).isEmpty();
    assertThat(children.streamStatus()).isEqualTo(StreamStatus.ENABLED);
    assertThat(children.streamArn()).isEqualTo(description.streamArn());
  }

  @Test
  void aShardFilterIsValidatedAsDynamoDbValidatesIt() {
    String table = streamedTable(StreamViewType.KEYS_ONLY);
    StreamDescription description = describe(table);
    String arn = description.streamArn();
    String shardId = description.shards().get(0).shardId();
    assertThat(
            errorOf(
                () ->
                    streams.describeStream(
                        b ->
                            b.streamArn(arn)
                                .shardFilter(f -> f.type("PARENT_SHARDS").shardId(shardId)))))
        .isEqualTo(
            "ValidationException: 1 validation error detected: Value 'PARENT_SHARDS' at"
                + " 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value"
                + " set: [CHILD_SHARDS]");
    assertThat(
            errorOf(
                () ->
                    streams.describeStream(
                        b ->
                            b.streamArn(arn)
                                .shardFilter(
                                    f -> f.type(ShardFilterType.CHILD_SHARDS).shardId("qwerty")))))
        .isEqualTo(
            "ValidationException: 1 validation error detected: Value 'qwerty' at"
                + " 'shardFilter.shardId' failed to satisfy constraint: Member must have length"
                + " greater than or equal to 28");
    assertThat(
            errorOf(
                () ->
                    streams.describeStream(
                        b -> b.streamArn(arn).shardFilter(f -> f.shardId(shardId)))))
        .isEqualTo(
            "ValidationException: 1 validation error detected: Value null at 'shardFilter.type'"
                + " failed to satisfy constraint: Member must not be null");
    assertThat(
            errorOf(
                () ->
                    streams.describeStream(
                        b ->
                            b.streamArn(arn)
                                .shardFilter(f -> f.type(ShardFilterType.CHILD_SHARDS)))))
        .isEqualTo(
            "ValidationException: 1 validation error detected: Value null at"
                + " 'shardFilter.shardId' failed to satisfy constraint: Member must not be null");
    String otherShard = "shardId-00000000000000000001-00000000";
    assertThat(
            errorOf(
                () ->
                    streams.describeStream(
                        b ->
                            b.streamArn(arn)
                                .shardFilter(
                                    f ->
                                        f.type(ShardFilterType.CHILD_SHARDS).shardId(otherShard)))))
        .isEqualTo("ResourceNotFoundException: Requested resource not found: Shard does not exist");
  }

  /**
   * DynamoDB refuses an ExclusiveStartStreamArn that is no stream ARN (Alternator's
   * test_list_streams_with_nonexistent_last_stream, run against AWS); DynamoDB Local answers an
   * empty list. A well-formed ARN is a position, whether or not its stream still exists.
   */
  @Test
  void aMalformedExclusiveStartStreamArnIsRefusedAndAWellFormedOneIsAPosition() {
    String table = streamedTable(StreamViewType.KEYS_ONLY);
    String arn = describe(table).streamArn();
    assertThat(
            errorOf(
                () ->
                    streams.listStreams(
                        b ->
                            b.exclusiveStartStreamArn("kossaapaaasdafsdaasdasdasdasasdasfadfadf"))))
        .isEqualTo("ValidationException: " + ValidationMessages.INVALID_EXCLUSIVE_START_STREAM_ARN);
    String before = arn.substring(0, arn.indexOf("/stream/")) + "/stream/0000";
    assertThat(
            streams.listStreams(b -> b.tableName(table).exclusiveStartStreamArn(before)).streams())
        .extracting(s -> s.streamArn())
        .containsExactly(arn);
    assertThat(streams.listStreams(b -> b.tableName(table).exclusiveStartStreamArn(arn)).streams())
        .isEmpty();
  }

  /**
   * Disabling a stream and enabling one again leaves two streams, each with its own ARN, shard and
   * records, the old one DISABLED, as in DynamoDB (developer guide, Streams.html: a disabled
   * stream's records stay readable for 24 hours) and in DynamoDB Local.
   */
  @Test
  void aStreamEnabledAgainLeavesTheDisabledOneReadableUnderItsOwnArnAsDynamoDbLocalDoes() {
    try (DynamoDbClient local = DynamoDbLocal.shared().client();
        DynamoDbStreamsClient localStreams = DynamoDbLocal.shared().streamsClient()) {
      assertThat(reEnabledStreams(client, streams))
          .isEqualTo(reEnabledStreams(local, localStreams))
          .isEqualTo(
              Map.of(
                  "DISABLED", List.of("before"),
                  "ENABLED", List.of("after")));
    }
  }

  /**
   * Writes one item under a first stream, disables it, enables a second and writes another; returns
   * each listed stream's status and the keys its records hold, after checking the table describes
   * the second as its latest and that the two differ in ARN and shard.
   */
  private static Map<String, List<String>> reEnabledStreams(
      DynamoDbClient owner, DynamoDbStreamsClient reader) {
    String table = TablesIT.randomName();
    owner.createTable(
        TablesIT.hashAndRange(table)
            .streamSpecification(s -> s.streamEnabled(true).streamViewType("NEW_IMAGE"))
            .build());
    owner.putItem(b -> b.tableName(table).item(item("before", "1")));
    owner.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
    owner.updateTable(
        b ->
            b.tableName(table)
                .streamSpecification(s -> s.streamEnabled(true).streamViewType("NEW_IMAGE")));
    owner.putItem(b -> b.tableName(table).item(item("after", "1")));
    String latest = owner.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    Map<String, List<String>> byStatus = new java.util.TreeMap<>();
    List<String> shards = new ArrayList<>();
    for (software.amazon.awssdk.services.dynamodb.model.Stream listed :
        reader.listStreams(b -> b.tableName(table)).streams()) {
      StreamDescription description =
          reader.describeStream(b -> b.streamArn(listed.streamArn())).streamDescription();
      if (description.streamStatus() == StreamStatus.ENABLED) {
        assertThat(listed.streamArn()).isEqualTo(latest);
      } else {
        assertThat(description.shards().get(0).sequenceNumberRange().endingSequenceNumber())
            .isNotNull();
      }
      shards.add(description.shards().get(0).shardId());
      byStatus.put(
          description.streamStatusAsString(),
          allRecords(reader, listed.streamArn()).stream()
              .map(r -> r.dynamodb().keys().get("pk").s())
              .toList());
    }
    assertThat(shards).doesNotHaveDuplicates().hasSize(2);
    owner.deleteTable(b -> b.tableName(table));
    return byStatus;
  }

  /**
   * The disabled stream is gone a day after it was disabled; the current one is not. Once the clock
   * has moved past SigV4's 15 minutes of allowed skew, requests are signed with that clock.
   */
  @Test
  void anEarlierStreamExpiresADayAfterItWasDisabled() throws Exception {
    ManualClock clock = new ManualClock();
    StrataTestServer own =
        StrataTestServer.start(
            Map.of(
                "STRATA_DATA_DIR", Files.createTempDirectory("strata-earlier-streams").toString()),
            clock);
    try (DynamoDbClient owner = own.client();
        DynamoDbStreamsClient reader = own.streamsClientFor(own.firstTenant())) {
      String table = TablesIT.randomName();
      owner.createTable(
          TablesIT.hashAndRange(table)
              .streamSpecification(s -> s.streamEnabled(true).streamViewType("KEYS_ONLY"))
              .build());
      String first = owner.describeTable(b -> b.tableName(table)).table().latestStreamArn();
      owner.putItem(b -> b.tableName(table).item(item("first", "1")));
      owner.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(false)));
      owner.updateTable(
          b ->
              b.tableName(table)
                  .streamSpecification(s -> s.streamEnabled(true).streamViewType("KEYS_ONLY")));
      String second = owner.describeTable(b -> b.tableName(table)).table().latestStreamArn();
      assertThat(second).as("a stream enabled in the same millisecond").isNotEqualTo(first);
      assertThat(allRecords(reader, first))
          .extracting(r -> r.dynamodb().keys().get("pk").s())
          .containsExactly("first");

      // Raw requests are signed for another region, so ListStreams names the streams' ARNs in it:
      // the labels are what the two answers share.
      String firstLabel = first.substring(first.lastIndexOf('/') + 1);
      String secondLabel = second.substring(second.lastIndexOf('/') + 1);
      RawClient raw = new RawClient(own.endpoint(), own.certificate());
      String listBody = "{\"TableName\":\"" + table + "\"}";
      String describeFirst = "{\"StreamArn\":\"" + first + "\"}";
      clock.advance(StreamLog.RETENTION.minusSeconds(1));
      assertThat(streamsCall(raw, own, "ListStreams", listBody, clock).body())
          .contains(firstLabel, secondLabel);
      assertThat(streamsCall(raw, own, "DescribeStream", describeFirst, clock).body())
          .contains("\"StreamStatus\":\"DISABLED\"");

      clock.advance(Duration.ofSeconds(2));
      RawClient.Response listed = streamsCall(raw, own, "ListStreams", listBody, clock);
      assertThat(listed.body()).contains(secondLabel).doesNotContain(firstLabel);
      RawClient.Response gone = streamsCall(raw, own, "DescribeStream", describeFirst, clock);
      assertThat(gone.status()).isEqualTo(400);
      assertThat(gone.body()).contains("ResourceNotFoundException");
    } finally {
      own.closeQuietly();
    }
  }

  private static RawClient.Response streamsCall(
      RawClient raw, StrataTestServer server, String operation, String body, ManualClock clock) {
    return raw.send(
        raw.sign("DynamoDBStreams_20120810." + operation, body, server.firstTenant(), clock), body);
  }

  /** "Code: message" of what {@code call} throws. */
  private static String errorOf(Runnable call) {
    try {
      call.run();
    } catch (DynamoDbException e) {
      return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    }
    throw new AssertionError("no error");
  }
}

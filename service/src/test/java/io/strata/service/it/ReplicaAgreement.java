package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.ServerProcess;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What one replica holds of a table with a global secondary index and a stream, read through that
 * replica's own API: its items, its index entries and its stream records. On every replica the
 * index holds exactly the items that have the index key, the stream's last image of each key is the
 * item (or its absence), and replicas agree with each other record for record.
 */
record ReplicaAgreement(
    Map<String, Map<String, AttributeValue>> items, List<String> streamRecords) {
  static final String INDEX = "byGroup";
  static final int GROUPS = 4;

  /**
   * The table: {@code pk}/{@code sk}, an index on {@code g} (every attribute projected), a stream.
   */
  static CreateTableRequest table(String name) {
    return TablesIT.hashAndRange(name)
        .attributeDefinitions(
            attribute("pk", ScalarAttributeType.S),
            attribute("sk", ScalarAttributeType.N),
            attribute("g", ScalarAttributeType.S))
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(INDEX)
                .keySchema(
                    KeySchemaElement.builder().attributeName("g").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build())
        .streamSpecification(
            StreamSpecification.builder()
                .streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE)
                .build())
        .build();
  }

  /** The index key of the item with this id. */
  static AttributeValue group(long id) {
    return AttributeValue.fromS("g" + id % GROUPS);
  }

  /**
   * Reads the table on {@code node} (a strongly consistent scan first, so the replica has applied
   * everything committed before the eventually consistent index and stream reads) and checks that
   * its index and stream agree with its items.
   */
  static ReplicaAgreement on(ServerProcess node, String table) {
    String nodeId = node.setting("STRATA_NODE_ID");
    try (DynamoDbClient client = node.client();
        DynamoDbStreamsClient streams = node.streamsClient()) {
      Map<String, Map<String, AttributeValue>> items = new HashMap<>();
      client
          .scanPaginator(b -> b.tableName(table).consistentRead(true))
          .items()
          .forEach(item -> items.put(key(item), item));

      Map<String, Map<String, AttributeValue>> indexed = new HashMap<>();
      for (int group = 0; group < GROUPS; group++) {
        AttributeValue value = group(group);
        client
            .queryPaginator(
                b ->
                    b.tableName(table)
                        .indexName(INDEX)
                        .keyConditionExpression("g = :g")
                        .expressionAttributeValues(Map.of(":g", value)))
            .items()
            .forEach(item -> indexed.put(key(item), item));
      }
      assertThat(indexed)
          .as("the index entries on %s", nodeId)
          .isEqualTo(
              items.entrySet().stream()
                  .filter(item -> item.getValue().containsKey("g"))
                  .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));

      List<Record> records = streamRecords(client, streams, table);
      Map<String, Record> lastByKey = new HashMap<>();
      for (Record record : records) {
        lastByKey.put(key(record.dynamodb().keys()), record);
      }
      Map<String, Map<String, AttributeValue>> replayed = new HashMap<>();
      lastByKey.forEach(
          (key, record) -> {
            if (record.eventName() != OperationType.REMOVE) {
              replayed.put(key, record.dynamodb().newImage());
            }
          });
      assertThat(replayed).as("the items the stream on %s leaves", nodeId).isEqualTo(items);
      return new ReplicaAgreement(
          items,
          records.stream()
              .map(
                  record ->
                      record.dynamodb().sequenceNumber()
                          + " "
                          + record.eventName()
                          + " "
                          + key(record.dynamodb().keys()))
              .toList());
    }
  }

  private static List<Record> streamRecords(
      DynamoDbClient client, DynamoDbStreamsClient streams, String table) {
    String arn = client.describeTable(b -> b.tableName(table)).table().latestStreamArn();
    List<Record> records = new ArrayList<>();
    for (Shard shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
      String iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(arn)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      while (iterator != null) {
        String from = iterator;
        GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(from).limit(1000));
        records.addAll(page.records());
        iterator = page.records().isEmpty() ? null : page.nextShardIterator();
      }
    }
    // In sequence-number order, so that each key's last record is its latest change.
    records.sort((first, second) -> sequenceOf(first).compareTo(sequenceOf(second)));
    return records;
  }

  private static BigInteger sequenceOf(Record record) {
    return new BigInteger(record.dynamodb().sequenceNumber());
  }

  private static String key(Map<String, AttributeValue> item) {
    return item.get("pk").s() + "/" + item.get("sk").n();
  }

  private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.testing.StrataTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionSizeLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnItemCollectionMetrics;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Item collections of tables with local indexes are limited in size (10 GB in DynamoDB; 20 KB on
 * this test's server so the limit can be reached) and reported with ReturnItemCollectionMetrics.
 */
@Timeout(120)
class ItemCollectionIT {
  private static final String PAYLOAD = "x".repeat(3000);
  private static StrataTestServer server;
  private static DynamoDbClient client;

  @BeforeAll
  static void start() {
    server = StrataTestServer.start(Map.of("STRATA_ITEM_COLLECTION_LIMIT_BYTES", "20000"));
    client = server.client();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.closeQuietly();
  }

  private static Map<String, AttributeValue> item(String pk, int sk) {
    return Map.of(
        "pk", AttributeValue.fromS(pk),
        "sk", AttributeValue.fromN(Integer.toString(sk)),
        "l", AttributeValue.fromS("v" + sk),
        "payload", AttributeValue.fromS(PAYLOAD));
  }

  /** A table with a local secondary index on {@code l}, so its item collections are tracked. */
  private static String tableWithLocalIndex() {
    String table = TablesIT.randomName();
    client.createTable(
        TablesIT.hashAndRange(table)
            .attributeDefinitions(
                AttributeDefinition.builder()
                    .attributeName("pk")
                    .attributeType(ScalarAttributeType.S)
                    .build(),
                AttributeDefinition.builder()
                    .attributeName("sk")
                    .attributeType(ScalarAttributeType.N)
                    .build(),
                AttributeDefinition.builder()
                    .attributeName("l")
                    .attributeType(ScalarAttributeType.S)
                    .build())
            .localSecondaryIndexes(
                LocalSecondaryIndex.builder()
                    .indexName("byL")
                    .keySchema(
                        k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("l").keyType(KeyType.RANGE))
                    .projection(p -> p.projectionType(ProjectionType.ALL))
                    .build())
            .build());
    return table;
  }

  @Test
  void aCollectionStopsGrowingAtTheLimitAndIsReported() {
    String table = tableWithLocalIndex();
    ItemCollectionMetrics metrics =
        client
            .putItem(
                b ->
                    b.tableName(table)
                        .item(item("a", 0))
                        .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE))
            .itemCollectionMetrics();
    assertThat(metrics.itemCollectionKey()).isEqualTo(Map.of("pk", AttributeValue.fromS("a")));
    assertThat(metrics.sizeEstimateRangeGB()).containsExactly(0.0, 1.0);

    int stored = 1;
    while (true) {
      int sk = stored;
      try {
        client.putItem(b -> b.tableName(table).item(item("a", sk)));
        stored++;
      } catch (ItemCollectionSizeLimitExceededException e) {
        break;
      }
      assertThat(stored).as("each item with its index entry weighs about 6 KB").isLessThan(10);
    }
    assertThat(stored).isEqualTo(3);
    client.putItem(b -> b.tableName(table).item(item("b", 0)));
    client.deleteItem(
        b ->
            b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("0"))));
    client.putItem(b -> b.tableName(table).item(item("a", 99)));
    assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item("a", 100))))
        .isInstanceOf(ItemCollectionSizeLimitExceededException.class);
    client.updateItem(
        b ->
            b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromN("99")))
                .updateExpression("REMOVE payload"));
    client.putItem(b -> b.tableName(table).item(item("a", 100)));
  }

  @Test
  void batchWritesReportEachTouchedCollectionOnceForTablesWithLocalIndexes() {
    String indexed = tableWithLocalIndex();
    String plain = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(plain).build());
    Map<String, AttributeValue> deleted = Map.copyOf(item("d", 0));
    client.putItem(b -> b.tableName(indexed).item(deleted));

    Map<String, List<WriteRequest>> writes =
        Map.of(
            indexed,
            List.of(
                put(item("c", 1)),
                put(item("c", 2)),
                WriteRequest.builder()
                    .deleteRequest(
                        d -> d.key(Map.of("pk", deleted.get("pk"), "sk", deleted.get("sk"))))
                    .build()),
            plain,
            List.of(put(item("c", 1))));
    Map<String, List<ItemCollectionMetrics>> reported =
        client
            .batchWriteItem(
                b ->
                    b.requestItems(writes)
                        .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE))
            .itemCollectionMetrics();

    assertThat(reported).containsOnlyKeys(indexed);
    assertThat(reported.get(indexed))
        .extracting(ItemCollectionMetrics::itemCollectionKey)
        .containsExactlyInAnyOrder(
            Map.of("pk", AttributeValue.fromS("c")), Map.of("pk", AttributeValue.fromS("d")));
    assertThat(reported.get(indexed))
        .allSatisfy(metrics -> assertThat(metrics.sizeEstimateRangeGB()).containsExactly(0.0, 1.0));
    assertThat(client.batchWriteItem(b -> b.requestItems(writes)).hasItemCollectionMetrics())
        .as("not asked for")
        .isFalse();
  }

  private static WriteRequest put(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(p -> p.item(item)).build();
  }

  @Test
  void tablesWithoutLocalIndexesHaveNoCollectionsToReport() {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    for (int sk = 0; sk < 10; sk++) {
      int key = sk;
      assertThat(
              client
                  .putItem(
                      b ->
                          b.tableName(table)
                              .item(item("a", key))
                              .returnItemCollectionMetrics(ReturnItemCollectionMetrics.SIZE))
                  .itemCollectionMetrics())
          .isNull();
    }
  }
}

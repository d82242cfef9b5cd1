package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.StrataTestServer;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The query cache as a client sees it: repeated eventually consistent pages are answered from
 * memory yet report the capacity DynamoDB would (its ConsumedCapacity does not depend on a cache),
 * and are never older than a write the client was told succeeded.
 */
@Timeout(120)
class QueryCacheIT {
  private static StrataTestServer server;
  private static DynamoDbClient client;
  private static String table;
  private static String other;

  @BeforeAll
  static void createTables() {
    server = StrataTestServer.start(Map.of());
    client = server.client();
    table = TablesIT.randomName();
    other = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    client.createTable(TablesIT.hashAndRange(other).build());
    IntStream.range(0, 20).forEach(i -> put(table, i, "v" + i));
  }

  @AfterAll
  static void disconnect() {
    client.close();
    server.closeQuietly();
  }

  private static void put(String tableName, int sk, String value) {
    client.putItem(
        b ->
            b.tableName(tableName)
                .item(
                    Map.of(
                        "pk", AttributeValue.fromS("p"),
                        "sk", AttributeValue.fromN(Integer.toString(sk)),
                        "v", AttributeValue.fromS(value))));
  }

  private static QueryRequest query(boolean consistent) {
    return QueryRequest.builder()
        .tableName(table)
        .keyConditionExpression("pk = :p")
        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("p")))
        .consistentRead(consistent)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .build();
  }

  @Test
  void repeatedPagesAreCacheHitsChargedAsDynamoDbChargesThemUntilTheTableChanges() {
    QueryResponse first = client.query(query(false));
    double hits = ItemCacheIT.cacheHits(server);
    QueryResponse second = client.query(query(false));
    assertThat(first.consumedCapacity().capacityUnits()).isEqualTo(0.5);
    assertThat(second.consumedCapacity()).as("a cache hit").isEqualTo(first.consumedCapacity());
    assertThat(ItemCacheIT.cacheHits(server)).isEqualTo(hits + 1);
    assertThat(second.items()).isEqualTo(first.items());

    put(other, 1, "elsewhere");
    client.query(query(false));
    assertThat(ItemCacheIT.cacheHits(server))
        .as("a write to another table leaves the page cached")
        .isEqualTo(hits + 2);

    String fresh = "changed-" + UUID.randomUUID();
    put(table, 3, fresh);
    QueryResponse afterWrite = client.query(query(false));
    assertThat(afterWrite.items().get(3).get("v").s()).isEqualTo(fresh);
    assertThat(afterWrite.consumedCapacity().capacityUnits()).isEqualTo(0.5);
    assertThat(ItemCacheIT.cacheHits(server)).as("a miss").isEqualTo(hits + 2);

    assertThat(client.query(query(true)).consumedCapacity().capacityUnits())
        .as("strongly consistent reads bypass the cache")
        .isEqualTo(1.0);
    assertThat(client.query(query(true)).consumedCapacity().capacityUnits()).isEqualTo(1.0);
    assertThat(ItemCacheIT.cacheHits(server)).isEqualTo(hits + 2);
  }

  @Test
  void scansAreCachedAndInvalidatedTheSameWay() throws Exception {
    ScanRequest scan =
        ScanRequest.builder()
            .tableName(table)
            .limit(5)
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
            .build();
    double charged = client.scan(scan).consumedCapacity().capacityUnits();
    double hits = ItemCacheIT.cacheHits(server);
    assertThat(client.scan(scan).consumedCapacity().capacityUnits()).isEqualTo(charged);
    assertThat(ItemCacheIT.cacheHits(server)).isEqualTo(hits + 1);
    client.deleteItem(
        b ->
            b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromN("0"))));
    assertThat(client.scan(scan).items()).noneMatch(item -> item.get("sk").n().equals("0"));

    assertThat(server.scrapeMetrics())
        .contains("ddb_cache_hits_total{tenant=\"" + server.firstTenant().tenantId() + "\"}");
  }
}

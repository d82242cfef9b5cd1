package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.testing.StrataTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Global indexes added to and removed from a live table with UpdateTable: the new index is
 * backfilled in the background (CREATING and Backfilling until done, unreadable meanwhile) while
 * writes go on, and ends up holding exactly the table's items.
 */
@Timeout(180)
class OnlineIndexIT {
  private static final int ITEMS = 3000;
  private static DynamoDbClient client;

  @BeforeAll
  static void connect() {
    client = StrataTestServer.shared().client();
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  private static Map<String, AttributeValue> item(int i) {
    return Map.of(
        "pk", AttributeValue.fromS("p" + (i % 50)),
        "sk", AttributeValue.fromN(Integer.toString(i)),
        "colour", AttributeValue.fromS(i % 3 == 0 ? "red" : "blue"));
  }

  @Test
  void anIndexAddedToALiveTableIsBackfilledWhileWritesContinue() throws Exception {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    for (int from = 0; from < ITEMS; from += 25) {
      List<WriteRequest> batch =
          IntStream.range(from, from + 25)
              .mapToObj(
                  i ->
                      WriteRequest.builder()
                          .putRequest(PutRequest.builder().item(item(i)).build())
                          .build())
              .toList();
      client.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger next = new AtomicInteger(ITEMS);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              while (writing.get()) {
                int i = next.getAndIncrement();
                client.putItem(b -> b.tableName(table).item(item(i)));
              }
            });

    var updated =
        client.updateTable(
            b ->
                b.tableName(table)
                    .attributeDefinitions(
                        AttributeDefinition.builder()
                            .attributeName("colour")
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .globalSecondaryIndexUpdates(
                        u ->
                            u.create(
                                c ->
                                    c.indexName("byColour")
                                        .keySchema(
                                            k -> k.attributeName("colour").keyType(KeyType.HASH),
                                            k -> k.attributeName("sk").keyType(KeyType.RANGE))
                                        .projection(
                                            p -> p.projectionType(ProjectionType.KEYS_ONLY)))));
    GlobalSecondaryIndexDescription created =
        updated.tableDescription().globalSecondaryIndexes().get(0);
    assertThat(created.indexStatus()).isEqualTo(IndexStatus.CREATING);
    assertThat(created.backfilling()).isTrue();
    assertThatThrownBy(() -> query(table, "red"))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Cannot read from backfilling global secondary index: byColour"));

    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    GlobalSecondaryIndexDescription index = created;
    while (index.indexStatus() != IndexStatus.ACTIVE && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      index = client.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().get(0);
    }
    assertThat(index.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
    writing.set(false);
    writer.get();

    int written = next.get();
    Set<Integer> expectedRed = new HashSet<>();
    for (int i = 0; i < written; i++) {
      if (i % 3 == 0) {
        expectedRed.add(i);
      }
    }
    assertThat(query(table, "red")).isEqualTo(expectedRed);
    assertThat(
            client
                .describeTable(b -> b.tableName(table))
                .table()
                .globalSecondaryIndexes()
                .get(0)
                .itemCount())
        .isEqualTo((long) written);
    assertThat(client.describeTable(b -> b.tableName(table)).table().attributeDefinitions())
        .extracting(AttributeDefinition::attributeName)
        .contains("colour");

    client.updateTable(
        b ->
            b.tableName(table)
                .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("byColour"))));
    assertThat(client.describeTable(b -> b.tableName(table)).table().hasGlobalSecondaryIndexes())
        .isFalse();
    assertThatThrownBy(() -> query(table, "red"))
        .hasMessageContaining("The table does not have the specified index: byColour");
  }

  @Test
  void oneIndexChangeAtATimeAndOnlyIndexesThatExist() {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    assertThatThrownBy(
            () ->
                client.updateTable(
                    b ->
                        b.tableName(table)
                            .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("nope")))))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));
    assertThatThrownBy(
            () ->
                client.updateTable(
                    b ->
                        b.tableName(table)
                            .globalSecondaryIndexUpdates(
                                u -> u.delete(d -> d.indexName("a")),
                                u -> u.delete(d -> d.indexName("b")))))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("LimitExceededException"));
  }

  /** Constraint errors name the member the user sent, under globalSecondaryIndexUpdates. */
  @Test
  void indexNameErrorsNameTheUpdateMemberThatWasSent() {
    String table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    assertThatThrownBy(
            () ->
                client.updateTable(
                    b ->
                        b.tableName(table)
                            .attributeDefinitions(
                                a -> a.attributeName("colour").attributeType(ScalarAttributeType.S))
                            .globalSecondaryIndexUpdates(
                                u ->
                                    u.create(
                                        c ->
                                            c.indexName("a;")
                                                .keySchema(
                                                    k ->
                                                        k.attributeName("colour")
                                                            .keyType(KeyType.HASH))
                                                .projection(p -> p.projectionType("ALL"))))))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "2 validation errors detected: Value 'a;' at"
                            + " 'globalSecondaryIndexUpdates.1.member.create.indexName' failed to"
                            + " satisfy constraint: Member must satisfy regular expression pattern:"
                            + " [a-zA-Z0-9_.-]+; Value 'a;' at"
                            + " 'globalSecondaryIndexUpdates.1.member.create.indexName' failed to"
                            + " satisfy constraint: Member must have length greater than or equal"
                            + " to 3"));
    assertThatThrownBy(
            () ->
                client.updateTable(
                    b ->
                        b.tableName(table)
                            .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("ab")))))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "1 validation error detected: Value 'ab' at"
                            + " 'globalSecondaryIndexUpdates.1.member.delete.indexName' failed to"
                            + " satisfy constraint: Member must have length greater than or equal"
                            + " to 3"));
  }

  private static Set<Integer> query(String table, String colour) {
    Set<Integer> found = new HashSet<>();
    client
        .queryPaginator(
            b ->
                b.tableName(table)
                    .indexName("byColour")
                    .keyConditionExpression("colour = :c")
                    .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(colour))))
        .items()
        .forEach(item -> found.add(Integer.parseInt(item.get("sk").n())));
    return found;
  }
}

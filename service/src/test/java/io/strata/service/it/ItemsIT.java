package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.testing.StrataTestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** PutItem, GetItem, DeleteItem and BatchWriteItem through the SDK. */
@Timeout(120)
class ItemsIT {
  private static DynamoDbClient client;
  private static String table;
  private static String hashOnly;

  @BeforeAll
  static void createTables() {
    client = StrataTestServer.shared().client();
    table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
    hashOnly = TablesIT.randomName();
    client.createTable(
        b ->
            b.tableName(hashOnly)
                .keySchema(k -> k.attributeName("id").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("id").attributeType("B"))
                .billingMode("PAY_PER_REQUEST"));
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of("pk", s(pk), "sk", n(sk));
  }

  @Nested
  class Validation {
    @Test
    void anItemWithoutItsSortKeyNamesTheMissingKey() {
      assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(Map.of("pk", s("a")))))
          .hasMessageStartingWith(
              "One or more parameter values were invalid: Missing the key sk in the item");
    }

    @Test
    void aKeyOfTheWrongTypeIsATypeMismatch() {
      assertThatThrownBy(
              () ->
                  client.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "sk", s("1")))))
          .hasMessageStartingWith(
              "One or more parameter values were invalid: Type mismatch for key sk expected: N"
                  + " actual: S");
    }

    @Test
    void keysMustMatchTheSchemaExactly() {
      assertThatThrownBy(() -> client.getItem(b -> b.tableName(table).key(Map.of("pk", s("a")))))
          .hasMessageStartingWith("The provided key element does not match the schema");
      Map<String, AttributeValue> extra = new HashMap<>(key("a", "1"));
      extra.put("other", s("x"));
      assertThatThrownBy(() -> client.getItem(b -> b.tableName(table).key(extra)))
          .hasMessageStartingWith("The provided key element does not match the schema");
    }

    @Test
    void emptyKeyValuesAreRejected() {
      assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(key("", "1"))))
          .hasMessageStartingWith(
              "One or more parameter values are not valid. The AttributeValue for a key attribute"
                  + " cannot contain an empty string value. Key: pk");
    }

    @Test
    void itemsOverFourHundredKilobytesAreRejectedAndAtTheLimitAccepted() {
      String name = "payload";
      // pk "big": 2 + 3 bytes; sk 1: 2 + 2 bytes (one digit costs 2); the attribute name: 7.
      int overhead = 2 + 3 + 2 + 2 + name.length();
      Map<String, AttributeValue> atLimit = new HashMap<>(key("big", "1"));
      atLimit.put(name, s("x".repeat(400 * 1024 - overhead)));
      client.putItem(b -> b.tableName(table).item(atLimit));
      Map<String, AttributeValue> overLimit = new HashMap<>(key("big", "2"));
      overLimit.put(name, s("x".repeat(400 * 1024 - overhead + 1)));
      assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(overLimit)))
          .hasMessageStartingWith("Item size has exceeded the maximum allowed size");
    }

    @Test
    void partitionKeysOverTwoKilobytesAreRejected() {
      assertThatThrownBy(
              () -> client.putItem(b -> b.tableName(table).item(key("p".repeat(2049), "1"))))
          .hasMessageStartingWith(
              "One or more parameter values were invalid: Size of hashkey has exceeded the maximum"
                  + " size limit of2048 bytes");
      client.putItem(b -> b.tableName(table).item(key("p".repeat(2048), "1")));
    }

    @Test
    void numbersBeyondThirtyEightDigitsAreRejected() {
      Map<String, AttributeValue> item = new HashMap<>(key("n", "1"));
      item.put("v", n("1.000000000000000000000000000000000000001"));
      assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(item)))
          .hasMessageStartingWith(
              "Attempting to store more than 38 significant digits in a Number");
    }

    @Test
    void putIntoAMissingTableIsResourceNotFound() {
      assertThatThrownBy(
              () -> client.putItem(b -> b.tableName("missing-table").item(key("a", "1"))))
          .isInstanceOf(ResourceNotFoundException.class)
          .hasMessageStartingWith("Requested resource not found");
    }

    @Test
    void putItemAcceptsOnlyAllOldOrNone() {
      assertThatThrownBy(
              () ->
                  client.putItem(
                      b ->
                          b.tableName(table).item(key("a", "1")).returnValues(ReturnValue.ALL_NEW)))
          .hasMessageStartingWith("ReturnValues can only be ALL_OLD or NONE");
    }
  }

  @Nested
  class Functionality {
    @Test
    void everyAttributeTypeRoundTrips() {
      Map<String, AttributeValue> item = new HashMap<>(key(UUID.randomUUID().toString(), "7"));
      item.put("s", s("h\u00e9llo \uD83D\uDE00"));
      item.put("empty", s(""));
      item.put("n", n("-12.5"));
      item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xFF})));
      item.put("bool", AttributeValue.fromBool(true));
      item.put("null", AttributeValue.fromNul(true));
      item.put(
          "m",
          AttributeValue.fromM(Map.of("inner", AttributeValue.fromL(List.of(n("1"), s("x"))))));
      item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
      item.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
      item.put(
          "bs",
          AttributeValue.fromBs(
              List.of(
                  SdkBytes.fromByteArray(new byte[] {1}), SdkBytes.fromByteArray(new byte[] {2}))));
      client.putItem(b -> b.tableName(table).item(item));
      assertThat(
              client
                  .getItem(b -> b.tableName(table).key(Map.of("pk", item.get("pk"), "sk", n("7"))))
                  .item())
          .isEqualTo(item);
    }

    @Test
    void numbersComeBackInDynamoDbsCanonicalForm() {
      Map<String, AttributeValue> item = new HashMap<>(key("canonical", "1"));
      item.put("a", n("1.50"));
      item.put("b", n("1E2"));
      item.put("c", n("-0"));
      item.put("d", n("0012.3400"));
      client.putItem(b -> b.tableName(table).item(item));
      Map<String, AttributeValue> stored =
          client.getItem(b -> b.tableName(table).key(key("canonical", "1"))).item();
      assertThat(stored.get("a").n()).isEqualTo("1.5");
      assertThat(stored.get("b").n()).isEqualTo("100");
      assertThat(stored.get("c").n()).isEqualTo("0");
      assertThat(stored.get("d").n()).isEqualTo("12.34");
      assertThat(client.getItem(b -> b.tableName(table).key(key("canonical", "1.0"))).hasItem())
          .isTrue();
    }

    @Test
    void putReturnsTheOldItemOnlyWhenAsked() {
      String pk = UUID.randomUUID().toString();
      Map<String, AttributeValue> first = new HashMap<>(key(pk, "1"));
      first.put("v", s("first"));
      assertThat(
              client
                  .putItem(b -> b.tableName(table).item(first).returnValues(ReturnValue.ALL_OLD))
                  .attributes())
          .isEmpty();
      Map<String, AttributeValue> second = new HashMap<>(key(pk, "1"));
      second.put("v", s("second"));
      assertThat(
              client
                  .putItem(b -> b.tableName(table).item(second).returnValues(ReturnValue.ALL_OLD))
                  .attributes())
          .isEqualTo(first);
      assertThat(client.putItem(b -> b.tableName(table).item(second)).attributes()).isEmpty();
    }

    @Test
    void deleteRemovesTheItemAndReturnsItWhenAsked() {
      String pk = UUID.randomUUID().toString();
      client.putItem(b -> b.tableName(table).item(key(pk, "1")));
      assertThat(
              client
                  .deleteItem(
                      b -> b.tableName(table).key(key(pk, "1")).returnValues(ReturnValue.ALL_OLD))
                  .attributes())
          .isEqualTo(key(pk, "1"));
      assertThat(client.getItem(b -> b.tableName(table).key(key(pk, "1"))).hasItem()).isFalse();
      assertThat(client.deleteItem(b -> b.tableName(table).key(key(pk, "1"))).attributes())
          .isEmpty();
    }

    @Test
    void binaryKeysWork() {
      Map<String, AttributeValue> item =
          Map.of("id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xFF, 0})));
      client.putItem(b -> b.tableName(hashOnly).item(item));
      assertThat(client.getItem(b -> b.tableName(hashOnly).key(item)).item()).isEqualTo(item);
    }

    @Test
    void batchWriteAppliesPutsAndDeletesAndDescribeTableCountsThem() {
      String batchTable = TablesIT.randomName();
      client.createTable(TablesIT.hashAndRange(batchTable).build());
      List<WriteRequest> puts =
          java.util.stream.IntStream.range(0, 25)
              .mapToObj(
                  i ->
                      WriteRequest.builder()
                          .putRequest(
                              PutRequest.builder().item(key("p", Integer.toString(i))).build())
                          .build())
              .toList();
      assertThat(
              client
                  .batchWriteItem(b -> b.requestItems(Map.of(batchTable, puts)))
                  .unprocessedItems())
          .isEmpty();
      client.batchWriteItem(
          b ->
              b.requestItems(
                  Map.of(
                      batchTable,
                      List.of(
                          WriteRequest.builder()
                              .deleteRequest(DeleteRequest.builder().key(key("p", "0")).build())
                              .build()))));
      assertThat(client.getItem(b -> b.tableName(batchTable).key(key("p", "0"))).hasItem())
          .isFalse();
      assertThat(client.getItem(b -> b.tableName(batchTable).key(key("p", "24"))).hasItem())
          .isTrue();
      assertThat(client.describeTable(b -> b.tableName(batchTable)).table().itemCount())
          .isEqualTo(24);
    }

    @Test
    void batchWriteRejectsMoreThanTwentyFiveRequestsAndDuplicateKeys() {
      List<WriteRequest> tooMany =
          java.util.stream.IntStream.range(0, 26)
              .mapToObj(
                  i ->
                      WriteRequest.builder()
                          .putRequest(
                              PutRequest.builder().item(key("p", Integer.toString(i))).build())
                          .build())
              .toList();
      assertThatThrownBy(() -> client.batchWriteItem(b -> b.requestItems(Map.of(table, tooMany))))
          .hasMessageContaining("Member must have length less than or equal to 25");
      WriteRequest put =
          WriteRequest.builder()
              .putRequest(PutRequest.builder().item(key("dup", "1")).build())
              .build();
      assertThatThrownBy(
              () -> client.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(put, put)))))
          .hasMessageStartingWith("Provided list of item keys contains duplicates");
    }
  }
}

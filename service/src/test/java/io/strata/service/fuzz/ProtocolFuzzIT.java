package io.strata.service.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.json.Json;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random requests against a running server: any operation, any mix of real and made-up members,
 * wrong types, deep nesting, truncated JSON, hostile expressions. Every answer must be a success or
 * a DynamoDB-style client error; never a 5xx, never a hang (the client times out after 30 s). A
 * tenant of its own takes the abuse, so nothing else it might delete matters.
 */
class ProtocolFuzzIT {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> OPERATIONS =
      List.of(
          "CreateTable",
          "DescribeTable",
          "ListTables",
          "DeleteTable",
          "UpdateTable",
          "PutItem",
          "GetItem",
          "UpdateItem",
          "DeleteItem",
          "Query",
          "Scan",
          "BatchGetItem",
          "BatchWriteItem",
          "TransactWriteItems",
          "TransactGetItems",
          "TagResource",
          "UpdateTimeToLive",
          "CreateBackup",
          "ListBackups",
          "DescribeStream",
          "GetRecords");
  private static final List<String> MEMBERS =
      List.of(
          "TableName",
          "Key",
          "Item",
          "KeySchema",
          "AttributeDefinitions",
          "BillingMode",
          "ProvisionedThroughput",
          "ConditionExpression",
          "UpdateExpression",
          "FilterExpression",
          "ProjectionExpression",
          "KeyConditionExpression",
          "ExpressionAttributeNames",
          "ExpressionAttributeValues",
          "ReturnValues",
          "Limit",
          "ExclusiveStartKey",
          "Select",
          "RequestItems",
          "TransactItems",
          "Expected",
          "AttributeUpdates",
          "Segment",
          "TotalSegments",
          "ConsistentRead",
          "ShardIterator",
          "StreamArn",
          "Tags");
  private static final List<String> EXPRESSION_TOKENS =
      List.of(
          "a",
          "b",
          "pk",
          "#n",
          ":v",
          ":w",
          "=",
          "<>",
          "<",
          ">=",
          "AND",
          "OR",
          "NOT",
          "(",
          ")",
          ",",
          ".",
          "[",
          "]",
          "0",
          "7",
          "BETWEEN",
          "IN",
          "SET",
          "REMOVE",
          "ADD",
          "DELETE",
          "+",
          "-",
          "attribute_exists",
          "attribute_type",
          "begins_with",
          "contains",
          "size",
          "list_append",
          "if_not_exists",
          "\u00e9",
          "\u0000",
          "'",
          "\"",
          "$",
          "#",
          ":");

  private static RawClient raw;
  private static Credentials tenant;

  @BeforeContainer
  static void connect() {
    StrataTestServer server = StrataTestServer.shared();
    raw = new RawClient(server.endpoint(), server.certificate());
    tenant = server.newTenant("fuzz");
    raw.signed(
        "CreateTable",
        "{\"TableName\":\"fuzz\",\"BillingMode\":\"PAY_PER_REQUEST\","
            + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
            + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}",
        tenant);
  }

  @Property(tries = 400)
  void anyBodyForAnyOperationIsAnsweredWithoutAServerError(
      @ForAll("operations") String operation, @ForAll("bodies") String body) {
    assertClientOutcome(raw.signed(operation, body, tenant));
  }

  @Property(tries = 300)
  void randomExpressionsAreAcceptedOrRefusedAsValidationErrors(
      @ForAll("expressions") String expression, @ForAll boolean asUpdate) {
    ObjectNode body = JSON.objectNode().put("TableName", "fuzz");
    body.putObject("Key").putObject("pk").put("S", "k");
    body.put(asUpdate ? "UpdateExpression" : "ConditionExpression", expression);
    body.putObject("ExpressionAttributeNames").put("#n", "n");
    ObjectNode values = body.putObject("ExpressionAttributeValues");
    values.putObject(":v").put("N", "1");
    values.putObject(":w").putArray("SS").add("x");
    RawClient.Response response = raw.signed("UpdateItem", body.toString(), tenant);
    assertClientOutcome(response);
    if (response.status() != 200) {
      assertThat(errorName(response))
          .isIn("ValidationException", "ConditionalCheckFailedException");
    }
  }

  private static void assertClientOutcome(RawClient.Response response) {
    assertThat(response.status()).as(response.body()).isLessThan(500);
    if (response.status() != 200) {
      assertThat(response.status()).isIn(400, 413);
      assertThat(errorName(response)).as(response.body()).isNotBlank();
    }
  }

  private static String errorName(RawClient.Response response) {
    try {
      String type = Json.MAPPER.readTree(response.body()).path("__type").asText();
      return type.substring(type.indexOf('#') + 1);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  @Provide
  Arbitrary<String> operations() {
    return Arbitraries.of(OPERATIONS);
  }

  @Provide
  Arbitrary<String> expressions() {
    Arbitrary<String> tokens =
        Arbitraries.of(EXPRESSION_TOKENS).list().ofMaxSize(40).map(list -> String.join(" ", list));
    Arbitrary<String> deep =
        Arbitraries.integers()
            .between(1, 3000)
            .map(depth -> "(".repeat(depth) + "a = :v" + ")".repeat(depth));
    Arbitrary<String> wide =
        Arbitraries.integers().between(1, 20_000).map(n -> "SET a = :v" + ", a = :v".repeat(n));
    return Arbitraries.frequencyOf(Tuple.of(8, tokens), Tuple.of(1, deep), Tuple.of(1, wide));
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> structured = values(4).map(JsonNode::toString);
    Arbitrary<String> members =
        Arbitraries.maps(Arbitraries.of(MEMBERS), values(3))
            .ofMaxSize(6)
            .map(
                map -> {
                  ObjectNode body = JSON.objectNode();
                  map.forEach(body::set);
                  return body.toString();
                });
    Arbitrary<String> truncated =
        members.flatMap(
            text ->
                Arbitraries.integers()
                    .between(0, text.length())
                    .map(cut -> text.substring(0, cut)));
    Arbitrary<String> garbage = Arbitraries.strings().ofMaxLength(200);
    Arbitrary<String> nested =
        Arbitraries.integers()
            .between(1, 5000)
            .map(
                depth ->
                    "{\"Item\":"
                        + "{\"M\":{\"a\":".repeat(depth)
                        + "{\"S\":\"x\"}"
                        + "}}".repeat(depth)
                        + "}");
    return Arbitraries.frequencyOf(
        Tuple.of(6, members),
        Tuple.of(2, structured),
        Tuple.of(2, truncated),
        Tuple.of(1, garbage),
        Tuple.of(1, nested));
  }

  /** Random JSON, with a bias towards what DynamoDB bodies contain: attribute-value shapes. */
  private static Arbitrary<JsonNode> values(int depth) {
    Arbitrary<JsonNode> scalars =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30).map(JSON::textNode),
            Arbitraries.of("fuzz", "users", "PAY_PER_REQUEST", "ALL_NEW", "S", "N", "HASH", "")
                .map(JSON::textNode),
            Arbitraries.bigDecimals().map(JSON::numberNode),
            Arbitraries.of(true, false).map(JSON::booleanNode),
            Arbitraries.just(JSON.nullNode()));
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<JsonNode> attributeValue =
        Arbitraries.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS", "X")
            .flatMap(
                type ->
                    values(depth - 1)
                        .map(
                            value -> {
                              ObjectNode node = JSON.objectNode();
                              node.set(type, value);
                              return node;
                            }));
    Arbitrary<JsonNode> object =
        Arbitraries.maps(
                Arbitraries.oneOf(Arbitraries.of(MEMBERS), Arbitraries.strings().ofMaxLength(8)),
                values(depth - 1))
            .ofMaxSize(4)
            .map(
                map -> {
                  ObjectNode node = JSON.objectNode();
                  map.forEach(node::set);
                  return node;
                });
    Arbitrary<JsonNode> array =
        values(depth - 1)
            .list()
            .ofMaxSize(4)
            .map(
                list -> {
                  ArrayNode node = JSON.arrayNode();
                  list.forEach(node::add);
                  return node;
                });
    return Arbitraries.oneOf(scalars, attributeValue, object, array);
  }
}

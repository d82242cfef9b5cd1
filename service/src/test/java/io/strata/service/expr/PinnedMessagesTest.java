package io.strata.service.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.error.DynamoException;
import io.strata.service.json.Json;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.testing.LocalDeviations;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request of {@link PinnedMessages} compiles to exactly the outcome DynamoDB Local gave: the
 * same ValidationException message, or no error.
 */
@Timeout(60)
class PinnedMessagesTest {
  private static final Map<String, KeySchema> TABLES =
      Map.of(
          "expr_h", schema(null),
          "expr_hr", schema(AttributeValue.Type.N),
          "expr_hs", schema(AttributeValue.Type.S));

  static Stream<Arguments> cases() {
    return Arrays.stream(PinnedMessages.CASES)
        .map(
            line -> {
              JsonNode node = parse(line);
              String expected =
                  node.get("expected").isNull() ? null : node.get("expected").asText();
              String operation = node.get("op").asText();
              JsonNode body = node.get("body");
              String label = operation + " " + abbreviate(body);
              return Arguments.of(label, operation, body, expected);
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compilesToDynamoDbLocalsOutcome(
      String label, String operation, JsonNode body, String expected) {
    JsonRequest request = JsonRequest.of(body);
    KeySchema schema = TABLES.get(body.get("TableName").asText());
    RequestExpressions.Operation op = operation(operation);
    if (expected == null) {
      assertThatCode(() -> RequestExpressions.shared().compile(op, request, schema))
          .doesNotThrowAnyException();
    } else {
      // DynamoDB's wording where DynamoDB Local's is a known deviation (LocalDeviations).
      assertThatThrownBy(() -> RequestExpressions.shared().compile(op, request, schema))
          .isInstanceOfSatisfying(
              DynamoException.class,
              e ->
                  assertThat(LocalDeviations.isSameError(e.getMessage(), expected))
                      .as("%s instead of %s", e.getMessage(), expected)
                      .isTrue());
    }
    assertThat(label).isNotEmpty();
  }

  static RequestExpressions.Operation operation(String name) {
    return switch (name) {
      case "PutItem" -> RequestExpressions.Operation.PUT_ITEM;
      case "DeleteItem" -> RequestExpressions.Operation.DELETE_ITEM;
      case "UpdateItem" -> RequestExpressions.Operation.UPDATE_ITEM;
      case "GetItem" -> RequestExpressions.Operation.GET_ITEM;
      case "Query" -> RequestExpressions.Operation.QUERY;
      case "Scan" -> RequestExpressions.Operation.SCAN;
      default -> throw new IllegalArgumentException(name);
    };
  }

  static KeySchema schema(AttributeValue.Type sortKeyType) {
    return new KeySchema(
        new KeySchema.KeyAttribute("pk", AttributeValue.Type.S),
        sortKeyType == null ? null : new KeySchema.KeyAttribute("sk", sortKeyType));
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String abbreviate(JsonNode body) {
    String text = body.toString();
    return text.length() > 160 ? text.substring(0, 160) + "..." : text;
  }
}

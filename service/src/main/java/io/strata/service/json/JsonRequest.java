package io.strata.service.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Typed, read-only access to one JSON object of a request, with the deserialisation rules of
 * DynamoDB's front end (Coral): a member of the wrong JSON type is a {@code SerializationException}
 * with Coral's wording, a JSON {@code null} is the same as an absent member, and unknown members
 * are ignored. Range and pattern checks are not done here; see {@link Constraints}.
 */
public final class JsonRequest {
  private static final JsonRequest EMPTY = new JsonRequest(Json.MAPPER.createObjectNode());

  private final ObjectNode node;

  private JsonRequest(ObjectNode node) {
    this.node = node;
  }

  /** Wraps a parsed request body, which must be a JSON object. */
  public static JsonRequest of(JsonNode body) {
    return new JsonRequest(asObject(body));
  }

  public static JsonRequest empty() {
    return EMPTY;
  }

  public boolean has(String member) {
    return present(member) != null;
  }

  public @Nullable String string(String member) {
    JsonNode value = present(member);
    return value == null ? null : asString(value);
  }

  public @Nullable Long integer(String member) {
    JsonNode value = present(member);
    return value == null ? null : asInteger(value, "Integer");
  }

  public @Nullable Long longValue(String member) {
    JsonNode value = present(member);
    return value == null ? null : asInteger(value, "Long");
  }

  public @Nullable Boolean bool(String member) {
    JsonNode value = present(member);
    return value == null ? null : asBoolean(value);
  }

  public @Nullable JsonRequest structure(String member) {
    JsonNode value = present(member);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      throw notStructure(value);
    }
    return new JsonRequest((ObjectNode) value);
  }

  public @Nullable List<JsonRequest> structureList(String member) {
    return list(member, JsonRequest::asStructure);
  }

  /** A JSON list of structures, e.g. the values of a map member such as RequestItems. */
  public static List<JsonRequest> asStructureList(JsonNode value) {
    List<JsonRequest> result = new ArrayList<>(value.size());
    for (JsonNode element : elements(value)) {
      result.add(asStructure(element));
    }
    return Collections.unmodifiableList(result);
  }

  /** A JSON structure, e.g. the values of a map member such as BatchGetItem's RequestItems. */
  public static JsonRequest asStructure(JsonNode element) {
    if (!element.isObject()) {
      throw notStructure(element);
    }
    return new JsonRequest((ObjectNode) element);
  }

  public @Nullable List<String> stringList(String member) {
    return list(member, JsonRequest::asString);
  }

  public @Nullable Map<String, String> stringMap(String member) {
    return map(member, JsonRequest::asString);
  }

  /** A list member whose elements are converted by {@code element}; JSON nulls are dropped. */
  public <T> @Nullable List<T> list(String member, Function<JsonNode, T> element) {
    JsonNode value = present(member);
    if (value == null) {
      return null;
    }
    List<T> result = new ArrayList<>(value.size());
    for (JsonNode child : elements(value)) {
      result.add(element.apply(child));
    }
    return Collections.unmodifiableList(result);
  }

  /** A map member whose values are converted by {@code element}; insertion order is kept. */
  public <T> @Nullable Map<String, T> map(String member, Function<JsonNode, T> element) {
    JsonNode value = present(member);
    return value == null ? null : asMap(value, element);
  }

  /** An item or key member: attribute names to attribute values. */
  public @Nullable Map<String, AttributeValue> attributeMap(String member) {
    JsonNode value = present(member);
    return value == null ? null : AttributeValueJson.readMap(value);
  }

  /** The whole structure as JSON, for echoing it back (e.g. in UnprocessedKeys). */
  public JsonNode node() {
    return node;
  }

  /** The raw node of a member, for readers with their own rules (attribute values). */
  public @Nullable JsonNode raw(String member) {
    return present(member);
  }

  public Iterator<String> memberNames() {
    return node.fieldNames();
  }

  public static <T> Map<String, T> asMap(JsonNode value, Function<JsonNode, T> element) {
    if (!value.isObject()) {
      throw DynamoException.serialization(
          value.isArray() ? "Start of list found where not expected" : "Expected map or null");
    }
    Map<String, T> result = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isNull()) {
        result.put(entry.getKey(), element.apply(entry.getValue()));
      }
    }
    return Collections.unmodifiableMap(result);
  }

  public static String asString(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    throw DynamoException.serialization(conversionMessage(value, "an String"));
  }

  public static boolean asBoolean(JsonNode value) {
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      String text = value.textValue();
      if (text.equalsIgnoreCase("true")) {
        return true;
      }
      if (text.equalsIgnoreCase("false")) {
        return false;
      }
      throw DynamoException.serialization(
          "'" + text.toUpperCase(java.util.Locale.ROOT) + "' can not be converted to an Boolean");
    }
    throw DynamoException.serialization(conversionMessage(value, "an Boolean"));
  }

  /** Coral truncates fractions and clamps to the target type's range rather than failing. */
  public static long asInteger(JsonNode value, String javaType) {
    if (value.isNumber()) {
      double clamped = Math.floor(value.doubleValue());
      long max = javaType.equals("Integer") ? Integer.MAX_VALUE : Long.MAX_VALUE;
      long min = javaType.equals("Integer") ? Integer.MIN_VALUE : Long.MIN_VALUE;
      return clamped >= max ? max : clamped <= min ? min : (long) clamped;
    }
    throw DynamoException.serialization(conversionMessage(value, "an " + javaType));
  }

  /** Decodes a Blob member with Coral's Base64 complaints. */
  public static byte[] asBlob(JsonNode value) {
    if (!value.isTextual()) {
      throw DynamoException.serialization(conversionMessage(value, "a Blob"));
    }
    String text = value.textValue();
    if (text.length() % 4 != 0) {
      throw DynamoException.serialization(
          "'"
              + text
              + "' can not be converted to a Blob: Base64 encoded length is expected a multiple of"
              + " 4 bytes but found: "
              + text.length());
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw DynamoException.serialization(
          "'" + text + "' can not be converted to a Blob: Invalid Base64 character");
    }
  }

  /** The non-null elements of a JSON list, or Coral's complaint if it is not a list. */
  public static List<JsonNode> elements(JsonNode value) {
    if (!value.isArray()) {
      throw DynamoException.serialization(
          value.isObject()
              ? "Start of structure or map found where not expected."
              : "Expected list or null");
    }
    List<JsonNode> result = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isNull()) {
        result.add(element);
      }
    }
    return result;
  }

  private @Nullable JsonNode present(String member) {
    JsonNode value = node.get(member);
    return value == null || value.isNull() ? null : value;
  }

  private static ObjectNode asObject(JsonNode body) {
    if (body.isObject()) {
      return (ObjectNode) body;
    }
    throw DynamoException.serialization(
        body.isArray() ? "Start of list found where not expected" : "Expected null");
  }

  private static DynamoException notStructure(JsonNode value) {
    return DynamoException.serialization(
        value.isArray() ? "Start of list found where not expected" : "Expected null");
  }

  private static String conversionMessage(JsonNode value, String target) {
    if (value.isObject()) {
      return "Start of structure or map found where not expected.";
    }
    if (value.isArray()) {
      return "Start of list found where not expected";
    }
    String source =
        value.isBoolean()
            ? "class java.lang.Boolean"
            : value.isNumber()
                ? "class com.amazon.coral.value.json.numbers.TruncatingBigNumber"
                : "class java.lang.String";
    return source + " can not be converted to " + target;
  }
}

package io.strata.service.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.DynamoNumber;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's JSON form of attribute values ({@code {"S":"x"}}, {@code {"M":{...}}}, ...), both
 * directions. Reading applies the wire-level rules: exactly one type member, numbers in range, no
 * empty or duplicate sets, {@code NULL} only as {@code true}. Messages are DynamoDB's.
 */
public final class AttributeValueJson {
  private AttributeValueJson() {}

  /** Reads an item or key: a JSON map from attribute name to attribute value. */
  public static Map<String, AttributeValue> readMap(JsonNode node) {
    return JsonRequest.asMap(node, AttributeValueJson::read);
  }

  public static AttributeValue read(JsonNode node) {
    if (!node.isObject()) {
      throw DynamoException.serialization(
          node.isArray() ? "Start of list found where not expected" : "Expected null");
    }
    AttributeValue result = null;
    int typesSet = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> member = it.next();
      if (member.getValue().isNull()) {
        continue;
      }
      AttributeValue value = readMember(member.getKey(), member.getValue());
      if (value != null) {
        typesSet++;
        result = value;
      }
    }
    if (typesSet > 1) {
      throw DynamoException.validation(
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of"
              + " the supported datatypes");
    }
    if (result == null) {
      throw DynamoException.validation(
          "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    return result;
  }

  /** One type member, or null for a member name that is not an attribute type (ignored). */
  private static AttributeValue readMember(String type, JsonNode value) {
    switch (type) {
      case "S":
        return new AttributeValue.S(JsonRequest.asString(value));
      case "N":
        return new AttributeValue.N(DynamoNumber.parse(JsonRequest.asString(value)));
      case "B":
        return new AttributeValue.B(Bytes.wrap(JsonRequest.asBlob(value)));
      case "BOOL":
        return AttributeValue.Bool.of(JsonRequest.asBoolean(value));
      case "NULL":
        if (!JsonRequest.asBoolean(value)) {
          throw DynamoException.validation(
              "One or more parameter values were invalid: Null attribute value types must have the"
                  + " value of true");
        }
        return AttributeValue.Null.INSTANCE;
      case "M":
        return new AttributeValue.M(readMap(value));
      case "L":
        return new AttributeValue.L(readList(value));
      case "SS":
        return readStringSet(value);
      case "NS":
        return readNumberSet(value);
      case "BS":
        return readBinarySet(value);
      default:
        return null;
    }
  }

  private static List<AttributeValue> readList(JsonNode value) {
    List<JsonNode> elements = JsonRequest.elements(value);
    List<AttributeValue> result = new ArrayList<>(elements.size());
    for (JsonNode element : elements) {
      result.add(read(element));
    }
    return result;
  }

  private static AttributeValue.SS readStringSet(JsonNode value) {
    List<String> strings = new ArrayList<>();
    for (JsonNode element : JsonRequest.elements(value)) {
      strings.add(JsonRequest.asString(element));
    }
    if (strings.isEmpty()) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: An string set  may not be empty");
    }
    Set<String> set = new LinkedHashSet<>(strings);
    if (set.size() != strings.size()) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Input collection "
              + strings
              + " contains duplicates");
    }
    return new AttributeValue.SS(set);
  }

  private static AttributeValue.NS readNumberSet(JsonNode value) {
    List<DynamoNumber> numbers = new ArrayList<>();
    for (JsonNode element : JsonRequest.elements(value)) {
      numbers.add(DynamoNumber.parse(JsonRequest.asString(element)));
    }
    if (numbers.isEmpty()) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: An number set  may not be empty");
    }
    Set<DynamoNumber> set = new LinkedHashSet<>(numbers);
    if (set.size() != numbers.size()) {
      throw DynamoException.validation("Input collection contains duplicates");
    }
    return new AttributeValue.NS(set);
  }

  private static AttributeValue.BS readBinarySet(JsonNode value) {
    List<Bytes> values = new ArrayList<>();
    for (JsonNode element : JsonRequest.elements(value)) {
      values.add(Bytes.wrap(JsonRequest.asBlob(element)));
    }
    if (values.isEmpty()) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Binary sets should not be empty");
    }
    Set<Bytes> set = new LinkedHashSet<>(values);
    if (set.size() != values.size()) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Input collection of type BS contains"
              + " duplicates.");
    }
    return new AttributeValue.BS(set);
  }

  /** An item or key as a JSON tree, e.g. to build the members of an equivalent request. */
  public static JsonNode toTree(Map<String, AttributeValue> map) {
    ObjectNode tree = Json.MAPPER.createObjectNode();
    for (Map.Entry<String, AttributeValue> entry : map.entrySet()) {
      tree.set(entry.getKey(), toTree(entry.getValue()));
    }
    return tree;
  }

  public static JsonNode toTree(AttributeValue value) {
    ObjectNode tree = Json.MAPPER.createObjectNode();
    String type = value.type().name();
    switch (value.type()) {
      case S -> tree.put(type, ((AttributeValue.S) value).value());
      case N -> tree.put(type, ((AttributeValue.N) value).value().toString());
      case B -> tree.put(type, ((AttributeValue.B) value).value().toBase64());
      case BOOL -> tree.put(type, ((AttributeValue.Bool) value).value());
      case NULL -> tree.put(type, true);
      case M -> tree.set(type, toTree(((AttributeValue.M) value).value()));
      case L -> {
        ArrayNode list = tree.putArray(type);
        ((AttributeValue.L) value).value().forEach(element -> list.add(toTree(element)));
      }
      case SS -> {
        ArrayNode set = tree.putArray(type);
        ((AttributeValue.SS) value).value().forEach(set::add);
      }
      case NS -> {
        ArrayNode set = tree.putArray(type);
        ((AttributeValue.NS) value).value().forEach(number -> set.add(number.toString()));
      }
      case BS -> {
        ArrayNode set = tree.putArray(type);
        ((AttributeValue.BS) value).value().forEach(bytes -> set.add(bytes.toBase64()));
      }
    }
    return tree;
  }

  public static void writeMap(JsonGenerator json, Map<String, AttributeValue> map)
      throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, AttributeValue> entry : map.entrySet()) {
      json.writeFieldName(entry.getKey());
      write(json, entry.getValue());
    }
    json.writeEndObject();
  }

  public static void write(JsonGenerator json, AttributeValue value) throws IOException {
    json.writeStartObject();
    json.writeFieldName(value.type().name());
    switch (value.type()) {
      case S -> json.writeString(((AttributeValue.S) value).value());
      case N -> json.writeString(((AttributeValue.N) value).value().toString());
      case B -> json.writeString(((AttributeValue.B) value).value().toBase64());
      case BOOL -> json.writeBoolean(((AttributeValue.Bool) value).value());
      case NULL -> json.writeBoolean(true);
      case M -> writeMap(json, ((AttributeValue.M) value).value());
      case L -> {
        json.writeStartArray();
        for (AttributeValue element : ((AttributeValue.L) value).value()) {
          write(json, element);
        }
        json.writeEndArray();
      }
      case SS -> {
        json.writeStartArray();
        for (String element : ((AttributeValue.SS) value).value()) {
          json.writeString(element);
        }
        json.writeEndArray();
      }
      case NS -> {
        json.writeStartArray();
        for (DynamoNumber element : ((AttributeValue.NS) value).value()) {
          json.writeString(element.toString());
        }
        json.writeEndArray();
      }
      case BS -> {
        json.writeStartArray();
        for (Bytes element : ((AttributeValue.BS) value).value()) {
          json.writeString(element.toBase64());
        }
        json.writeEndArray();
      }
    }
    json.writeEndObject();
  }
}

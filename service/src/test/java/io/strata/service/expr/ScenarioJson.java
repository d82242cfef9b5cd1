package io.strata.service.expr;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Json;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.DynamoNumber;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Conversions for scenario steps: to the wire JSON our handlers receive, and between our attribute
 * values and the AWS SDK's.
 */
final class ScenarioJson {
  private ScenarioJson() {}

  /** The request body a client would send for the step. */
  static JsonNode body(ScenarioStep step, String table) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = Json.FACTORY.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("TableName", table);
      if (step.item() != null) {
        json.writeFieldName("Item");
        AttributeValueJson.writeMap(json, step.item());
      } else {
        json.writeFieldName("Key");
        AttributeValueJson.writeMap(json, step.key());
      }
      writeString(json, "UpdateExpression", step.updateExpression());
      writeString(json, "ConditionExpression", step.conditionExpression());
      writeString(json, "ProjectionExpression", step.projectionExpression());
      if (!step.names().isEmpty()) {
        json.writeObjectFieldStart("ExpressionAttributeNames");
        for (Map.Entry<String, String> name : step.names().entrySet()) {
          json.writeStringField(name.getKey(), name.getValue());
        }
        json.writeEndObject();
      }
      if (!step.values().isEmpty() && step.operation() != ScenarioStep.Operation.GET_ITEM) {
        json.writeFieldName("ExpressionAttributeValues");
        AttributeValueJson.writeMap(json, step.values());
      }
      if (step.returnValues() != ReturnValue.NONE) {
        json.writeStringField("ReturnValues", step.returnValues().name());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return Json.MAPPER.readTree(text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeString(JsonGenerator json, String field, String value)
      throws IOException {
    if (value != null) {
      json.writeStringField(field, value);
    }
  }

  static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(
      Map<String, AttributeValue> item) {
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> result =
        new LinkedHashMap<>();
    item.forEach((name, value) -> result.put(name, toSdk(value)));
    return result;
  }

  static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue value) {
    var builder = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
    return switch (value.type()) {
      case S -> builder.s(((AttributeValue.S) value).value()).build();
      case N -> builder.n(((AttributeValue.N) value).value().toString()).build();
      case B ->
          builder
              .b(SdkBytes.fromByteArray(((AttributeValue.B) value).value().toByteArray()))
              .build();
      case BOOL -> builder.bool(((AttributeValue.Bool) value).value()).build();
      case NULL -> builder.nul(true).build();
      case M -> builder.m(toSdk(((AttributeValue.M) value).value())).build();
      case L -> {
        List<software.amazon.awssdk.services.dynamodb.model.AttributeValue> elements =
            new ArrayList<>();
        for (AttributeValue element : ((AttributeValue.L) value).value()) {
          elements.add(toSdk(element));
        }
        yield builder.l(elements).build();
      }
      case SS -> builder.ss(new ArrayList<>(((AttributeValue.SS) value).value())).build();
      case NS -> {
        List<String> numbers = new ArrayList<>();
        for (DynamoNumber number : ((AttributeValue.NS) value).value()) {
          numbers.add(number.toString());
        }
        yield builder.ns(numbers).build();
      }
      case BS -> {
        List<SdkBytes> bytes = new ArrayList<>();
        for (Bytes element : ((AttributeValue.BS) value).value()) {
          bytes.add(SdkBytes.fromByteArray(element.toByteArray()));
        }
        yield builder.bs(bytes).build();
      }
    };
  }

  static Map<String, AttributeValue> fromSdk(
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
    Map<String, AttributeValue> result = new LinkedHashMap<>();
    item.forEach((name, value) -> result.put(name, fromSdk(value)));
    return result;
  }

  static AttributeValue fromSdk(
      software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
    switch (value.type()) {
      case S:
        return AttributeValue.s(value.s());
      case N:
        return AttributeValue.n(value.n());
      case B:
        return AttributeValue.b(Bytes.copyOf(value.b().asByteArray()));
      case BOOL:
        return AttributeValue.Bool.of(value.bool());
      case NUL:
        return AttributeValue.Null.INSTANCE;
      case M:
        return new AttributeValue.M(fromSdk(value.m()));
      case L:
        {
          List<AttributeValue> elements = new ArrayList<>();
          for (var element : value.l()) {
            elements.add(fromSdk(element));
          }
          return new AttributeValue.L(elements);
        }
      case SS:
        return new AttributeValue.SS(new LinkedHashSet<>(value.ss()));
      case NS:
        {
          Set<DynamoNumber> numbers = new LinkedHashSet<>();
          for (String number : value.ns()) {
            numbers.add(DynamoNumber.parse(number));
          }
          return new AttributeValue.NS(numbers);
        }
      case BS:
        {
          Set<Bytes> bytes = new LinkedHashSet<>();
          for (SdkBytes element : value.bs()) {
            bytes.add(Bytes.copyOf(element.asByteArray()));
          }
          return new AttributeValue.BS(bytes);
        }
      default:
        throw new IllegalArgumentException("unknown attribute value " + value);
    }
  }
}

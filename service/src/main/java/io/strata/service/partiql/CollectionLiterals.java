package io.strata.service.partiql;

import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the attribute values of collection literals ({@code [...]}, {@code {...}}, {@code
 * <<...>>}) with DynamoDB's rules and messages. The parser builds literals whose elements are all
 * constants, so it can point at the offending element; {@link Parameters} builds those that hold
 * parameters once they are bound. {@code position} is the {@code " at line:column:length"} suffix,
 * or empty when no position is known.
 */
final class CollectionLiterals {
  private CollectionLiterals() {}

  static AttributeValue list(List<Ast.Expression> elements) {
    return new AttributeValue.L(
        elements.stream().map(element -> ((Ast.Literal) element).value()).toList());
  }

  /** A set of strings, numbers or (only through parameters) binaries. */
  static AttributeValue set(List<AttributeValue> elements, List<String> positions, String start) {
    if (elements.isEmpty()) {
      throw DynamoException.validation("Empty bags are not supported" + start);
    }
    AttributeValue.Type type = elements.get(0).type();
    for (int i = 0; i < elements.size(); i++) {
      AttributeValue.Type elementType = elements.get(i).type();
      if (!elementType.isScalar() || elementType != type) {
        throw DynamoException.validation(
            "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in"
                + " bags"
                + positions.get(i));
      }
    }
    return switch (type) {
      case S ->
          new AttributeValue.SS(unique(elements, value -> ((AttributeValue.S) value).value()));
      case N ->
          new AttributeValue.NS(unique(elements, value -> ((AttributeValue.N) value).value()));
      case B ->
          new AttributeValue.BS(unique(elements, value -> ((AttributeValue.B) value).value()));
      default -> throw new IllegalStateException(type.name());
    };
  }

  /** A map literal's value; a key given twice is refused as DynamoDB refuses it. */
  static AttributeValue map(
      List<String> keys, List<AttributeValue> values, List<String> positions) {
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      if (map.put(keys.get(i), values.get(i)) != null) {
        throw DynamoException.validation(
            "Duplicate keys in tuple. Key: " + keys.get(i) + " under root" + positions.get(i));
      }
    }
    return new AttributeValue.M(map);
  }

  private interface Element<T> {
    T of(AttributeValue value);
  }

  private static <T> Set<T> unique(List<AttributeValue> elements, Element<T> element) {
    Set<T> set = new LinkedHashSet<>();
    for (AttributeValue value : elements) {
      if (!set.add(element.of(value))) {
        throw DynamoException.validation("Input collection contains duplicates");
      }
    }
    return set;
  }
}

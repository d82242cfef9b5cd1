package io.strata.service.expr;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.model.SortKeyCondition;
import io.strata.service.model.SortKeyRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a resolved KeyConditionExpression, or validated KeyConditions, into a {@link KeyCondition}
 * for the key schema being queried. The checks and their messages, in DynamoDB's order (pinned
 * against DynamoDB Local):
 *
 * <ol>
 *   <li>only AND, =, &lt;, &lt;=, &gt;, &gt;=, BETWEEN and begins_with ("Invalid operator used in
 *       KeyConditionExpression: OR"); no size() ("cannot contain nested operations"); exactly one
 *       top-level attribute per condition;
 *   <li>at most one condition per key, at most two conditions;
 *   <li>an equality on the partition key, and the other condition on the sort key;
 *   <li>operand types equal to the key's type, and no empty strings or binaries.
 * </ol>
 */
final class KeyConditionCompiler {
  private KeyConditionCompiler() {}

  private record Part(
      String attribute, SortKeyCondition.Operator operator, List<AttributeValue> values) {}

  static KeyCondition fromExpression(Ast.Condition condition, KeySchema schema) {
    List<Part> parts = new ArrayList<>();
    collect(condition, parts);
    Set<String> attributes = new HashSet<>();
    for (Part part : parts) {
      if (!attributes.add(part.attribute())) {
        throw DynamoException.validation(
            "KeyConditionExpressions must only contain one condition per key");
      }
    }
    return build(parts, schema);
  }

  private static void collect(Ast.Condition condition, List<Part> parts) {
    switch (condition.kind()) {
      case AND -> {
        Ast.And and = (Ast.And) condition;
        collect(and.left(), parts);
        collect(and.right(), parts);
      }
      case OR -> throw invalidOperator("OR");
      case NOT -> throw invalidOperator("NOT");
      case IN -> throw invalidOperator("IN");
      case CONSTANT -> throw new IllegalStateException("constant key condition");
      case COMPARISON -> {
        Ast.Comparison comparison = (Ast.Comparison) condition;
        if (comparison.comparator() == Ast.Comparator.NOT_EQUAL) {
          throw invalidOperator("<>");
        }
        Ast.Path path = keyPath(List.of(comparison.left(), comparison.right()));
        boolean isMirrored = comparison.right() == path;
        Ast.Comparator comparator =
            isMirrored ? comparison.comparator().mirrored() : comparison.comparator();
        AttributeValue value = literal(isMirrored ? comparison.left() : comparison.right());
        parts.add(new Part(path.attributeName(), operator(comparator), List.of(value)));
      }
      case BETWEEN -> {
        Ast.Between between = (Ast.Between) condition;
        Ast.Path path = keyPath(List.of(between.value(), between.lower(), between.upper()));
        if (between.value() != path) {
          throw notSupported();
        }
        parts.add(
            new Part(
                path.attributeName(),
                SortKeyCondition.Operator.BETWEEN,
                List.of(literal(between.lower()), literal(between.upper()))));
      }
      case FUNCTION -> {
        Ast.FunctionCall call = ((Ast.FunctionCondition) condition).call();
        if (call.function() != Ast.Function.BEGINS_WITH) {
          throw invalidOperator(call.function().wireName());
        }
        Ast.Path path = keyPath(call.arguments());
        if (call.arguments().get(0) != path) {
          throw notSupported();
        }
        parts.add(
            new Part(
                path.attributeName(),
                SortKeyCondition.Operator.BEGINS_WITH,
                List.of(literal(call.arguments().get(1)))));
      }
    }
  }

  /** The one operand that names a key attribute, checked to be a plain top-level name. */
  private static Ast.Path keyPath(List<Ast.Operand> operands) {
    Ast.Path path = null;
    for (Ast.Operand operand : operands) {
      if (operand instanceof Ast.FunctionCall) {
        throw DynamoException.validation(
            "KeyConditionExpressions cannot contain nested operations");
      }
    }
    for (Ast.Operand operand : operands) {
      if (operand instanceof Ast.Path candidate) {
        if (path != null) {
          throw DynamoException.validation(
              "Invalid condition in KeyConditionExpression: Multiple attribute names used in one"
                  + " condition");
        }
        path = candidate;
      }
    }
    if (path == null) {
      throw DynamoException.validation(
          "Invalid condition in KeyConditionExpression: No key attribute specified");
    }
    if (path.depth() > 1) {
      throw DynamoException.validation(ValidationMessages.NESTED_KEY_CONDITION);
    }
    return path;
  }

  private static AttributeValue literal(Ast.Operand operand) {
    return ((Ast.Literal) operand).value();
  }

  private static SortKeyCondition.Operator operator(Ast.Comparator comparator) {
    return switch (comparator) {
      case EQUAL -> SortKeyCondition.Operator.EQ;
      case LESS -> SortKeyCondition.Operator.LT;
      case LESS_OR_EQUAL -> SortKeyCondition.Operator.LE;
      case GREATER -> SortKeyCondition.Operator.GT;
      case GREATER_OR_EQUAL -> SortKeyCondition.Operator.GE;
      case NOT_EQUAL -> throw invalidOperator("<>");
    };
  }

  static KeyCondition fromLegacy(List<LegacyConditions.Entry> entries, KeySchema schema) {
    List<Part> parts = new ArrayList<>(entries.size());
    if (entries.isEmpty() || (!schema.isMultiAttribute() && entries.size() > 2)) {
      throw lengthOneOrTwo();
    }
    for (LegacyConditions.Entry entry : entries) {
      parts.add(new Part(entry.attribute(), legacyOperator(entry, schema), entry.values()));
    }
    return build(parts, schema);
  }

  private static SortKeyCondition.Operator legacyOperator(
      LegacyConditions.Entry entry, KeySchema schema) {
    boolean isPartitionKey =
        schema.partitionKeys().stream().anyMatch(key -> key.name().equals(entry.attribute()));
    return switch (entry.operator()) {
      case EQ -> SortKeyCondition.Operator.EQ;
      case LT -> SortKeyCondition.Operator.LT;
      case LE -> SortKeyCondition.Operator.LE;
      case GT -> SortKeyCondition.Operator.GT;
      case GE -> SortKeyCondition.Operator.GE;
      case BETWEEN -> SortKeyCondition.Operator.BETWEEN;
      case BEGINS_WITH -> SortKeyCondition.Operator.BEGINS_WITH;
      case NULL, NOT_NULL -> {
        if (isPartitionKey) {
          throw notSupported();
        }
        throw DynamoException.validation("Only scalar types can be used as Range Key values");
      }
      case NE, IN, CONTAINS, NOT_CONTAINS -> {
        if (isPartitionKey) {
          throw notSupported();
        }
        throw DynamoException.validation(
            "Attempted conditional constraint is not an indexable operation");
      }
    };
  }

  private static KeyCondition build(List<Part> parts, KeySchema schema) {
    return schema.isMultiAttribute()
        ? buildMultiAttribute(parts, schema)
        : buildSingle(parts, schema);
  }

  private static KeyCondition buildSingle(List<Part> parts, KeySchema schema) {
    if (parts.size() > 2) {
      throw lengthOneOrTwo();
    }
    KeySchema.KeyAttribute partitionKey = schema.partitionKey();
    Part partition = null;
    Part other = null;
    for (Part part : parts) {
      if (part.attribute().equals(partitionKey.name())) {
        partition = part;
      } else {
        other = part;
      }
    }
    if (partition == null) {
      throw missedKeyElement();
    }
    if (partition.operator() != SortKeyCondition.Operator.EQ) {
      throw notSupported();
    }
    KeySchema.@Nullable KeyAttribute sortKey = schema.sortKey();
    if (other != null) {
      if (sortKey == null) {
        throw notSupported();
      }
      if (!other.attribute().equals(sortKey.name())) {
        throw missedKeyElement();
      }
    }
    checkValues(partition, partitionKey);
    List<String> partitionNames = List.of(partitionKey.name());
    List<AttributeValue> partitionValues = List.of(partition.values().get(0));
    if (other == null) {
      return new KeyCondition(partitionNames, partitionValues, List.of(), null);
    }
    checkValues(other, sortKey);
    return new KeyCondition(
        partitionNames,
        partitionValues,
        List.of(other.attribute()),
        SortKeyRange.of(sortKeyCondition(other)));
  }

  /**
   * DynamoDB's rules for a multi-attribute index key (developer guide, GSI.MultiAttributeKeys):
   * every partition attribute with =; sort attributes used left to right with no gaps; each used
   * sort attribute compared with = except the last one used, which may use any key operator.
   */
  private static KeyCondition buildMultiAttribute(List<Part> parts, KeySchema schema) {
    Map<String, Part> byAttribute = new HashMap<>();
    for (Part part : parts) {
      if (!schema.isKeyAttribute(part.attribute())) {
        throw missedKeyElement();
      }
      byAttribute.put(part.attribute(), part);
    }
    List<String> partitionNames = new ArrayList<>();
    List<AttributeValue> partitionValues = new ArrayList<>();
    for (KeySchema.KeyAttribute key : schema.partitionKeys()) {
      Part part = byAttribute.get(key.name());
      if (part == null) {
        throw DynamoException.validation(
            ValidationMessages.MISSED_KEY_ELEMENT.formatted(key.name()));
      }
      if (part.operator() != SortKeyCondition.Operator.EQ) {
        throw notSupported();
      }
      checkValues(part, key);
      partitionNames.add(key.name());
      partitionValues.add(part.values().get(0));
    }
    List<KeySchema.KeyAttribute> used = new ArrayList<>();
    for (KeySchema.KeyAttribute key : schema.sortKeys()) {
      if (byAttribute.containsKey(key.name())) {
        used.add(key);
      }
    }
    List<KeySchema.KeyAttribute> sortKeys = schema.sortKeys();
    for (int i = 0; i < used.size(); i++) {
      if (!used.get(i).equals(sortKeys.get(i))) {
        throw DynamoException.validation(
            ValidationMessages.MISSED_KEY_ELEMENT.formatted(sortKeys.get(i).name()));
      }
    }
    if (used.isEmpty()) {
      return new KeyCondition(partitionNames, partitionValues, List.of(), null);
    }
    List<AttributeValue> equalPrefix = new ArrayList<>();
    for (int i = 0; i < used.size() - 1; i++) {
      Part part = byAttribute.get(used.get(i).name());
      if (part.operator() != SortKeyCondition.Operator.EQ) {
        throw DynamoException.validation(
            ValidationMessages.RANGE_ON_NON_LAST_SORT_KEY.formatted(used.get(i).name()));
      }
      checkValues(part, used.get(i));
      equalPrefix.add(part.values().get(0));
    }
    KeySchema.KeyAttribute lastKey = used.get(used.size() - 1);
    Part last = byAttribute.get(lastKey.name());
    checkValues(last, lastKey);
    return new KeyCondition(
        partitionNames,
        partitionValues,
        used.stream().map(KeySchema.KeyAttribute::name).toList(),
        new SortKeyRange(equalPrefix, sortKeyCondition(last)));
  }

  private static SortKeyCondition sortKeyCondition(Part part) {
    List<AttributeValue> bounds = part.values();
    return new SortKeyCondition(
        part.operator(), bounds.get(0), bounds.size() > 1 ? bounds.get(1) : null);
  }

  private static void checkValues(Part part, KeySchema.KeyAttribute key) {
    for (AttributeValue value : part.values()) {
      if (value.type() != key.type()) {
        throw DynamoException.validation(
            "One or more parameter values were invalid: Condition parameter type does not match"
                + " schema type");
      }
    }
    for (AttributeValue value : part.values()) {
      boolean isEmptyString = value instanceof AttributeValue.S s && s.value().isEmpty();
      boolean isEmptyBinary = value instanceof AttributeValue.B b && b.value().length() == 0;
      if (isEmptyString || isEmptyBinary) {
        throw DynamoException.validation(
            "One or more parameter values are not valid. The AttributeValue for a key attribute"
                + " cannot contain an empty "
                + (isEmptyString ? "string" : "binary")
                + " value. Key: "
                + key.name());
      }
    }
  }

  private static DynamoException invalidOperator(String operator) {
    return DynamoException.validation(
        "Invalid operator used in KeyConditionExpression: " + operator);
  }

  private static DynamoException notSupported() {
    return DynamoException.validation("Query key condition not supported");
  }

  private static DynamoException missedKeyElement() {
    return DynamoException.validation("Query condition missed key schema element");
  }

  private static DynamoException lengthOneOrTwo() {
    return DynamoException.validation("Conditions can be of length 1 or 2 only");
  }
}

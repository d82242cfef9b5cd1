package io.strata.service.expr;

import io.strata.service.error.DynamoException;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ScalarOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The legacy conditional parameters (Expected, QueryFilter, ScanFilter, KeyConditions): validation
 * with DynamoDB's messages, and conversion to the same {@link Ast} the expressions use.
 *
 * <p>Each map entry is one condition on a top-level attribute (a name like {@code a.b} is just a
 * name here, never a path). Expected also has the older {@code Value}/{@code Exists} form. Entries
 * combine with ConditionalOperator (AND unless OR). The conversions:
 *
 * <pre>
 * EQ, NE, LT, LE, GT, GE    a = v, a &lt;&gt; v, ...   (NE is true for a missing attribute)
 * NULL, NOT_NULL            attribute_not_exists(a), attribute_exists(a)
 * CONTAINS, BEGINS_WITH     contains(a, v), begins_with(a, v)
 * NOT_CONTAINS              attribute_exists(a) AND NOT contains(a, v)  (false if a is missing)
 * IN, BETWEEN               a IN (v1, ...), a BETWEEN v1 AND v2
 * Exists false / Value v    attribute_not_exists(a) / a = v
 * </pre>
 *
 * The truth table of every operator against S, N, SS, L, B and missing attributes was checked
 * against DynamoDB Local.
 */
final class LegacyConditions {
  private static final String INVALID = "One or more parameter values were invalid: ";

  enum Operator {
    EQ,
    NE,
    LE,
    LT,
    GE,
    GT,
    NOT_NULL,
    NULL,
    CONTAINS,
    NOT_CONTAINS,
    BEGINS_WITH,
    IN,
    BETWEEN;

    /** The AWS model's enum, in the order DynamoDB prints it in constraint violations. */
    static final List<String> WIRE_ORDER =
        List.of(
            "IN",
            "NULL",
            "BETWEEN",
            "LT",
            "NOT_CONTAINS",
            "EQ",
            "GT",
            "NOT_NULL",
            "NE",
            "LE",
            "BEGINS_WITH",
            "GE",
            "CONTAINS");
  }

  /** One validated condition on a top-level attribute. */
  record Entry(String attribute, Operator operator, List<AttributeValue> values) {
    Entry {
      values = List.copyOf(values);
    }
  }

  private LegacyConditions() {}

  /** Reads and validates Expected. */
  static List<Entry> readExpected(Map<String, JsonRequest> expected) {
    List<Entry> entries = new ArrayList<>(expected.size());
    for (Map.Entry<String, JsonRequest> member : expected.entrySet()) {
      entries.add(readExpected(member.getKey(), member.getValue()));
    }
    return entries;
  }

  private static Entry readExpected(String attribute, JsonRequest condition) {
    String operatorName = condition.string("ComparisonOperator");
    List<AttributeValue> list = condition.list("AttributeValueList", AttributeValueJson::read);
    AttributeValue value = readValue(condition);
    Boolean exists = condition.bool("Exists");
    if (list != null && value != null) {
      throw invalid(
          "Value and AttributeValueList cannot be used together for Attribute: " + attribute);
    }
    if (list != null && operatorName == null) {
      throw invalid(
          "AttributeValueList can only be used with a ComparisonOperator for Attribute: "
              + attribute);
    }
    if (operatorName != null) {
      if (exists != null) {
        throw invalid(
            "Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
      }
      Operator operator = Operator.valueOf(operatorName);
      List<AttributeValue> arguments = list != null ? list : value != null ? List.of(value) : null;
      if (arguments == null && operator != Operator.NULL && operator != Operator.NOT_NULL) {
        throw invalid(
            "Value or AttributeValueList must be used with ComparisonOperator: "
                + operatorName
                + " for Attribute: "
                + attribute);
      }
      return validate(attribute, operator, arguments == null ? List.of() : arguments);
    }
    if (Boolean.FALSE.equals(exists)) {
      if (value != null) {
        throw invalid("Value cannot be used when Exists is false for Attribute: " + attribute);
      }
      return new Entry(attribute, Operator.NULL, List.of());
    }
    if (value == null) {
      throw invalid(
          "Value must be provided when Exists is "
              + (exists == null ? "null" : "true")
              + " for Attribute: "
              + attribute);
    }
    return new Entry(attribute, Operator.EQ, List.of(value));
  }

  private static @Nullable AttributeValue readValue(JsonRequest condition) {
    var node = condition.raw("Value");
    return node == null ? null : AttributeValueJson.read(node);
  }

  /** Reads and validates QueryFilter, ScanFilter or KeyConditions (constraints already checked). */
  static List<Entry> readConditions(Map<String, JsonRequest> conditions) {
    List<Entry> entries = new ArrayList<>(conditions.size());
    for (Map.Entry<String, JsonRequest> member : conditions.entrySet()) {
      JsonRequest condition = member.getValue();
      String operatorName = condition.string("ComparisonOperator");
      if (operatorName == null) {
        throw new IllegalStateException("constraints not checked for " + member.getKey());
      }
      List<AttributeValue> list = condition.list("AttributeValueList", AttributeValueJson::read);
      entries.add(
          validate(
              member.getKey(), Operator.valueOf(operatorName), list == null ? List.of() : list));
    }
    return entries;
  }

  private static Entry validate(String attribute, Operator operator, List<AttributeValue> values) {
    boolean countOk =
        switch (operator) {
          case NULL, NOT_NULL -> values.isEmpty();
          case BETWEEN -> values.size() == 2;
          case IN -> !values.isEmpty();
          case EQ, NE, LE, LT, GE, GT, CONTAINS, NOT_CONTAINS, BEGINS_WITH -> values.size() == 1;
        };
    if (!countOk) {
      throw invalid("Invalid number of argument(s) for the " + operator + " ComparisonOperator");
    }
    for (AttributeValue value : values) {
      AttributeValue.Type type = value.type();
      boolean typeOk =
          switch (operator) {
            case EQ, NE, NULL, NOT_NULL -> true;
            case LE, LT, GE, GT, IN, BETWEEN -> type.isScalar();
            case BEGINS_WITH -> type == AttributeValue.Type.S || type == AttributeValue.Type.B;
            case CONTAINS, NOT_CONTAINS ->
                !type.isSet() && type != AttributeValue.Type.L && type != AttributeValue.Type.M;
          };
      if (!typeOk) {
        throw invalid(
            "ComparisonOperator "
                + operator
                + " is not valid for "
                + type
                + " AttributeValue type");
      }
    }
    if (operator == Operator.IN || operator == Operator.BETWEEN) {
      for (AttributeValue value : values) {
        if (value.type() != values.get(0).type()) {
          throw invalid("AttributeValues inside AttributeValueList must be of same type");
        }
      }
    }
    if (operator == Operator.BETWEEN && ScalarOrder.compare(values.get(0), values.get(1)) > 0) {
      throw DynamoException.validation(
          "The BETWEEN condition was provided a range where the lower bound is greater than the"
              + " upper bound");
    }
    return new Entry(attribute, operator, values);
  }

  /** Entries combined with AND (or OR), in request order; no entries match everything. */
  static Ast.Condition toCondition(List<Entry> entries, boolean isOr) {
    Ast.Condition result = null;
    for (Entry entry : entries) {
      Ast.Condition condition = toCondition(entry);
      result =
          result == null
              ? condition
              : isOr ? new Ast.Or(result, condition) : new Ast.And(result, condition);
    }
    return result == null ? new Ast.Constant(true) : result;
  }

  static Ast.Condition toCondition(Entry entry) {
    Ast.Path path = Ast.Path.of(entry.attribute());
    List<Ast.Operand> values = new ArrayList<>(entry.values().size());
    for (AttributeValue value : entry.values()) {
      values.add(new Ast.Literal(value));
    }
    return switch (entry.operator()) {
      case EQ -> new Ast.Comparison(Ast.Comparator.EQUAL, path, values.get(0));
      case NE -> new Ast.Comparison(Ast.Comparator.NOT_EQUAL, path, values.get(0));
      case LE -> new Ast.Comparison(Ast.Comparator.LESS_OR_EQUAL, path, values.get(0));
      case LT -> new Ast.Comparison(Ast.Comparator.LESS, path, values.get(0));
      case GE -> new Ast.Comparison(Ast.Comparator.GREATER_OR_EQUAL, path, values.get(0));
      case GT -> new Ast.Comparison(Ast.Comparator.GREATER, path, values.get(0));
      case NOT_NULL -> function(Ast.Function.ATTRIBUTE_EXISTS, path);
      case NULL -> function(Ast.Function.ATTRIBUTE_NOT_EXISTS, path);
      case CONTAINS -> function(Ast.Function.CONTAINS, path, values.get(0));
      case NOT_CONTAINS ->
          new Ast.And(
              function(Ast.Function.ATTRIBUTE_EXISTS, path),
              new Ast.Not(function(Ast.Function.CONTAINS, path, values.get(0))));
      case BEGINS_WITH -> function(Ast.Function.BEGINS_WITH, path, values.get(0));
      case IN -> new Ast.In(path, values);
      case BETWEEN -> new Ast.Between(path, values.get(0), values.get(1));
    };
  }

  private static Ast.Condition function(Ast.Function function, Ast.Operand... arguments) {
    return new Ast.FunctionCondition(new Ast.FunctionCall(function, List.of(arguments)));
  }

  private static DynamoException invalid(String detail) {
    return DynamoException.validation(INVALID + detail);
  }
}

package io.strata.service.partiql;

import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes bound PartiQL conditions, projections and updates in DynamoDB expression syntax, with
 * every name as a {@code #n} placeholder and every value as a {@code :v} placeholder, collecting
 * the ExpressionAttributeNames and ExpressionAttributeValues they need. Because names and values
 * never appear in the text, any attribute name (reserved words included) is safe, and one statement
 * shape always yields the same text, so the expression cache parses it once.
 *
 * <p>One instance writes the expressions of one request: its placeholders are shared by them, and
 * each is used, as DynamoDB requires of the maps.
 */
public final class ExpressionText {
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, String> placeholdersByName = new LinkedHashMap<>();
  private final Map<String, AttributeValue> values = new LinkedHashMap<>();

  public Map<String, String> names() {
    return names;
  }

  public Map<String, AttributeValue> values() {
    return values;
  }

  /** A WHERE clause as a condition expression. */
  public String condition(Ast.Expression expression) {
    return switch (expression.kind()) {
      case COMPARISON -> {
        Ast.Comparison comparison = (Ast.Comparison) expression;
        yield operand(comparison.left())
            + " "
            + comparison.comparator().symbol()
            + " "
            + operand(comparison.right());
      }
      case BETWEEN -> {
        Ast.Between between = (Ast.Between) expression;
        yield operand(between.value())
            + " BETWEEN "
            + operand(between.lower())
            + " AND "
            + operand(between.upper());
      }
      case IN -> {
        Ast.In in = (Ast.In) expression;
        List<String> candidates = new ArrayList<>();
        for (Ast.Expression candidate : in.candidates()) {
          candidates.add(operand(candidate));
        }
        yield operand(in.value()) + " IN (" + String.join(", ", candidates) + ")";
      }
      case AND -> {
        Ast.And and = (Ast.And) expression;
        yield nested(and.left()) + " AND " + nested(and.right());
      }
      case OR -> {
        Ast.Or or = (Ast.Or) expression;
        yield nested(or.left()) + " OR " + nested(or.right());
      }
      case NOT -> "NOT (" + condition(((Ast.Not) expression).operand()) + ")";
      case IS -> is((Ast.Is) expression);
      case CALL -> conditionFunction((Ast.Call) expression);
      case PATH, LITERAL, PARAMETER, LIST, MAP, SET, ARITHMETIC ->
          throw DynamoException.validation(
              "Unsupported expression in WHERE clause: a condition is required");
    };
  }

  /** A SELECT list as a projection expression. */
  public String projection(List<Ast.Path> paths) {
    List<String> parts = new ArrayList<>();
    for (Ast.Path path : paths) {
      parts.add(path(path));
    }
    return String.join(", ", parts);
  }

  /**
   * An UPDATE's actions as an update expression: each clause once, its actions in the order written
   * ({@code SET a = 1 REMOVE b SET c = 2} is one SET clause of two actions and a REMOVE). {@code
   * set_add(p, v)} and {@code set_delete(p, v)} assigned to {@code p} are ADD and DELETE actions;
   * DynamoDB insists that the assigned path is the function's first argument.
   */
  public String update(List<Ast.Action> actions) {
    List<String> sets = new ArrayList<>();
    List<String> removes = new ArrayList<>();
    List<String> adds = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    for (Ast.Action action : actions) {
      Ast.Expression value = action.value();
      if (value == null) {
        removes.add(path(action.path()));
        continue;
      }
      if (value instanceof Ast.Call call
          && (call.function().equals("set_add") || call.function().equals("set_delete"))) {
        String function = call.function().toUpperCase(java.util.Locale.ROOT);
        if (call.arguments().size() != 2 || !action.path().equals(call.arguments().get(0))) {
          throw DynamoException.validation(
              "The first argument to " + function + " must equal the assignment value");
        }
        String clause = path(action.path()) + " " + operand(call.arguments().get(1));
        (call.function().equals("set_add") ? adds : deletes).add(clause);
        continue;
      }
      sets.add(path(action.path()) + " = " + updateValue(value));
    }
    StringBuilder text = new StringBuilder();
    clause(text, "SET", sets);
    clause(text, "REMOVE", removes);
    clause(text, "ADD", adds);
    clause(text, "DELETE", deletes);
    return text.toString();
  }

  /** {@code attribute_exists(#pk)}: the condition that an item with this key exists. */
  public String exists(String attribute) {
    return "attribute_exists(" + name(attribute) + ")";
  }

  /** {@code attribute_not_exists(#pk)}: the condition that no item with this key exists. */
  public String notExists(String attribute) {
    return "attribute_not_exists(" + name(attribute) + ")";
  }

  public String path(Ast.Path path) {
    StringBuilder text = new StringBuilder();
    for (Ast.Step step : path.steps()) {
      if (step instanceof Ast.Name name) {
        if (text.length() > 0) {
          text.append('.');
        }
        text.append(name(name.name()));
      } else {
        text.append('[').append(((Ast.Index) step).index()).append(']');
      }
    }
    return text.toString();
  }

  public String value(AttributeValue value) {
    String placeholder = ":v" + values.size();
    values.put(placeholder, value);
    return placeholder;
  }

  private String name(String name) {
    return placeholdersByName.computeIfAbsent(
        name,
        attribute -> {
          String placeholder = "#n" + names.size();
          names.put(placeholder, attribute);
          return placeholder;
        });
  }

  private static void clause(StringBuilder text, String keyword, List<String> actions) {
    if (actions.isEmpty()) {
      return;
    }
    if (text.length() > 0) {
      text.append(' ');
    }
    text.append(keyword).append(' ').append(String.join(", ", actions));
  }

  /** A child of AND or OR, parenthesised when it is itself AND or OR (never twice). */
  private String nested(Ast.Expression expression) {
    String text = condition(expression);
    return expression.kind() == Ast.ExpressionKind.AND || expression.kind() == Ast.ExpressionKind.OR
        ? "(" + text + ")"
        : text;
  }

  /**
   * {@code IS MISSING} is {@code attribute_not_exists}; {@code IS NULL} is an attribute of the NULL
   * type (a missing attribute is not NULL, as DynamoDB Local answers {@code IS NOT NULL} for it).
   */
  private String is(Ast.Is is) {
    if (!(is.value() instanceof Ast.Path path)) {
      throw DynamoException.validation("IS MISSING and IS NULL apply to attribute paths only");
    }
    if (is.missing()) {
      return (is.negated() ? "attribute_exists(" : "attribute_not_exists(") + path(path) + ")";
    }
    String test = "attribute_type(" + path(path) + ", " + value(AttributeValue.s("NULL")) + ")";
    return is.negated() ? "NOT " + test : test;
  }

  private String conditionFunction(Ast.Call call) {
    return switch (call.function()) {
      case "begins_with", "contains", "attribute_type" -> call(call);
      default -> throw unrecognized(call.function());
    };
  }

  private String operand(Ast.Expression expression) {
    return switch (expression.kind()) {
      case PATH -> path((Ast.Path) expression);
      case LITERAL -> value(((Ast.Literal) expression).value());
      case CALL -> {
        Ast.Call call = (Ast.Call) expression;
        if (!call.function().equals("size")) {
          throw unrecognized(call.function());
        }
        yield call(call);
      }
      case ARITHMETIC ->
          throw DynamoException.validation(
              "Unsupported operator in Condition Expression. Operator: "
                  + (((Ast.Arithmetic) expression).isAddition() ? "+" : "-"));
      case PARAMETER, LIST, MAP, SET, COMPARISON, BETWEEN, IN, AND, OR, NOT, IS ->
          throw DynamoException.validation("Unsupported operand in condition: " + expression);
    };
  }

  private String updateValue(Ast.Expression expression) {
    return switch (expression.kind()) {
      case ARITHMETIC -> {
        Ast.Arithmetic arithmetic = (Ast.Arithmetic) expression;
        yield updateOperand(arithmetic.left())
            + (arithmetic.isAddition() ? " + " : " - ")
            + updateOperand(arithmetic.right());
      }
      default -> updateOperand(expression);
    };
  }

  private String updateOperand(Ast.Expression expression) {
    if (expression instanceof Ast.Call call) {
      if (!call.function().equals("list_append")) {
        throw unrecognized(call.function());
      }
      List<String> arguments = new ArrayList<>();
      for (Ast.Expression argument : call.arguments()) {
        arguments.add(updateOperand(argument));
      }
      return "list_append(" + String.join(", ", arguments) + ")";
    }
    if (expression instanceof Ast.Path path) {
      return path(path);
    }
    if (expression instanceof Ast.Literal literal) {
      return value(literal.value());
    }
    throw DynamoException.validation("Unsupported value in SET clause: " + expression);
  }

  private String call(Ast.Call call) {
    List<String> arguments = new ArrayList<>();
    for (Ast.Expression argument : call.arguments()) {
      arguments.add(operand(argument));
    }
    return call.function() + "(" + String.join(", ", arguments) + ")";
  }

  private static DynamoException unrecognized(String function) {
    return DynamoException.validation("Unrecognized function: " + function);
  }
}

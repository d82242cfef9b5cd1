package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.ScalarOrder;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a resolved condition over an item, with DynamoDB's semantics:
 *
 * <ul>
 *   <li>an operand whose path leads nowhere is missing, and so is size() of a number, boolean or
 *       null; =, &lt;, &lt;=, &gt;, &gt;=, BETWEEN, IN, begins_with and contains are false when an
 *       operand they need is missing;
 *   <li>{@code <>} is the negation of {@code =}: true when either side is missing (DynamoDB Local:
 *       {@code missing <> :v} and {@code missing1 <> missing2} are both true);
 *   <li>ordering only holds between two values of the same scalar type ({@link Values#compare});
 *   <li>equality is deep and ignores set and map order.
 * </ul>
 *
 * Stateless; safe from any thread.
 */
final class ConditionEvaluator {
  private ConditionEvaluator() {}

  static boolean matches(Ast.Condition condition, @Nullable Map<String, AttributeValue> item) {
    return switch (condition.kind()) {
      case COMPARISON -> comparison((Ast.Comparison) condition, item);
      case BETWEEN -> between((Ast.Between) condition, item);
      case IN -> in((Ast.In) condition, item);
      case AND -> {
        Ast.And and = (Ast.And) condition;
        yield matches(and.left(), item) && matches(and.right(), item);
      }
      case OR -> {
        Ast.Or or = (Ast.Or) condition;
        yield matches(or.left(), item) || matches(or.right(), item);
      }
      case NOT -> !matches(((Ast.Not) condition).condition(), item);
      case FUNCTION -> function(((Ast.FunctionCondition) condition).call(), item);
      case CONSTANT -> ((Ast.Constant) condition).value();
    };
  }

  private static boolean comparison(
      Ast.Comparison comparison, @Nullable Map<String, AttributeValue> item) {
    AttributeValue left = operand(comparison.left(), item);
    AttributeValue right = operand(comparison.right(), item);
    return switch (comparison.comparator()) {
      case EQUAL -> left != null && left.equals(right);
      case NOT_EQUAL -> left == null || !left.equals(right);
      case LESS -> isOrdered(left, right) && ScalarOrder.compare(left, right) < 0;
      case LESS_OR_EQUAL -> isOrdered(left, right) && ScalarOrder.compare(left, right) <= 0;
      case GREATER -> isOrdered(left, right) && ScalarOrder.compare(left, right) > 0;
      case GREATER_OR_EQUAL -> isOrdered(left, right) && ScalarOrder.compare(left, right) >= 0;
    };
  }

  private static boolean between(Ast.Between between, @Nullable Map<String, AttributeValue> item) {
    AttributeValue value = operand(between.value(), item);
    AttributeValue lower = operand(between.lower(), item);
    AttributeValue upper = operand(between.upper(), item);
    return isOrdered(value, lower)
        && isOrdered(value, upper)
        && ScalarOrder.compare(lower, value) <= 0
        && ScalarOrder.compare(value, upper) <= 0;
  }

  private static boolean in(Ast.In in, @Nullable Map<String, AttributeValue> item) {
    AttributeValue value = operand(in.value(), item);
    if (value == null) {
      return false;
    }
    for (Ast.Operand candidate : in.candidates()) {
      if (value.equals(operand(candidate, item))) {
        return true;
      }
    }
    return false;
  }

  private static boolean function(
      Ast.FunctionCall call, @Nullable Map<String, AttributeValue> item) {
    AttributeValue first = operand(call.arguments().get(0), item);
    return switch (call.function()) {
      case ATTRIBUTE_EXISTS -> first != null;
      case ATTRIBUTE_NOT_EXISTS -> first == null;
      case ATTRIBUTE_TYPE -> {
        AttributeValue type = operand(call.arguments().get(1), item);
        yield first != null
            && type instanceof AttributeValue.S name
            && first.type().name().equals(name.value());
      }
      case BEGINS_WITH -> {
        AttributeValue prefix = operand(call.arguments().get(1), item);
        yield first != null && prefix != null && ScalarOrder.beginsWith(first, prefix);
      }
      case CONTAINS -> {
        AttributeValue needle = operand(call.arguments().get(1), item);
        yield first != null && needle != null && Values.contains(first, needle);
      }
      case SIZE, IF_NOT_EXISTS, LIST_APPEND ->
          throw new IllegalStateException("not a condition: " + call.function());
    };
  }

  /** The value of a condition operand, or null when it is missing. */
  static @Nullable AttributeValue operand(
      Ast.Operand operand, @Nullable Map<String, AttributeValue> item) {
    return switch (operand.kind()) {
      case PATH -> Values.get(item, (Ast.Path) operand);
      case LITERAL -> ((Ast.Literal) operand).value();
      case FUNCTION_CALL -> {
        Ast.FunctionCall call = (Ast.FunctionCall) operand;
        if (call.function() != Ast.Function.SIZE) {
          throw new IllegalStateException("not an operand: " + call.function());
        }
        AttributeValue argument = operand(call.arguments().get(0), item);
        Integer size = argument == null ? null : Values.size(argument);
        yield size == null ? null : AttributeValue.N.of(size);
      }
      case VALUE_PLACEHOLDER, ARITHMETIC ->
          throw new IllegalStateException("unresolved operand: " + operand);
    };
  }

  private static boolean isOrdered(@Nullable AttributeValue left, @Nullable AttributeValue right) {
    return left != null && right != null && left.type() == right.type() && left.type().isScalar();
  }
}

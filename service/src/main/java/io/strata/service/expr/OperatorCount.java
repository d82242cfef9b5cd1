package io.strata.service.expr;

/**
 * Counts operators the way DynamoDB's 300-operator limit does (pinned against DynamoDB Local):
 * every comparator, BETWEEN, IN, AND, OR, NOT, function call (size included) and {@code +}/{@code
 * -} counts one; paths, values, parentheses and the {@code =} of a SET action count nothing.
 */
final class OperatorCount {
  private OperatorCount() {}

  static int of(Ast.Condition condition) {
    return switch (condition.kind()) {
      case COMPARISON -> {
        Ast.Comparison comparison = (Ast.Comparison) condition;
        yield 1 + of(comparison.left()) + of(comparison.right());
      }
      case BETWEEN -> {
        Ast.Between between = (Ast.Between) condition;
        yield 1 + of(between.value()) + of(between.lower()) + of(between.upper());
      }
      case IN -> {
        Ast.In in = (Ast.In) condition;
        int count = 1 + of(in.value());
        for (Ast.Operand candidate : in.candidates()) {
          count += of(candidate);
        }
        yield count;
      }
      case AND -> {
        Ast.And and = (Ast.And) condition;
        yield 1 + of(and.left()) + of(and.right());
      }
      case OR -> {
        Ast.Or or = (Ast.Or) condition;
        yield 1 + of(or.left()) + of(or.right());
      }
      case NOT -> 1 + of(((Ast.Not) condition).condition());
      case FUNCTION -> of(((Ast.FunctionCondition) condition).call());
      case CONSTANT -> 0;
    };
  }

  static int of(Ast.Update update) {
    int count = 0;
    for (Ast.UpdateAction action : update.actions()) {
      if (action instanceof Ast.SetAction set) {
        count += of(set.value());
      }
    }
    return count;
  }

  static int of(Ast.Operand operand) {
    return switch (operand.kind()) {
      case FUNCTION_CALL -> {
        int count = 1;
        for (Ast.Operand argument : ((Ast.FunctionCall) operand).arguments()) {
          count += of(argument);
        }
        yield count;
      }
      case ARITHMETIC -> {
        Ast.Arithmetic arithmetic = (Ast.Arithmetic) operand;
        yield 1 + of(arithmetic.left()) + of(arithmetic.right());
      }
      case PATH, VALUE_PLACEHOLDER, LITERAL -> 0;
    };
  }
}

package io.strata.service.expr;

import java.util.List;

/** Collects the document paths a resolved condition refers to, in reading order. */
final class Paths {
  private Paths() {}

  static void collect(Ast.Condition condition, List<Ast.Path> paths) {
    switch (condition.kind()) {
      case COMPARISON -> {
        Ast.Comparison comparison = (Ast.Comparison) condition;
        collect(comparison.left(), paths);
        collect(comparison.right(), paths);
      }
      case BETWEEN -> {
        Ast.Between between = (Ast.Between) condition;
        collect(between.value(), paths);
        collect(between.lower(), paths);
        collect(between.upper(), paths);
      }
      case IN -> {
        Ast.In in = (Ast.In) condition;
        collect(in.value(), paths);
        for (Ast.Operand candidate : in.candidates()) {
          collect(candidate, paths);
        }
      }
      case AND -> {
        Ast.And and = (Ast.And) condition;
        collect(and.left(), paths);
        collect(and.right(), paths);
      }
      case OR -> {
        Ast.Or or = (Ast.Or) condition;
        collect(or.left(), paths);
        collect(or.right(), paths);
      }
      case NOT -> collect(((Ast.Not) condition).condition(), paths);
      case FUNCTION -> collect(((Ast.FunctionCondition) condition).call(), paths);
      case CONSTANT -> {}
    }
  }

  static void collect(Ast.Operand operand, List<Ast.Path> paths) {
    switch (operand.kind()) {
      case PATH -> paths.add((Ast.Path) operand);
      case FUNCTION_CALL -> {
        for (Ast.Operand argument : ((Ast.FunctionCall) operand).arguments()) {
          collect(argument, paths);
        }
      }
      case ARITHMETIC -> {
        Ast.Arithmetic arithmetic = (Ast.Arithmetic) operand;
        collect(arithmetic.left(), paths);
        collect(arithmetic.right(), paths);
      }
      case VALUE_PLACEHOLDER, LITERAL -> {}
    }
  }
}

package io.strata.service.expr;

import io.strata.service.error.DynamoException;

/**
 * The five expression parameters. Every message about an expression starts with {@code Invalid
 * <parameter>: }, e.g. {@code Invalid UpdateExpression: Syntax error; ...}.
 */
enum ExpressionKind {
  CONDITION("ConditionExpression"),
  FILTER("FilterExpression"),
  KEY_CONDITION("KeyConditionExpression"),
  UPDATE("UpdateExpression"),
  PROJECTION("ProjectionExpression");

  private final String parameterName;

  ExpressionKind(String parameterName) {
    this.parameterName = parameterName;
  }

  String parameterName() {
    return parameterName;
  }

  boolean isCondition() {
    return this == CONDITION || this == FILTER || this == KEY_CONDITION;
  }

  DynamoException invalid(String detail) {
    return DynamoException.validation("Invalid " + parameterName + ": " + detail);
  }
}

package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A resolved condition (ConditionExpression, FilterExpression, Expected, QueryFilter or
 * ScanFilter), ready to run against items. Immutable; call it from any thread, including the
 * storage writer.
 */
public final class CompiledCondition {
  private final Ast.Condition condition;

  CompiledCondition(Ast.Condition condition) {
    this.condition = condition;
  }

  /** Whether the item satisfies the condition; a null or empty item is an absent one. */
  public boolean matches(@Nullable Map<String, AttributeValue> item) {
    return ConditionEvaluator.matches(condition, item);
  }

  Ast.Condition tree() {
    return condition;
  }

  @Override
  public String toString() {
    return condition.toString();
  }
}

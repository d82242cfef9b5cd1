package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.JsonValue;
import io.strata.service.expr.CompiledCondition;
import io.strata.service.expr.CompiledExpressions;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A write's condition (ConditionExpression or Expected) and what a failure returns: with {@code
 * ReturnValuesOnConditionCheckFailure=ALL_OLD} the error carries the item as it was. Checked on the
 * writer thread against the stored item.
 */
record WriteCondition(@Nullable CompiledCondition condition, boolean returnOldOnFailure) {
  private static final WriteCondition NONE = new WriteCondition(null, false);

  /** Reads ReturnValuesOnConditionCheckFailure into {@code constraints}; call before the check. */
  static boolean readReturnOldOnFailure(JsonRequest body, Constraints constraints) {
    String onFailure = body.string("ReturnValuesOnConditionCheckFailure");
    constraints.oneOf(
        "returnValuesOnConditionCheckFailure",
        onFailure,
        ItemParameters.RETURN_VALUES_ON_CONDITION_CHECK_FAILURE);
    return "ALL_OLD".equals(onFailure);
  }

  static WriteCondition of(CompiledExpressions expressions, boolean returnOldOnFailure) {
    CompiledCondition condition = expressions.condition().orElse(null);
    return condition == null ? NONE : new WriteCondition(condition, returnOldOnFailure);
  }

  /** Whether there is a condition at all. */
  boolean isNone() {
    return condition == null;
  }

  /** Throws ConditionalCheckFailedException unless the stored item satisfies the condition. */
  void require(@Nullable Map<String, AttributeValue> current) {
    if (condition != null && !condition.matches(current)) {
      throw failed(current, returnOldOnFailure);
    }
  }

  static DynamoException failed(@Nullable Map<String, AttributeValue> current, boolean returnOld) {
    if (!returnOld || current == null) {
      return DynamoException.conditionalCheckFailed(Map.of());
    }
    JsonValue item = json -> AttributeValueJson.writeMap(json, current);
    return DynamoException.conditionalCheckFailed(Map.of("Item", item));
  }
}

package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request of a generated scenario, in the model's types so that any target can send it: the
 * in-process expression layer, DynamoDB Local through the AWS SDK, or our own server through the
 * same SDK. Expressions may be deliberately broken; the point is that every target answers alike.
 */
record ScenarioStep(
    Operation operation,
    Map<String, AttributeValue> key,
    @Nullable Map<String, AttributeValue> item,
    @Nullable String updateExpression,
    @Nullable String conditionExpression,
    @Nullable String projectionExpression,
    Map<String, String> names,
    Map<String, AttributeValue> values,
    ReturnValue returnValues) {

  enum Operation {
    PUT_ITEM,
    UPDATE_ITEM,
    DELETE_ITEM,
    GET_ITEM
  }

  /** A readable one-line form for failure messages. */
  String describe() {
    StringBuilder text = new StringBuilder(operation.name()).append(' ').append(key);
    if (item != null) {
      text.append(" item=").append(item);
    }
    if (updateExpression != null) {
      text.append(" update=[").append(updateExpression).append(']');
    }
    if (conditionExpression != null) {
      text.append(" condition=[").append(conditionExpression).append(']');
    }
    if (projectionExpression != null) {
      text.append(" projection=[").append(projectionExpression).append(']');
    }
    if (!names.isEmpty()) {
      text.append(" names=").append(names);
    }
    if (!values.isEmpty()) {
      text.append(" values=").append(values);
    }
    if (returnValues != ReturnValue.NONE) {
      text.append(" returnValues=").append(returnValues);
    }
    return text.toString();
  }
}

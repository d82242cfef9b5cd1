package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a target answered to a {@link ScenarioStep}: the error (code without namespace, and
 * message), or the response's Attributes or Item; and the stored item afterwards (null if none).
 */
record ScenarioOutcome(
    @Nullable String errorCode,
    @Nullable String errorMessage,
    Map<String, AttributeValue> returned,
    @Nullable Map<String, AttributeValue> storedItem) {

  static ScenarioOutcome failure(
      String code, String message, @Nullable Map<String, AttributeValue> storedItem) {
    return new ScenarioOutcome(code, message, Map.of(), storedItem);
  }

  static ScenarioOutcome success(
      Map<String, AttributeValue> returned, @Nullable Map<String, AttributeValue> storedItem) {
    return new ScenarioOutcome(null, null, returned, storedItem);
  }
}

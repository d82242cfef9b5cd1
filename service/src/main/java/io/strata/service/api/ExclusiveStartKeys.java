package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Checks a Query's or Scan's ExclusiveStartKey against the key schema it pages through. */
final class ExclusiveStartKeys {
  private ExclusiveStartKeys() {}

  static @Nullable Map<String, AttributeValue> check(
      KeySchema keys, @Nullable Map<String, AttributeValue> start) {
    if (start == null) {
      return null;
    }
    if (start.size() != (keys.hasSortKey() ? 2 : 1)) {
      throw DynamoException.validation(ValidationMessages.START_KEY_INVALID);
    }
    if (!matches(keys.partitionKey(), start)
        || (keys.hasSortKey() && !matches(keys.sortKey(), start))) {
      throw DynamoException.validation(
          "The provided starting key is invalid: The provided key element does not match the"
              + " schema");
    }
    return start;
  }

  /**
   * Checks the ExclusiveStartKey of a Query or Scan of a secondary index: the index's keys and the
   * table's (which make an index entry unique), as the index's LastEvaluatedKey gives them.
   */
  static @Nullable Map<String, AttributeValue> readForIndex(
      KeySchema tableKeys, KeySchema indexKeys, @Nullable Map<String, AttributeValue> start) {
    if (start == null) {
      return null;
    }
    Set<KeySchema.KeyAttribute> expected = new LinkedHashSet<>();
    expected.addAll(tableKeys.attributes());
    expected.addAll(indexKeys.attributes());
    if (start.size() != expected.size()) {
      throw DynamoException.validation(ValidationMessages.START_KEY_INVALID);
    }
    for (KeySchema.KeyAttribute key : expected) {
      if (!matches(key, start)) {
        throw DynamoException.validation(
            "The provided starting key is invalid: The provided key element does not match the"
                + " schema");
      }
    }
    return start;
  }

  private static boolean matches(KeySchema.KeyAttribute key, Map<String, AttributeValue> start) {
    AttributeValue value = start.get(key.name());
    return value != null && value.type() == key.type();
  }
}

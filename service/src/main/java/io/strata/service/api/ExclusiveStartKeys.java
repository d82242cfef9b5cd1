package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Checks a Query's or Scan's ExclusiveStartKey against the key schema it pages through. */
final class ExclusiveStartKeys {
  private ExclusiveStartKeys() {}

  static @Nullable PrimaryKey read(KeySchema keys, @Nullable Map<String, AttributeValue> start) {
    if (start == null) {
      return null;
    }
    if (start.size() != (keys.hasSortKey() ? 2 : 1)) {
      throw DynamoException.validation(
          "Exclusive Start Key must have same size as table's key schema");
    }
    if (!matches(keys.partitionKey(), start)
        || (keys.hasSortKey() && !matches(keys.sortKey(), start))) {
      throw DynamoException.validation(
          "The provided starting key is invalid: The provided key element does not match the"
              + " schema");
    }
    return PrimaryKey.of(keys, start);
  }

  private static boolean matches(KeySchema.KeyAttribute key, Map<String, AttributeValue> start) {
    AttributeValue value = start.get(key.name());
    return value != null && value.type() == key.type();
  }
}

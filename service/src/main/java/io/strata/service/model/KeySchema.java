package io.strata.service.model;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The key of a table or index: a partition (HASH) attribute and an optional sort (RANGE) attribute,
 * each with its scalar type.
 */
public record KeySchema(KeyAttribute partitionKey, @Nullable KeyAttribute sortKey) {

  /** One key attribute; {@code type} is S, N or B. */
  public record KeyAttribute(String name, AttributeValue.Type type) {
    public KeyAttribute {
      if (!type.isScalar()) {
        throw new IllegalArgumentException("key attributes are S, N or B, not " + type);
      }
    }
  }

  public Optional<KeyAttribute> sortKeyAttribute() {
    return Optional.ofNullable(sortKey);
  }

  public boolean hasSortKey() {
    return sortKey != null;
  }

  public boolean isKeyAttribute(String attributeName) {
    return partitionKey.name().equals(attributeName)
        || (sortKey != null && sortKey.name().equals(attributeName));
  }
}

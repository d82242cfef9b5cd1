package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.SortKeyCondition;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Query's compiled key condition (KeyConditionExpression or KeyConditions): the partition key's
 * value and an optional sort-key condition. Immutable.
 */
public final class KeyCondition {
  private final String partitionKeyName;
  private final AttributeValue partitionKeyValue;
  private final @Nullable String sortKeyName;
  private final @Nullable SortKeyCondition sortKeyCondition;

  KeyCondition(
      String partitionKeyName,
      AttributeValue partitionKeyValue,
      @Nullable String sortKeyName,
      @Nullable SortKeyCondition sortKeyCondition) {
    this.partitionKeyName = partitionKeyName;
    this.partitionKeyValue = partitionKeyValue;
    this.sortKeyName = sortKeyName;
    this.sortKeyCondition = sortKeyCondition;
  }

  public String partitionKeyName() {
    return partitionKeyName;
  }

  public AttributeValue partitionKeyValue() {
    return partitionKeyValue;
  }

  public Optional<SortKeyCondition> sortKeyCondition() {
    return Optional.ofNullable(sortKeyCondition);
  }

  /** Whether an item (of the queried table or index) satisfies the key condition. */
  public boolean matches(@Nullable Map<String, AttributeValue> item) {
    if (item == null || !partitionKeyValue.equals(item.get(partitionKeyName))) {
      return false;
    }
    if (sortKeyCondition == null) {
      return true;
    }
    AttributeValue sortKey = item.get(sortKeyName);
    return sortKey != null
        && sortKey.type() == sortKeyCondition.first().type()
        && sortKeyCondition.matches(sortKey);
  }

  @Override
  public String toString() {
    return partitionKeyName
        + " = "
        + partitionKeyValue
        + (sortKeyCondition == null ? "" : " AND " + sortKeyCondition);
  }
}

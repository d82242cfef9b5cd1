package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.SortKeyRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Query's compiled key condition (KeyConditionExpression or KeyConditions): the value of every
 * partition attribute (one, or up to four for a multi-attribute index key) and an optional
 * condition on the sort attributes, as a {@link SortKeyRange}. Immutable.
 *
 * @param sortKeyNames the sort attributes the range constrains, in schema order: the equality
 *     prefix's, then the last condition's
 */
public record KeyCondition(
    List<String> partitionKeyNames,
    List<AttributeValue> partitionValues,
    List<String> sortKeyNames,
    @Nullable SortKeyRange sortKeyRange) {

  public KeyCondition {
    partitionKeyNames = List.copyOf(partitionKeyNames);
    partitionValues = List.copyOf(partitionValues);
    sortKeyNames = List.copyOf(sortKeyNames);
  }

  /** Whether an item (of the queried table or index) satisfies the key condition. */
  public boolean matches(@Nullable Map<String, AttributeValue> item) {
    if (item == null) {
      return false;
    }
    for (int i = 0; i < partitionKeyNames.size(); i++) {
      if (!partitionValues.get(i).equals(item.get(partitionKeyNames.get(i)))) {
        return false;
      }
    }
    if (sortKeyRange == null) {
      return true;
    }
    List<AttributeValue> bounds = new ArrayList<>(sortKeyRange.equalPrefix());
    if (sortKeyRange.last() != null) {
      bounds.add(sortKeyRange.last().first());
    }
    List<AttributeValue> sortValues = new ArrayList<>(sortKeyNames.size());
    for (int i = 0; i < sortKeyNames.size(); i++) {
      AttributeValue value = item.get(sortKeyNames.get(i));
      if (value == null || value.type() != bounds.get(i).type()) {
        return false;
      }
      sortValues.add(value);
    }
    return sortKeyRange.matches(sortValues);
  }

  @Override
  public String toString() {
    return partitionKeyNames
        + " = "
        + partitionValues
        + (sortKeyRange == null ? "" : " AND " + sortKeyNames + " " + sortKeyRange);
  }
}

package io.strata.service.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The sort-key part of a Query's key condition, for a sort key of one or more attributes: equality
 * on the leading sort attributes ({@code equalPrefix}) and an optional condition on the one after
 * them ({@code last}). DynamoDB's rules for multi-attribute sort keys make every valid condition of
 * this shape: attributes are used left to right without gaps, and only the last one used may have
 * an inequality, BETWEEN or begins_with. A table's or single-attribute index's condition is the
 * case of an empty prefix.
 *
 * <p>Because a multi-attribute sort key orders items by its attributes left to right, the items
 * such a condition admits are one contiguous run of the partition, which is what lets a Query walk
 * it as one range: {@link #isBelowRange} and {@link #isAboveRange} say on which side of that run a
 * sort key lies.
 */
public record SortKeyRange(List<AttributeValue> equalPrefix, @Nullable SortKeyCondition last) {
  public SortKeyRange {
    equalPrefix = List.copyOf(equalPrefix);
  }

  /** A condition on a single-attribute sort key. */
  public static SortKeyRange of(SortKeyCondition condition) {
    return new SortKeyRange(List.of(), condition);
  }

  /** The sort key sorts before every key the condition admits. */
  public boolean isBelowRange(List<AttributeValue> sortValues) {
    int byPrefix = comparePrefix(sortValues);
    if (byPrefix != 0) {
      return byPrefix < 0;
    }
    return last != null && last.isBelowRange(sortValues.get(equalPrefix.size()));
  }

  /** The sort key sorts after every key the condition admits. */
  public boolean isAboveRange(List<AttributeValue> sortValues) {
    int byPrefix = comparePrefix(sortValues);
    if (byPrefix != 0) {
      return byPrefix > 0;
    }
    return last != null && last.isAboveRange(sortValues.get(equalPrefix.size()));
  }

  public boolean matches(List<AttributeValue> sortValues) {
    return !isBelowRange(sortValues) && !isAboveRange(sortValues);
  }

  /**
   * Whether nothing the condition admits can follow this single-attribute sort key in walk order
   * (see {@link SortKeyCondition#isLastAdmitted}); never for multi-attribute conditions, whose
   * admitted keys are not unique.
   */
  public boolean isLastAdmitted(List<AttributeValue> sortValues, boolean forward) {
    return equalPrefix.isEmpty()
        && last != null
        && sortValues.size() == 1
        && last.isLastAdmitted(sortValues.get(0), forward);
  }

  private int comparePrefix(List<AttributeValue> sortValues) {
    for (int i = 0; i < equalPrefix.size(); i++) {
      int byAttribute = ScalarOrder.compare(sortValues.get(i), equalPrefix.get(i));
      if (byAttribute != 0) {
        return byAttribute;
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return equalPrefix + (last == null ? "" : " then " + last);
  }
}

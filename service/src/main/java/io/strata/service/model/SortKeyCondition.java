package io.strata.service.model;

import org.jspecify.annotations.Nullable;

/**
 * The sort-key part of a Query's key condition: one comparison, BETWEEN, or begins_with. Both a
 * filter (does a value satisfy it) and a description of a key range (which bounds can stop a walk
 * in either direction).
 */
public record SortKeyCondition(
    Operator operator, AttributeValue first, @Nullable AttributeValue second) {

  public enum Operator {
    EQ,
    LT,
    LE,
    GT,
    GE,
    BETWEEN,
    BEGINS_WITH
  }

  public boolean matches(AttributeValue value) {
    return !isBelowRange(value) && !isAboveRange(value);
  }

  /** The value sorts before every value the condition admits. */
  public boolean isBelowRange(AttributeValue value) {
    return switch (operator) {
      case EQ, GE, BETWEEN -> compare(value, first) < 0;
      case GT -> compare(value, first) <= 0;
      case BEGINS_WITH -> compare(value, first) < 0;
      case LT, LE -> false;
    };
  }

  /** The value sorts after every value the condition admits. */
  public boolean isAboveRange(AttributeValue value) {
    return switch (operator) {
      case EQ -> compare(value, first) > 0;
      case LT -> compare(value, first) >= 0;
      case LE -> compare(value, first) > 0;
      case BETWEEN -> compare(value, second) > 0;
      case BEGINS_WITH -> compare(value, first) >= 0 && !ScalarOrder.beginsWith(value, first);
      case GT, GE -> false;
    };
  }

  /** The smallest value the condition can admit, if it has a lower bound. */
  public @Nullable AttributeValue lowerBound() {
    return switch (operator) {
      case EQ, GT, GE, BETWEEN, BEGINS_WITH -> first;
      case LT, LE -> null;
    };
  }

  /** The largest value the condition can admit, if it has an upper bound other than a prefix. */
  public @Nullable AttributeValue upperBound() {
    return switch (operator) {
      case EQ, LT, LE -> first;
      case BETWEEN -> second;
      case GT, GE, BEGINS_WITH -> null;
    };
  }

  /**
   * Whether nothing the condition admits can follow {@code value} in walk order: it equals the
   * inclusive bound on the far side. A page that ends there has no more to read.
   */
  public boolean isLastAdmitted(AttributeValue value, boolean forward) {
    return switch (operator) {
      case EQ -> compare(value, first) == 0;
      case LE -> forward && compare(value, first) == 0;
      case GE -> !forward && compare(value, first) == 0;
      case BETWEEN -> compare(value, forward ? second : first) == 0;
      case LT, GT, BEGINS_WITH -> false;
    };
  }

  private static int compare(AttributeValue value, @Nullable AttributeValue bound) {
    return ScalarOrder.compare(value, java.util.Objects.requireNonNull(bound));
  }
}

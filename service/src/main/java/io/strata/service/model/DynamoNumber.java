package io.strata.service.model;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import java.math.BigDecimal;

/**
 * A DynamoDB number: a decimal of at most 38 significant digits whose magnitude lies between 1E-130
 * and 9.9999999999999999999999999999999999999E+125, or zero.
 *
 * <p>Values are kept normalised (trailing zeros stripped), so {@code 1.50}, {@code 1.5} and {@code
 * 15E-1} are one number: equal, with one hash code and one text form. That text form is DynamoDB's:
 * plain notation without exponent, e.g. {@code 1E2} reads back as {@code 100} (checked against
 * DynamoDB Local).
 */
public final class DynamoNumber implements Comparable<DynamoNumber> {
  public static final int MAX_PRECISION = 38;
  private static final int MAX_EXPONENT = 125;
  private static final int MIN_EXPONENT = -130;

  public static final DynamoNumber ZERO = new DynamoNumber(BigDecimal.ZERO);

  private final BigDecimal value;

  private DynamoNumber(BigDecimal normalised) {
    this.value = normalised;
  }

  /**
   * Parses DynamoDB's number syntax ({@code [+-]digits[.digits][e[+-]digits]}) and enforces its
   * precision and range, with DynamoDB's messages.
   */
  public static DynamoNumber parse(String text) {
    BigDecimal parsed;
    try {
      parsed = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw DynamoException.validation(ValidationMessages.notNumeric(text));
    }
    return of(parsed);
  }

  /** Validates precision and range of an already computed value. */
  public static DynamoNumber of(BigDecimal value) {
    if (value.signum() == 0) {
      return ZERO;
    }
    BigDecimal normalised = value.stripTrailingZeros();
    if (normalised.precision() > MAX_PRECISION) {
      throw DynamoException.validation(ValidationMessages.TOO_MANY_DIGITS);
    }
    int exponent = normalised.precision() - normalised.scale() - 1;
    if (exponent > MAX_EXPONENT) {
      throw DynamoException.validation(
          "Number overflow. Attempting to store a number with magnitude larger than supported"
              + " range");
    }
    if (exponent < MIN_EXPONENT) {
      throw DynamoException.validation(
          "Number underflow. Attempting to store a number with magnitude smaller than supported"
              + " range");
    }
    return new DynamoNumber(normalised);
  }

  public static DynamoNumber of(long value) {
    return of(BigDecimal.valueOf(value));
  }

  public BigDecimal toBigDecimal() {
    return value;
  }

  public int signum() {
    return value.signum();
  }

  /** Significant digits, the basis of DynamoDB's size arithmetic for numbers. */
  public int significantDigits() {
    return value.signum() == 0 ? 1 : value.precision();
  }

  /** Exact sum; operands are bounded by the range check, so the exact result is small. */
  public DynamoNumber add(DynamoNumber other) {
    return of(value.add(other.value));
  }

  public DynamoNumber subtract(DynamoNumber other) {
    return of(value.subtract(other.value));
  }

  @Override
  public int compareTo(DynamoNumber other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DynamoNumber that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** DynamoDB's canonical text: plain notation, no trailing zeros. */
  @Override
  public String toString() {
    return value.toPlainString();
  }
}

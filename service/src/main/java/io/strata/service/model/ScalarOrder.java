package io.strata.service.model;

import java.util.Comparator;
import java.util.List;

/**
 * DynamoDB's order of scalar values of one type: numbers numerically, strings by their UTF-8 bytes
 * (not by Java's UTF-16 chars, which disagree beyond the Basic Multilingual Plane), binaries by
 * unsigned bytes. Sort keys and comparison operators both use it.
 */
public final class ScalarOrder {
  /** Orders two values of the same scalar type; other pairs are a programming error. */
  public static final Comparator<AttributeValue> COMPARATOR = ScalarOrder::compare;

  private ScalarOrder() {}

  public static int compare(AttributeValue left, AttributeValue right) {
    if (left.type() != right.type()) {
      throw new IllegalArgumentException("cannot order " + left.type() + " and " + right.type());
    }
    return switch (left.type()) {
      case N -> ((AttributeValue.N) left).value().compareTo(((AttributeValue.N) right).value());
      case S -> compareUtf8(((AttributeValue.S) left).value(), ((AttributeValue.S) right).value());
      case B -> ((AttributeValue.B) left).value().compareTo(((AttributeValue.B) right).value());
      default -> throw new IllegalArgumentException("not a scalar: " + left.type());
    };
  }

  /**
   * Orders two sort keys of one schema attribute by attribute, left to right: a multi-attribute
   * sort key's order (the shorter list first when one is a prefix of the other, which only a key
   * condition's equality prefix can be).
   */
  public static int compare(List<AttributeValue> left, List<AttributeValue> right) {
    int common = Math.min(left.size(), right.size());
    for (int i = 0; i < common; i++) {
      int byAttribute = compare(left.get(i), right.get(i));
      if (byAttribute != 0) {
        return byAttribute;
      }
    }
    return Integer.compare(left.size(), right.size());
  }

  /**
   * Whether {@code value} starts with {@code prefix} (strings by characters, binaries by bytes).
   */
  public static boolean beginsWith(AttributeValue value, AttributeValue prefix) {
    if (value.type() != prefix.type()) {
      return false;
    }
    return switch (value.type()) {
      case S -> ((AttributeValue.S) value).value().startsWith(((AttributeValue.S) prefix).value());
      case B -> ((AttributeValue.B) value).value().startsWith(((AttributeValue.B) prefix).value());
      default -> false;
    };
  }

  /**
   * UTF-8 byte order without encoding: code points compare like UTF-8 sequences, so comparing code
   * points is enough; only surrogate pairs need care, which {@link String#codePointAt} gives.
   */
  static int compareUtf8(String left, String right) {
    int i = 0;
    int j = 0;
    while (i < left.length() && j < right.length()) {
      int a = left.codePointAt(i);
      int b = right.codePointAt(j);
      if (a != b) {
        return Integer.compare(a, b);
      }
      i += Character.charCount(a);
      j += Character.charCount(b);
    }
    return Integer.compare(left.length() - i, right.length() - j);
  }
}

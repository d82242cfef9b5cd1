package io.strata.service.storage;

import io.strata.service.model.AttributeValue;

/**
 * How one kind of key stores its sort component after the 24-byte partition prefix, as far as a
 * partition walk needs to know: where to seek for a bound, and which keys were truncated (sort
 * values too long to store whole, whose order among keys sharing the stored prefix must be restored
 * by comparing full values). Items ({@link KeyCodec}) and index entries ({@link IndexKeyCodec})
 * differ only here.
 */
public interface SortLayout {
  /** Every key whose sort value is at least {@code bound} lies at or after prefix + these bytes. */
  byte[] lowerSeek(AttributeValue bound);

  /**
   * Every key whose sort value is at most {@code bound} (or, with {@code prefixMatch}, begins with
   * it) lies at or before prefix + these bytes.
   */
  byte[] upperSeek(AttributeValue bound, boolean prefixMatch);

  /** Seeking backwards from prefix + these bytes starts at a partition's last key. */
  byte[] maxSortComponent();

  boolean isTruncated(byte[] key);

  /** Length of the leading bytes that truncated keys of one group share. */
  int truncatedGroupPrefixBytes();
}

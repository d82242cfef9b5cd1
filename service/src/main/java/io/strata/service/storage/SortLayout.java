package io.strata.service.storage;

import io.strata.service.model.AttributeValue;
import java.util.List;

/**
 * How one kind of key stores its sort component after the 24-byte partition prefix, as far as a
 * partition walk needs to know: where to seek for a bound, and which keys were truncated (sort
 * values too long to store whole, whose order among keys sharing the stored prefix must be restored
 * by comparing full values). Items ({@link KeyCodec}) and index entries ({@link IndexKeyCodec})
 * differ only here.
 *
 * <p>Bounds are sort keys as lists of attribute values, in schema order: one value for a table's
 * sort key, up to four for a global index's multi-attribute sort key, and possibly fewer than the
 * schema has (a key condition's equality prefix and its bound on the next attribute).
 */
public interface SortLayout {
  /**
   * Every key whose sort values are at least {@code bound} (compared attribute by attribute, a key
   * that starts with the bound counting as greater) lies at or after prefix + these bytes.
   */
  byte[] lowerSeek(List<AttributeValue> bound);

  /**
   * Every key whose first {@code bound.size()} sort values are at most {@code bound} (or, with
   * {@code prefixMatch}, equal it but for the last, which begins with the bound's last) lies at or
   * before prefix + these bytes.
   */
  byte[] upperSeek(List<AttributeValue> bound, boolean prefixMatch);

  /** Seeking backwards from prefix + these bytes starts at a partition's last key. */
  byte[] maxSortComponent();

  boolean isTruncated(byte[] key);

  /** Length of the leading bytes that truncated keys of one group share. */
  int truncatedGroupPrefixBytes();
}

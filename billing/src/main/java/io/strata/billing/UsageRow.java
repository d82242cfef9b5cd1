package io.strata.billing;

/**
 * One tenant's table's usage during one hour: the counters the ledger persists.
 *
 * <p>Every counter is an exact integer. Capacity is in half-units ({@link CapacityUnits}); storage
 * is in byte-seconds, the integral of the table's size over the part of the hour it was sampled
 * ({@code byte-hours = storageByteSeconds / 3600}). Byte-seconds rather than byte-hours keep a
 * one-minute sample of a 10-byte table exact; a 2 TB table for a full hour is 7.9e15, far inside a
 * {@code long}.
 */
public record UsageRow(
    UsageKey key, long readHalfUnits, long writeHalfUnits, long storageByteSeconds) {
  public UsageRow {
    requireNotNegative("readHalfUnits", readHalfUnits);
    requireNotNegative("writeHalfUnits", writeHalfUnits);
    requireNotNegative("storageByteSeconds", storageByteSeconds);
  }

  public static UsageRow empty(UsageKey key) {
    return new UsageRow(key, 0, 0, 0);
  }

  /** This row with the counters of {@code other} added; the keys must match. */
  public UsageRow plus(UsageRow other) {
    if (!key.equals(other.key)) {
      throw new IllegalArgumentException("cannot add " + other.key + " to " + key);
    }
    return plus(other.readHalfUnits, other.writeHalfUnits, other.storageByteSeconds);
  }

  /** This row with the given amounts added. Overflow throws rather than wraps. */
  public UsageRow plus(long readHalfUnits, long writeHalfUnits, long storageByteSeconds) {
    return new UsageRow(
        key,
        Math.addExact(this.readHalfUnits, readHalfUnits),
        Math.addExact(this.writeHalfUnits, writeHalfUnits),
        Math.addExact(this.storageByteSeconds, storageByteSeconds));
  }

  private static void requireNotNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }
}

package io.strata.billing;

/**
 * One tenant's table's usage during one hour: the counters the ledger persists.
 *
 * <p>Every counter is an exact integer. Capacity is in half-units ({@link CapacityUnits}); storage
 * is in byte-seconds, the integral of the table's size over the part of the hour it was sampled
 * ({@code byte-hours = storageByteSeconds / 3600}). Byte-seconds rather than byte-hours keep a
 * one-minute sample of a 10-byte table exact; a 2 TB table for a full hour is 7.9e15, far inside a
 * {@code long}.
 *
 * @param pitrStorageByteSeconds point-in-time recovery storage of the table, sampled like {@code
 *     storageByteSeconds}: the bytes its recovery data (retained changes and base snapshots) holds
 * @param restoredBytes bytes written into the table by restores (RestoreTableFromBackup,
 *     RestoreTableToPointInTime) that completed during the hour: the restored table's size, which
 *     is what DynamoDB bills a restore by
 */
public record UsageRow(
    UsageKey key,
    long readHalfUnits,
    long writeHalfUnits,
    long storageByteSeconds,
    long pitrStorageByteSeconds,
    long restoredBytes) {
  public UsageRow {
    requireNotNegative("readHalfUnits", readHalfUnits);
    requireNotNegative("writeHalfUnits", writeHalfUnits);
    requireNotNegative("storageByteSeconds", storageByteSeconds);
    requireNotNegative("pitrStorageByteSeconds", pitrStorageByteSeconds);
    requireNotNegative("restoredBytes", restoredBytes);
  }

  /** A row of capacity and table storage only. */
  public UsageRow(UsageKey key, long readHalfUnits, long writeHalfUnits, long storageByteSeconds) {
    this(key, readHalfUnits, writeHalfUnits, storageByteSeconds, 0, 0);
  }

  public static UsageRow empty(UsageKey key) {
    return new UsageRow(key, 0, 0, 0);
  }

  /** This row with the counters of {@code other} added; the keys must match. Overflow throws. */
  public UsageRow plus(UsageRow other) {
    if (!key.equals(other.key)) {
      throw new IllegalArgumentException("cannot add " + other.key + " to " + key);
    }
    return new UsageRow(
        key,
        Math.addExact(readHalfUnits, other.readHalfUnits),
        Math.addExact(writeHalfUnits, other.writeHalfUnits),
        Math.addExact(storageByteSeconds, other.storageByteSeconds),
        Math.addExact(pitrStorageByteSeconds, other.pitrStorageByteSeconds),
        Math.addExact(restoredBytes, other.restoredBytes));
  }

  /** This row with the given amounts added. Overflow throws rather than wraps. */
  public UsageRow plus(long readHalfUnits, long writeHalfUnits, long storageByteSeconds) {
    return plus(new UsageRow(key, readHalfUnits, writeHalfUnits, storageByteSeconds));
  }

  private static void requireNotNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }
}

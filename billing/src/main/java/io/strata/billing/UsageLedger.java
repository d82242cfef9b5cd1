package io.strata.billing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The hourly usage ledger: what each tenant's tables consumed and stored, one row per tenant, table
 * and UTC hour ({@link UsageKey}, {@link UsageRow}), and the reports priced from it.
 *
 * <p><b>Where rows are written.</b> The ledger is a thin read-add-write over a {@link UsageStore}.
 * In the service the store is a view of the {@code lmdb-writer}'s current write transaction, so a
 * write and the row that meters it commit together: a crash can lose neither one alone. Construct a
 * ledger over that view (it is cheap: one field) and call {@link #recordConsumed} from the writer
 * thread. Reads do not write, so their half-units are summed in memory and {@link #add added} by a
 * periodic flush through the writer; a crash loses at most one flush interval of read metering,
 * never write metering.
 *
 * <p><b>Storage</b> is sampled: {@link #recordStorage} says "this table held this many bytes during
 * [from, to)", and the ledger spreads the byte-seconds over the hours the interval covers. Samples
 * of one table should not overlap, or the overlap is counted twice. Point-in-time recovery storage
 * is sampled the same way ({@link #recordPitrStorage}); restores are counted once, by the bytes
 * they wrote, when they complete ({@link #recordRestored}).
 *
 * <p><b>Threads.</b> Mutations must come from one thread at a time per store (the writer); reports
 * may run on any thread the store allows (the {@code lmdb-read} pool).
 */
public final class UsageLedger {
  private final UsageStore store;

  public UsageLedger(UsageStore store) {
    this.store = store;
  }

  /** Adds capacity consumed at {@code at} to the row of its hour; returns the updated row. */
  public UsageRow recordConsumed(
      String tenantId, String tableName, Instant at, long readHalfUnits, long writeHalfUnits) {
    return add(
        new UsageRow(UsageKey.at(tenantId, tableName, at), readHalfUnits, writeHalfUnits, 0));
  }

  /**
   * Records that the table held {@code sizeBytes} during {@code [from, to)}, split across the hours
   * the interval covers, at whole-second resolution (sub-second parts are dropped).
   */
  public void recordStorage(
      String tenantId, String tableName, Instant from, Instant to, long sizeBytes) {
    spread(
        from,
        to,
        sizeBytes,
        (hour, byteSeconds) -> addStorage(tenantId, tableName, hour, byteSeconds, 0));
  }

  /**
   * Records that the table's point-in-time recovery data held {@code sizeBytes} during {@code
   * [from, to)}, split across hours like {@link #recordStorage}.
   */
  public void recordPitrStorage(
      String tenantId, String tableName, Instant from, Instant to, long sizeBytes) {
    spread(
        from,
        to,
        sizeBytes,
        (hour, byteSeconds) -> addStorage(tenantId, tableName, hour, 0, byteSeconds));
  }

  /** Records that a restore into the table, completed at {@code at}, wrote {@code sizeBytes}. */
  public UsageRow recordRestored(String tenantId, String tableName, Instant at, long sizeBytes) {
    return add(new UsageRow(UsageKey.at(tenantId, tableName, at), 0, 0, 0, 0, sizeBytes));
  }

  private void addStorage(
      String tenantId,
      String tableName,
      Instant hour,
      long tableByteSeconds,
      long pitrByteSeconds) {
    add(
        new UsageRow(
            new UsageKey(tenantId, tableName, hour), 0, 0, tableByteSeconds, pitrByteSeconds, 0));
  }

  /** Hands {@code sizeBytes} held over {@code [from, to)} to {@code perHour}, as byte-seconds. */
  private static void spread(
      Instant from, Instant to, long sizeBytes, BiConsumer<Instant, Long> perHour) {
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
    }
    long fromSecond = from.getEpochSecond();
    long toSecond = to.getEpochSecond();
    if (toSecond < fromSecond) {
      throw new IllegalArgumentException("interval ends before it starts: " + from + ", " + to);
    }
    long second = fromSecond;
    while (second < toSecond) {
      long hourStart = Math.floorDiv(second, UsageKey.SECONDS_PER_HOUR) * UsageKey.SECONDS_PER_HOUR;
      long sliceEnd = Math.min(toSecond, hourStart + UsageKey.SECONDS_PER_HOUR);
      perHour.accept(
          Instant.ofEpochSecond(hourStart), Math.multiplyExact(sizeBytes, sliceEnd - second));
      second = sliceEnd;
    }
  }

  /** Adds a pre-summed row (for example a flush of in-memory read metering) to the ledger. */
  public UsageRow add(UsageRow delta) {
    UsageRow updated = store.read(delta.key()).map(row -> row.plus(delta)).orElse(delta);
    store.write(updated);
    return updated;
  }

  /** The report over {@code [from, to)}, widened to whole hours, for each of {@code tenantIds}. */
  public UsageReport report(
      List<String> tenantIds,
      Instant from,
      Instant to,
      UsageReport.Grouping grouping,
      UsagePrices prices) {
    return report(tenantIds, from, to, grouping, prices, key -> prices);
  }

  /**
   * Like {@link #report(List, Instant, Instant, UsageReport.Grouping, UsagePrices)}, each row
   * priced by {@code pricesOf}.
   */
  public UsageReport report(
      List<String> tenantIds,
      Instant from,
      Instant to,
      UsageReport.Grouping grouping,
      UsagePrices prices,
      Function<UsageKey, UsagePrices> pricesOf) {
    Instant fromHour = UsageKey.hourOf(from);
    Instant toHour = UsageReport.ceilHour(to);
    List<UsageRow> rows = new ArrayList<>();
    if (fromHour.isBefore(toHour)) {
      for (String tenantId : tenantIds) {
        rows.addAll(store.list(tenantId, fromHour, toHour));
      }
    }
    return UsageReport.of(rows, fromHour, toHour, grouping, prices, pricesOf);
  }
}

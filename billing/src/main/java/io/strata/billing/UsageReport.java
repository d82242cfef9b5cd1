package io.strata.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Usage and cost over a time range, totalled per tenant, per table or per table and hour.
 *
 * <p><b>Exactness and rounding.</b> Counters are summed as integers. Each line's three costs are
 * computed exactly from its summed counters and rounded once ({@link UsagePrices#moneyScale()},
 * {@link UsagePrices#rounding()}):
 *
 * <pre>
 *   readCost    = readHalfUnits  * perMillionReadUnits  / 2,000,000
 *   writeCost   = writeHalfUnits * perMillionWriteUnits / 2,000,000
 *   storageCost = storageByteSeconds * perGbMonth / (2^30 * 3600 * hoursPerMonth)
 *   pitrStorageCost = pitrStorageByteSeconds * perGbMonthPitr / (2^30 * 3600 * hoursPerMonth)
 *   restoreCost = restoredBytes * perGbRestored / 2^30
 * </pre>
 *
 * A line's total is the sum of its rounded costs, and the report's totals are the sums of the
 * lines, so every rendered column adds up exactly. The price of that is that rounding happens per
 * line: a report grouped per hour can differ from the same range grouped per tenant by at most half
 * a unit of the last place per line. Bill from one grouping consistently ({@link Grouping#TABLE} is
 * the natural invoice line).
 *
 * <p>{@code storageGbMonths}, {@code pitrStorageGbMonths} and {@code restoredGb} are for display,
 * rounded half-even to {@value #QUANTITY_SCALE} places; costs never use the rounded values.
 *
 * @param from the first hour covered (the requested start, rounded down to the hour)
 * @param to the end of the last hour covered, exclusive (the requested end, rounded up)
 */
public record UsageReport(
    Instant from,
    Instant to,
    UsageReport.Grouping grouping,
    UsagePrices prices,
    List<UsageReport.Line> lines,
    UsageReport.Line totals) {
  static final int QUANTITY_SCALE = 12;

  private static final BigDecimal HALF_UNITS_PER_MILLION_UNITS = BigDecimal.valueOf(2_000_000);
  private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(UsageKey.SECONDS_PER_HOUR);
  private static final int COUNTERS = 5;

  public UsageReport {
    lines = List.copyOf(lines);
  }

  /** What one line of a report totals. */
  public enum Grouping {
    /** One line per tenant: table and hour are absent. */
    TENANT,
    /** One line per tenant and table over the whole range: hour is absent. */
    TABLE,
    /** One line per tenant, table and hour: the ledger's own rows. */
    HOUR
  }

  /** One line of a report, or the report's totals (where tenant, table and hour are all absent). */
  public record Line(
      @Nullable String tenantId,
      @Nullable String tableName,
      @Nullable Instant hourStart,
      long readHalfUnits,
      long writeHalfUnits,
      long storageByteSeconds,
      BigDecimal storageGbMonths,
      BigDecimal readCost,
      BigDecimal writeCost,
      BigDecimal storageCost,
      long pitrStorageByteSeconds,
      long restoredBytes,
      BigDecimal pitrStorageGbMonths,
      BigDecimal restoredGb,
      BigDecimal pitrStorageCost,
      BigDecimal restoreCost) {

    /** Read units (RCU or RRU) consumed: half-units / 2, exact. */
    public BigDecimal readUnits() {
      return units(readHalfUnits);
    }

    /** Write units (WCU or WRU) consumed: half-units / 2, exact. */
    public BigDecimal writeUnits() {
      return units(writeHalfUnits);
    }

    public BigDecimal totalCost() {
      return readCost.add(writeCost).add(storageCost).add(pitrStorageCost).add(restoreCost);
    }

    private static BigDecimal units(long halfUnits) {
      return BigDecimal.valueOf(halfUnits).divide(BigDecimal.valueOf(2)).setScale(1);
    }
  }

  /**
   * Totals {@code rows} by {@code grouping} and prices them. Rows outside {@code [from, to)}
   * (widened to whole hours) are ignored, so callers may pass a store's rows unfiltered.
   */
  public static UsageReport of(
      List<UsageRow> rows, Instant from, Instant to, Grouping grouping, UsagePrices prices) {
    return of(rows, from, to, grouping, prices, key -> prices);
  }

  /**
   * Like {@link #of(List, Instant, Instant, Grouping, UsagePrices)}, with each row priced by its
   * table's prices ({@code pricesOf}: a Standard-IA table's differ from a Standard table's). A line
   * that sums rows of several price lists costs the exact sum of each list's share, rounded once.
   * Every price list must agree with {@code prices} (the report's own, which it shows) on currency,
   * rounding and month length.
   */
  public static UsageReport of(
      List<UsageRow> rows,
      Instant from,
      Instant to,
      Grouping grouping,
      UsagePrices prices,
      Function<UsageKey, UsagePrices> pricesOf) {
    Instant fromHour = UsageKey.hourOf(from);
    Instant toHour = ceilHour(to);
    Map<GroupKey, Map<UsagePrices, long[]>> sums = new TreeMap<>(GroupKey.ORDER);
    for (UsageRow row : rows) {
      Instant hour = row.key().hourStart();
      if (hour.isBefore(fromHour) || !hour.isBefore(toHour)) {
        continue;
      }
      UsagePrices rowPrices = pricesOf.apply(row.key());
      prices.requireCompatible(rowPrices);
      long[] sum =
          sums.computeIfAbsent(GroupKey.of(row.key(), grouping), k -> new LinkedHashMap<>())
              .computeIfAbsent(rowPrices, p -> new long[COUNTERS]);
      addInto(
          sum,
          row.readHalfUnits(),
          row.writeHalfUnits(),
          row.storageByteSeconds(),
          row.pitrStorageByteSeconds(),
          row.restoredBytes());
    }
    List<Line> lines =
        sums.entrySet().stream()
            .map(
                entry -> {
                  GroupKey key = entry.getKey();
                  return line(key.tenantId, key.tableName, key.hourStart, entry.getValue(), prices);
                })
            .toList();
    return new UsageReport(fromHour, toHour, grouping, prices, lines, totals(lines, prices));
  }

  static Instant ceilHour(Instant at) {
    Instant floor = UsageKey.hourOf(at);
    return floor.equals(at) ? at : floor.plusSeconds(UsageKey.SECONDS_PER_HOUR);
  }

  /** One line: counters summed over every price list, each cost exact over them, then rounded. */
  private static Line line(
      @Nullable String tenantId,
      @Nullable String tableName,
      @Nullable Instant hourStart,
      Map<UsagePrices, long[]> sumsByPrices,
      UsagePrices prices) {
    long[] sum = new long[COUNTERS];
    BigDecimal[] exact = new BigDecimal[COUNTERS];
    Arrays.fill(exact, BigDecimal.ZERO);
    for (Map.Entry<UsagePrices, long[]> share : sumsByPrices.entrySet()) {
      UsagePrices listed = share.getKey();
      long[] counters = share.getValue();
      addInto(sum, counters);
      BigDecimal[] unitPrices = {
        listed.perMillionReadUnits(),
        listed.perMillionWriteUnits(),
        listed.perGbMonth(),
        listed.perGbMonthPitr(),
        listed.perGbRestored()
      };
      for (int i = 0; i < COUNTERS; i++) {
        exact[i] = exact[i].add(BigDecimal.valueOf(counters[i]).multiply(unitPrices[i]));
      }
    }
    BigDecimal perGbMonth = byteSecondsPerGbMonth(prices);
    return new Line(
        tenantId,
        tableName,
        hourStart,
        sum[0],
        sum[1],
        sum[2],
        quantity(sum[2], perGbMonth),
        rounded(exact[0], HALF_UNITS_PER_MILLION_UNITS, prices),
        rounded(exact[1], HALF_UNITS_PER_MILLION_UNITS, prices),
        rounded(exact[2], perGbMonth, prices),
        sum[3],
        sum[4],
        quantity(sum[3], perGbMonth),
        quantity(sum[4], BYTES_PER_GB),
        rounded(exact[3], perGbMonth, prices),
        rounded(exact[4], BYTES_PER_GB, prices));
  }

  private static Line totals(List<Line> lines, UsagePrices prices) {
    long[] sum = new long[COUNTERS];
    BigDecimal zero = BigDecimal.ZERO.setScale(prices.moneyScale());
    BigDecimal readCost = zero;
    BigDecimal writeCost = zero;
    BigDecimal storageCost = zero;
    BigDecimal pitrStorageCost = zero;
    BigDecimal restoreCost = zero;
    for (Line line : lines) {
      addInto(
          sum,
          line.readHalfUnits(),
          line.writeHalfUnits(),
          line.storageByteSeconds(),
          line.pitrStorageByteSeconds(),
          line.restoredBytes());
      readCost = readCost.add(line.readCost());
      writeCost = writeCost.add(line.writeCost());
      storageCost = storageCost.add(line.storageCost());
      pitrStorageCost = pitrStorageCost.add(line.pitrStorageCost());
      restoreCost = restoreCost.add(line.restoreCost());
    }
    BigDecimal perGbMonth = byteSecondsPerGbMonth(prices);
    return new Line(
        null,
        null,
        null,
        sum[0],
        sum[1],
        sum[2],
        quantity(sum[2], perGbMonth),
        readCost,
        writeCost,
        storageCost,
        sum[3],
        sum[4],
        quantity(sum[3], perGbMonth),
        quantity(sum[4], BYTES_PER_GB),
        pitrStorageCost,
        restoreCost);
  }

  /** Adds counters, in {@link #COUNTERS} order, into {@code sum}. Overflow throws. */
  private static void addInto(long[] sum, long... counters) {
    for (int i = 0; i < COUNTERS; i++) {
      sum[i] = Math.addExact(sum[i], counters[i]);
    }
  }

  private static BigDecimal rounded(BigDecimal exact, BigDecimal divisor, UsagePrices prices) {
    return exact.divide(divisor, prices.moneyScale(), prices.rounding());
  }

  private static BigDecimal quantity(long amount, BigDecimal perUnit) {
    return BigDecimal.valueOf(amount).divide(perUnit, QUANTITY_SCALE, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal byteSecondsPerGbMonth(UsagePrices prices) {
    return BYTES_PER_GB
        .multiply(SECONDS_PER_HOUR)
        .multiply(BigDecimal.valueOf(prices.hoursPerMonth()));
  }

  /** A line's identity under a grouping; absent parts are null and sort first. */
  private record GroupKey(
      String tenantId, @Nullable String tableName, @Nullable Instant hourStart) {
    static final Comparator<GroupKey> ORDER =
        Comparator.comparing(GroupKey::tenantId)
            .thenComparing(GroupKey::tableName, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(GroupKey::hourStart, Comparator.nullsFirst(Comparator.naturalOrder()));

    static GroupKey of(UsageKey key, Grouping grouping) {
      return switch (grouping) {
        case TENANT -> new GroupKey(key.tenantId(), null, null);
        case TABLE -> new GroupKey(key.tenantId(), key.tableName(), null);
        case HOUR -> new GroupKey(key.tenantId(), key.tableName(), key.hourStart());
      };
    }
  }
}

package io.strata.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What usage costs, and how amounts are rounded.
 *
 * <p>Prices follow the shape of DynamoDB's price list: per million read units, per million write
 * units (request units on-demand, the same arithmetic), and per GB-month of storage, where a GB is
 * 2^30 bytes and a month is {@code hoursPerMonth} hours (730 = 365 * 24 / 12 by default, so a month
 * costs the same whatever its length). Point-in-time recovery is priced per GB-month of the
 * recovery data kept (DynamoDB's price list: "continuous backups (PITR)", per GB-month) and
 * restores per GB restored (DynamoDB: "restoring a table", per GB); deleted tables' system backups
 * are free, as in DynamoDB, so they are never metered.
 *
 * <p><b>Rounding.</b> Each cost is computed exactly from the integer counters and rounded once, to
 * {@code moneyScale} decimal places with {@code rounding}; see {@link UsageReport} for how line
 * costs add up to totals.
 *
 * @param currency an ISO 4217 code, copied into reports
 * @param perMillionReadUnits price of 1,000,000 read units (2,000,000 half-units)
 * @param perMillionWriteUnits price of 1,000,000 write units
 * @param perGbMonth price of storing 2^30 bytes for {@code hoursPerMonth} hours
 * @param perGbMonthPitr price of keeping 2^30 bytes of recovery data for {@code hoursPerMonth}
 *     hours
 * @param perGbRestored price of restoring 2^30 bytes
 */
public record UsagePrices(
    String currency,
    BigDecimal perMillionReadUnits,
    BigDecimal perMillionWriteUnits,
    BigDecimal perGbMonth,
    BigDecimal perGbMonthPitr,
    BigDecimal perGbRestored,
    int moneyScale,
    RoundingMode rounding,
    long hoursPerMonth) {
  public static final int DEFAULT_MONEY_SCALE = 6;
  public static final long DEFAULT_HOURS_PER_MONTH = 730;

  public UsagePrices {
    if (currency.isEmpty()) {
      throw new IllegalArgumentException("currency must not be empty");
    }
    requireNotNegative("perMillionReadUnits", perMillionReadUnits);
    requireNotNegative("perMillionWriteUnits", perMillionWriteUnits);
    requireNotNegative("perGbMonth", perGbMonth);
    requireNotNegative("perGbMonthPitr", perGbMonthPitr);
    requireNotNegative("perGbRestored", perGbRestored);
    if (moneyScale < 0 || moneyScale > 18) {
      throw new IllegalArgumentException("moneyScale must be in [0, 18]: " + moneyScale);
    }
    if (rounding == RoundingMode.UNNECESSARY) {
      throw new IllegalArgumentException("rounding must round");
    }
    if (hoursPerMonth <= 0) {
      throw new IllegalArgumentException("hoursPerMonth must be positive: " + hoursPerMonth);
    }
  }

  /**
   * Prices rounded to {@value #DEFAULT_MONEY_SCALE} places, half-even, 730-hour months; recovery
   * and restores free until {@link #withRecoveryPrices} prices them.
   */
  public static UsagePrices of(
      String currency,
      BigDecimal perMillionReadUnits,
      BigDecimal perMillionWriteUnits,
      BigDecimal perGbMonth) {
    return new UsagePrices(
        currency,
        perMillionReadUnits,
        perMillionWriteUnits,
        perGbMonth,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        DEFAULT_MONEY_SCALE,
        RoundingMode.HALF_EVEN,
        DEFAULT_HOURS_PER_MONTH);
  }

  /**
   * The same prices with other unit prices: a price list for another table class, which must be
   * rounded and totalled alike.
   */
  public UsagePrices withUnitPrices(
      BigDecimal readUnits, BigDecimal writeUnits, BigDecimal gbMonth) {
    return new UsagePrices(
        currency,
        readUnits,
        writeUnits,
        gbMonth,
        perGbMonthPitr,
        perGbRestored,
        moneyScale,
        rounding,
        hoursPerMonth);
  }

  /** The same prices with point-in-time recovery and restores priced. */
  public UsagePrices withRecoveryPrices(BigDecimal pitrGbMonth, BigDecimal restoredGb) {
    return new UsagePrices(
        currency,
        perMillionReadUnits,
        perMillionWriteUnits,
        perGbMonth,
        pitrGbMonth,
        restoredGb,
        moneyScale,
        rounding,
        hoursPerMonth);
  }

  /** Refuses a price list that could not share a report with this one. */
  void requireCompatible(UsagePrices other) {
    if (!currency.equals(other.currency)
        || moneyScale != other.moneyScale
        || rounding != other.rounding
        || hoursPerMonth != other.hoursPerMonth) {
      throw new IllegalArgumentException(
          "price lists differ in currency, rounding or month: " + this + ", " + other);
    }
  }

  private static void requireNotNegative(String name, BigDecimal price) {
    if (price.signum() < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + price);
    }
  }
}

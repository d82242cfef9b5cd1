package io.strata.billing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Identifies one ledger row: a tenant's table during one UTC hour.
 *
 * <p>Tables are named, not numbered: a table deleted and recreated under the same name continues
 * the same billing line, as it does on an AWS bill.
 *
 * @param hourStart the first instant of the hour; always a whole hour (see {@link #hourOf})
 */
public record UsageKey(String tenantId, String tableName, Instant hourStart) {
  static final long SECONDS_PER_HOUR = 3600;

  public UsageKey {
    if (tenantId.isEmpty()) {
      throw new IllegalArgumentException("tenantId must not be empty");
    }
    if (tableName.isEmpty()) {
      throw new IllegalArgumentException("tableName must not be empty");
    }
    if (!hourStart.equals(hourOf(hourStart))) {
      throw new IllegalArgumentException("hourStart must be a whole hour: " + hourStart);
    }
  }

  /** The row that usage at {@code at} belongs to. */
  public static UsageKey at(String tenantId, String tableName, Instant at) {
    return new UsageKey(tenantId, tableName, hourOf(at));
  }

  /** The start of the UTC hour containing {@code at}. */
  public static Instant hourOf(Instant at) {
    return at.truncatedTo(ChronoUnit.HOURS);
  }
}

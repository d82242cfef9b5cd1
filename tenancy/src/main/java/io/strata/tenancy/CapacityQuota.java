package io.strata.tenancy;

import org.jspecify.annotations.NullMarked;

/**
 * A tenant's limits on on-demand throughput, in units per second (a unit is an RRU or a WRU; half
 * of one is the smallest charge).
 *
 * <p>DynamoDB limits an on-demand table to 40,000 read and 40,000 write request units per second by
 * default ("Service, account, and table quotas"), and places no account-wide limit on on-demand
 * tables. A multi-tenant service needs one, or one tenant's on-demand tables could take the whole
 * node: so the whole tenant is limited too, by default to 80,000 per second, DynamoDB's default
 * account-level quota for provisioned tables. Provisioned tables are limited by their own rate
 * only; what a tenant may provision is checked by UpdateTable, not here.
 *
 * <p>Both limits allow a short burst of {@code burstSeconds} of unused capacity, so a client that
 * was idle can send a second's worth at once. DynamoDB's on-demand mode absorbs spikes up to twice
 * the previous peak instead; a fixed burst is the simple, predictable approximation.
 *
 * @param readUnitsPerSecond read units per second for all the tenant's on-demand tables together
 * @param writeUnitsPerSecond write units per second for all the tenant's on-demand tables together
 * @param tableReadUnitsPerSecond read units per second for any one on-demand table
 * @param tableWriteUnitsPerSecond write units per second for any one on-demand table
 * @param burstSeconds how many seconds of unused capacity a bucket keeps, 1 to 300
 */
@NullMarked
public record CapacityQuota(
    long readUnitsPerSecond,
    long writeUnitsPerSecond,
    long tableReadUnitsPerSecond,
    long tableWriteUnitsPerSecond,
    long burstSeconds) {
  /** DynamoDB's default per-table on-demand quota, and its provisioned account quota. */
  public static final CapacityQuota DEFAULT = new CapacityQuota(80_000, 80_000, 40_000, 40_000, 5);

  public CapacityQuota {
    requirePositive("readUnitsPerSecond", readUnitsPerSecond);
    requirePositive("writeUnitsPerSecond", writeUnitsPerSecond);
    requirePositive("tableReadUnitsPerSecond", tableReadUnitsPerSecond);
    requirePositive("tableWriteUnitsPerSecond", tableWriteUnitsPerSecond);
    if (burstSeconds < 1 || burstSeconds > CapacityGate.PROVISIONED_BURST_SECONDS) {
      throw new IllegalArgumentException(
          "burstSeconds must be in [1, "
              + CapacityGate.PROVISIONED_BURST_SECONDS
              + "]: "
              + burstSeconds);
    }
  }

  private static void requirePositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}

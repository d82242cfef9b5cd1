package io.strata.service.table;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Provisioned capacity and its change history, as DescribeTable reports it. Pay-per-request tables
 * carry zero units.
 */
public record ProvisionedThroughput(
    long readCapacityUnits,
    long writeCapacityUnits,
    @Nullable Instant lastIncrease,
    @Nullable Instant lastDecrease,
    int numberOfDecreasesToday) {

  public static final ProvisionedThroughput NONE = new ProvisionedThroughput(0, 0, null, null, 0);

  public static ProvisionedThroughput of(long readCapacityUnits, long writeCapacityUnits) {
    return new ProvisionedThroughput(readCapacityUnits, writeCapacityUnits, null, null, 0);
  }
}

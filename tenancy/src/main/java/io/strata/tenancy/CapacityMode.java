package io.strata.tenancy;

import org.jspecify.annotations.NullMarked;

/**
 * A table's capacity mode, as its {@code BillingMode}, {@code ProvisionedThroughput} and {@code
 * OnDemandThroughput} say. {@link CapacityGate#configureTable} takes one whenever a table is
 * loaded, created or updated.
 */
@NullMarked
public sealed interface CapacityMode permits CapacityMode.Provisioned, CapacityMode.PayPerRequest {

  /** {@code BillingMode=PROVISIONED}: the table's own rate, with 300 seconds of burst. */
  record Provisioned(long readCapacityUnits, long writeCapacityUnits) implements CapacityMode {
    public Provisioned {
      if (readCapacityUnits < 1 || writeCapacityUnits < 1) {
        throw new IllegalArgumentException(
            "provisioned capacity must be at least 1: "
                + readCapacityUnits
                + " RCU, "
                + writeCapacityUnits
                + " WCU");
      }
    }
  }

  /**
   * {@code BillingMode=PAY_PER_REQUEST}: limited by the tenant's {@link CapacityQuota}, and by the
   * table's own {@code OnDemandThroughput} maximums when it sets them ({@link #NO_MAXIMUM} when it
   * does not, which is also how DynamoDB spells their removal).
   */
  record PayPerRequest(long maxReadRequestUnits, long maxWriteRequestUnits)
      implements CapacityMode {
    public static final long NO_MAXIMUM = -1;

    public PayPerRequest {
      requireMaximum("maxReadRequestUnits", maxReadRequestUnits);
      requireMaximum("maxWriteRequestUnits", maxWriteRequestUnits);
    }

    private static void requireMaximum(String name, long value) {
      if (value != NO_MAXIMUM && value < 1) {
        throw new IllegalArgumentException(name + " must be -1 or at least 1: " + value);
      }
    }
  }

  static CapacityMode provisioned(long readCapacityUnits, long writeCapacityUnits) {
    return new Provisioned(readCapacityUnits, writeCapacityUnits);
  }

  /** On-demand with no table maximum beyond the tenant's per-table quota. */
  static CapacityMode payPerRequest() {
    return new PayPerRequest(PayPerRequest.NO_MAXIMUM, PayPerRequest.NO_MAXIMUM);
  }
}

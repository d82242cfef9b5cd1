package io.strata.tenancy;

import java.time.Duration;
import org.jspecify.annotations.NullMarked;

/** What {@link CapacityGate#tryAcquire} decided about a request. */
@NullMarked
public sealed interface CapacityDecision
    permits CapacityDecision.Admitted, CapacityDecision.Throttled {

  /** Go ahead; settle the ticket with the actual charge once the operation is done. */
  record Admitted(CapacityTicket ticket) implements CapacityDecision {}

  /**
   * Refused, and nothing was taken. The service answers {@code
   * ProvisionedThroughputExceededException} (or {@code ThrottlingException} for a tenant limit, as
   * it chooses); SDKs retry with backoff.
   *
   * @param retryAfter how long until the exhausted limit has capacity again, at least 1 ns
   * @param limit which limit refused
   */
  record Throttled(Duration retryAfter, Limit limit) implements CapacityDecision {}

  /** The bucket that refused a request. */
  enum Limit {
    TABLE_READ,
    TABLE_WRITE,
    TENANT_READ,
    TENANT_WRITE;

    public boolean isTenantLimit() {
      return this == TENANT_READ || this == TENANT_WRITE;
    }
  }
}

package io.strata.service.table;

import java.time.Instant;

/**
 * A table's time-to-live setting: items whose {@code attributeName} holds a number of epoch seconds
 * in the past are deleted by the service.
 *
 * @param changedAt when it was last enabled or disabled (DynamoDB allows one change an hour)
 * @param indexed whether every item written before TTL was enabled has its expiry entry; false
 *     until the background backfill finishes (resumed after a restart)
 */
public record TimeToLive(
    String attributeName, boolean enabled, Instant changedAt, boolean indexed) {
  public TimeToLive asIndexed() {
    return new TimeToLive(attributeName, enabled, changedAt, true);
  }
}

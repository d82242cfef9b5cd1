package io.strata.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** DynamoDB's timestamps on the wire: seconds since the epoch, a JSON number with a fraction. */
final class EpochSeconds {
  private EpochSeconds() {}

  /** The instant of a timestamp member, to the millisecond; null when absent or not a number. */
  static @Nullable Instant instant(@Nullable JsonNode seconds) {
    if (seconds == null || !seconds.isNumber()) {
      return null;
    }
    BigDecimal millis = seconds.decimalValue().movePointRight(3);
    return Instant.ofEpochMilli(millis.longValue());
  }
}

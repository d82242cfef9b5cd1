package io.strata.service.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header's text (RFC 9110 section 5.6.7, IMF-fixdate: {@code Sun, 06 Nov 1994
 * 08:49:37 GMT}), formatted once per second rather than once per response. SDKs correct their clock
 * skew from it, so it comes from the clock that judges signature dates.
 */
final class HttpDate {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private record Formatted(long epochSecond, String text) {}

  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

  private HttpDate() {}

  static String format(Instant instant) {
    Formatted formatted = last;
    if (formatted.epochSecond() != instant.getEpochSecond()) {
      formatted = new Formatted(instant.getEpochSecond(), IMF_FIXDATE.format(instant));
      last = formatted;
    }
    return formatted.text();
  }
}

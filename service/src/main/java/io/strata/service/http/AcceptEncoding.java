package io.strata.service.http;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the coding of a response from the request's {@code Accept-Encoding} (RFC 9110 section
 * 12.5.3), the way DynamoDB chooses. Only gzip and deflate are ever chosen; {@code identity} and
 * unknown codings are ignored. The coding with the highest quality wins; at equal quality a coding
 * the client named beats one it accepts through {@code *}, and among named ones the first named
 * wins. {@code *} accepts gzip before deflate. A quality of 0 refuses a coding.
 *
 * <p>DynamoDB's leniencies are kept, because clients written against it depend on them: a quality
 * that is not a number counts as 1, above 1 as 1, below 0 as 0; a coding's first {@code q} counts;
 * when a coding is listed twice its best quality counts; a malformed element (quoted, with blanks
 * inside or with {@code :} for {@code ;}) names nothing. These are the cases scylladb's
 * test/alternator/test_compressed_response.py checks against DynamoDB; {@code AcceptEncodingTest}
 * pins each.
 */
final class AcceptEncoding {
  private static final int NOT_NAMED = Integer.MAX_VALUE;

  private AcceptEncoding() {}

  /** The coding to answer with, or null for an uncompressed response. */
  static @Nullable ContentCoding preferred(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Offer[] offers = {new Offer(ContentCoding.GZIP), new Offer(ContentCoding.DEFLATE)};
    double wildcard = -1;
    String[] elements = header.split(",", -1);
    for (int position = 0; position < elements.length; position++) {
      String[] parts = elements[position].split(";", -1);
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      double quality = quality(parts);
      if (name.equals("*")) {
        wildcard = Math.max(wildcard, quality);
        continue;
      }
      for (Offer offer : offers) {
        if (offer.coding.token().equals(name)) {
          offer.quality = Math.max(offer.quality, quality);
          offer.position = Math.min(offer.position, position);
        }
      }
    }
    Offer best = null;
    for (Offer offer : offers) {
      if (offer.position == NOT_NAMED) {
        offer.quality = wildcard;
      }
      if (offer.quality > 0 && (best == null || offer.isBetterThan(best))) {
        best = offer;
      }
    }
    return best == null ? null : best.coding;
  }

  /** The element's first {@code q} parameter, 1 without one. */
  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      int equals = parts[i].indexOf('=');
      if (equals > 0 && parts[i].substring(0, equals).trim().equalsIgnoreCase("q")) {
        try {
          return Math.max(0, Math.min(1, Double.parseDouble(parts[i].substring(equals + 1))));
        } catch (NumberFormatException notANumber) {
          return 1;
        }
      }
    }
    return 1;
  }

  /** How acceptable one coding is; mutable while the header is read. */
  private static final class Offer {
    final ContentCoding coding;
    double quality = -1;
    int position = NOT_NAMED;

    Offer(ContentCoding coding) {
      this.coding = coding;
    }

    boolean isBetterThan(Offer other) {
      return quality != other.quality ? quality > other.quality : position < other.position;
    }
  }
}

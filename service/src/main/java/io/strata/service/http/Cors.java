package io.strata.service.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Cross-origin resource sharing as DynamoDB does it for the browser SDKs: any origin may call the
 * API (requests are authenticated by signature, never by cookies), so a request with {@code Origin}
 * is answered with {@code Access-Control-Allow-Origin: *} and the response headers a script may
 * read. A preflight ({@code OPTIONS} with {@code Origin}) is allowed exactly the method and headers
 * it asks for, and may be cached. Requests without {@code Origin} get none of these headers.
 *
 * <p>Evidence: scylladb test/alternator/test_cors.py, which runs against DynamoDB; the cache
 * lifetime is DynamoDB Local's.
 */
final class Cors {
  static final String MAX_AGE_SECONDS = "1728000";

  /** What a script may read: the request id, the checksum and the date. */
  static final String EXPOSED_HEADERS = "x-amzn-RequestId, x-amz-crc32, Date";

  private Cors() {}

  /** Adds the headers every response to a cross-origin request carries. */
  static void addHeaders(HttpServerRequest request, HttpServerResponse response) {
    if (request.getHeader("Origin") != null) {
      response
          .putHeader("Access-Control-Allow-Origin", "*")
          .putHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }
  }

  /** Adds what a preflight answer carries beyond {@link #addHeaders}. */
  static void addPreflightHeaders(HttpServerRequest request, HttpServerResponse response) {
    if (request.getHeader("Origin") == null) {
      return;
    }
    response.putHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
    String method = request.getHeader("Access-Control-Request-Method");
    if (method != null) {
      response.putHeader("Access-Control-Allow-Methods", method);
    }
    String headers = request.getHeader("Access-Control-Request-Headers");
    if (headers != null) {
      response.putHeader("Access-Control-Allow-Headers", headers);
    }
  }
}

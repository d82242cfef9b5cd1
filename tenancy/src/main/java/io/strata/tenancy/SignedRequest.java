package io.strata.tenancy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request as a signature covers it: method, raw (still percent-encoded) path and query,
 * headers, and the exact body bytes.
 */
public final class SignedRequest {
  private final String method;
  private final String rawPath;
  private final String rawQuery;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  /**
   * @param headers header names in any case; each with its values in arrival order
   */
  public SignedRequest(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body) {
    this.method = method;
    this.rawPath = rawPath;
    this.rawQuery = rawQuery;
    Map<String, List<String>> lowerCased = new TreeMap<>();
    headers.forEach(
        (name, values) ->
            lowerCased
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new java.util.ArrayList<>())
                .addAll(values));
    this.headers = lowerCased;
    this.body = body;
  }

  public String method() {
    return method;
  }

  public String rawPath() {
    return rawPath;
  }

  public String rawQuery() {
    return rawQuery;
  }

  public byte[] body() {
    return body;
  }

  /** The first value of a header (case-insensitive name), or null. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Every value of a header, joined as SigV4's canonical form requires. */
  @Nullable List<String> headerValues(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }
}

package io.strata.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an HTTP request that authentication reads, exactly as they arrived on the wire.
 *
 * <p>Header names are case-insensitive: they are stored lower-cased, in arrival order, with every
 * value of a repeated header kept in order (SigV4 signs repeated headers as one comma-joined
 * value). For HTTP/2 requests the service must supply the {@code :authority} pseudo-header as
 * {@code host}, because SigV4 clients sign {@code host}.
 *
 * <p>The body is not copied: requests can be 16 MiB and are verified on the event loop, so the
 * caller hands the array over and must not change it afterwards. Verification runs over these raw
 * bytes, before decompression or JSON parsing.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param rawPath the request path as sent, still percent-encoded, e.g. {@code /}
 * @param rawQuery the query string as sent, without the {@code ?}; empty when there is none
 * @param headers lower-cased header names to their values; unmodifiable
 * @param body the request body as received
 */
public record SignedRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body) {

  public SignedRequest {
    requireNonNull(method, "method");
    requireNonNull(rawPath, "rawPath");
    requireNonNull(rawQuery, "rawQuery");
    requireNonNull(body, "body");
    if (!(headers instanceof NormalizedHeaders)) {
      Map<String, List<String>> merged = new LinkedHashMap<>();
      headers.forEach(
          (name, values) ->
              merged
                  .computeIfAbsent(name.toLowerCase(Locale.ROOT), lower -> new ArrayList<>())
                  .addAll(values));
      headers = NormalizedHeaders.of(merged);
    }
  }

  /**
   * Builds a request from header entries in arrival order, such as a Vert.x {@code MultiMap}, which
   * is an {@code Iterable<Map.Entry<String, String>>}. Repeated names keep every value.
   */
  public static SignedRequest of(
      String method,
      String rawPath,
      @Nullable String rawQuery,
      Iterable<? extends Map.Entry<String, String>> headerEntries,
      byte[] body) {
    Map<String, List<String>> merged = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : headerEntries) {
      merged
          .computeIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(entry.getValue());
    }
    return new SignedRequest(
        method, rawPath, rawQuery == null ? "" : rawQuery, NormalizedHeaders.of(merged), body);
  }

  /** The first value of the header, if present. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of the header in arrival order; empty if absent. */
  public List<String> headerValues(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? List.of() : values;
  }

  /**
   * Headers already in the record's form (lower-cased names, immutable value lists, unmodifiable):
   * {@link #of} builds them in its one pass over the request's headers, and the constructor
   * recognises them instead of normalising a second time, once per request on the event loop.
   */
  private static final class NormalizedHeaders extends AbstractMap<String, List<String>> {
    private final Map<String, List<String>> headers;

    private NormalizedHeaders(Map<String, List<String>> headers) {
      this.headers = headers;
    }

    /** Takes over {@code merged} (lower-cased names in arrival order, mutable lists). */
    static NormalizedHeaders of(Map<String, List<String>> merged) {
      merged.replaceAll((name, values) -> List.copyOf(values));
      return new NormalizedHeaders(Collections.unmodifiableMap(merged));
    }

    @Override
    public @Nullable List<String> get(@Nullable Object name) {
      return headers.get(name);
    }

    @Override
    public boolean containsKey(@Nullable Object name) {
      return headers.containsKey(name);
    }

    @Override
    public int size() {
      return headers.size();
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
      return headers.entrySet();
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SignedRequest that
        && method.equals(that.method)
        && rawPath.equals(that.rawPath)
        && rawQuery.equals(that.rawQuery)
        && headers.equals(that.headers)
        && Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return ((method.hashCode() * 31 + rawPath.hashCode()) * 31 + rawQuery.hashCode()) * 31
        + headers.hashCode()
        + Arrays.hashCode(body);
  }

  /**
   * Names the headers but leaves out their values, the query and the body: an Authorization header
   * carrying a bearer token is a credential, a query can carry a presigned security token, and
   * bodies hold customer data.
   */
  @Override
  public String toString() {
    return "SignedRequest["
        + method
        + " "
        + rawPath
        + ", queryChars="
        + rawQuery.length()
        + ", headers="
        + headers.keySet()
        + ", bodyBytes="
        + body.length
        + "]";
  }
}

package io.strata.tenancy.internal;

import io.strata.tenancy.SignedRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds the SigV4 canonical request from what arrived on the wire, the way AWS SDKs build it
 * from what they sent:
 *
 * <pre>
 * METHOD \n
 * canonical URI    the raw path, dot segments removed, URI-encoded again ("%" becomes "%25")
 * canonical query  each name and value decoded, then strictly re-encoded, sorted by name, then value
 * canonical headers "name:value\n" per signed header; values trimmed, runs of blanks collapsed,
 *                  repeated headers joined with ","
 * signed headers   the SignedHeaders value, as sent
 * payload hash
 * </pre>
 *
 * <p>The path is encoded twice in total because DynamoDB, like every service but S3, signs a
 * double-encoded path: the client encodes once to build the URL and the signer encodes the result.
 * The reference is the AWS SDK for Java v2 {@code V4CanonicalRequest}, which the tests sign with;
 * see also <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html">
 * Create a signed AWS API request</a>.
 */
final class CanonicalRequest {
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  private CanonicalRequest() {}

  static String build(
      SignedRequest request,
      List<String> signedHeaderNames,
      String signedHeaders,
      String payloadHash) {
    StringBuilder out = new StringBuilder(1024);
    out.append(request.method()).append('\n');
    out.append(canonicalUri(request.rawPath())).append('\n');
    out.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaderNames) {
      out.append(name).append(':');
      appendHeaderValues(out, request.headerValues(name));
      out.append('\n');
    }
    out.append('\n');
    out.append(signedHeaders).append('\n');
    out.append(payloadHash);
    return out.toString();
  }

  static String canonicalUri(String rawPath) {
    // Every DynamoDB request is a POST to "/"; spare it the URI parse.
    if (rawPath.isEmpty() || rawPath.equals("/")) {
      return "/";
    }
    String path = rawPath;
    boolean endsWithSlash;
    try {
      // java.net.URI.normalize is what the SDK signer applies; matching it matters more than
      // matching RFC 3986 section 5.2.4, whose handling of leading ".." differs.
      URI uri = URI.create("http://localhost" + rawPath);
      path = uri.normalize().getRawPath();
      endsWithSlash = uri.getPath().endsWith("/");
    } catch (IllegalArgumentException e) {
      // Not a valid URI path (a client sent raw spaces, say): sign it as it came.
      endsWithSlash = rawPath.endsWith("/");
    }
    if (path.isEmpty()) {
      return "/";
    }
    String encoded = encode(path, /* keepSlashes= */ true);
    if (encoded.length() > 1 && encoded.endsWith("/") && !endsWithSlash) {
      encoded = encoded.substring(0, encoded.length() - 1);
    }
    return encoded;
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    TreeMap<String, List<String>> sorted = new TreeMap<>();
    for (String parameter : rawQuery.split("&", -1)) {
      if (parameter.isEmpty()) {
        continue;
      }
      int equals = parameter.indexOf('=');
      String name = equals < 0 ? parameter : parameter.substring(0, equals);
      String value = equals < 0 ? "" : parameter.substring(equals + 1);
      if (name.isEmpty()) {
        continue; // The SDK does not sign parameters with empty names.
      }
      sorted
          .computeIfAbsent(encode(decode(name), false), key -> new ArrayList<>())
          .add(encode(decode(value), false));
    }
    StringBuilder out = new StringBuilder(rawQuery.length() + 16);
    for (Map.Entry<String, List<String>> entry : sorted.entrySet()) {
      List<String> values = entry.getValue();
      values.sort(null);
      for (String value : values) {
        if (out.length() > 0) {
          out.append('&');
        }
        out.append(entry.getKey()).append('=').append(value);
      }
    }
    return out.toString();
  }

  private static void appendHeaderValues(StringBuilder out, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendTrimmedCollapsed(out, values.get(i));
    }
  }

  /** Trims the value and turns every run of whitespace inside it into a single space. */
  private static void appendTrimmedCollapsed(StringBuilder out, String value) {
    boolean pendingSpace = false;
    boolean wroteAny = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isWhitespace(c)) {
        pendingSpace = wroteAny;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
        wroteAny = true;
      }
    }
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f';
  }

  /**
   * Percent-decodes as RFC 3986 does: "+" stays a plus. A malformed escape is kept literally; the
   * signature then fails to match, which is the right outcome for a request no SDK sends.
   */
  static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int literalStart = 0;
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) == '%'
          && i + 2 < raw.length()
          && hexValue(raw.charAt(i + 1)) >= 0
          && hexValue(raw.charAt(i + 2)) >= 0) {
        writeUtf8(bytes, raw.substring(literalStart, i));
        bytes.write(hexValue(raw.charAt(i + 1)) * 16 + hexValue(raw.charAt(i + 2)));
        i += 2;
        literalStart = i + 1;
      }
    }
    writeUtf8(bytes, raw.substring(literalStart));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void writeUtf8(ByteArrayOutputStream out, String text) {
    byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
    out.write(encoded, 0, encoded.length);
  }

  /** Encodes every byte except the RFC 3986 unreserved characters (and "/" if asked) as %XX. */
  static String encode(String value, boolean keepSlashes) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c) || (keepSlashes && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '~';
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}

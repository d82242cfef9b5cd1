package io.strata.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}, Authorization-header form) the way
 * DynamoDB does, with DynamoDB's error messages and in DynamoDB's order of checks (recorded by
 * dynalite's tests against AWS).
 *
 * <p>One endpoint serves every region, so any region in the credential scope is accepted and the
 * signature is checked against the scope the client used; the service names {@code dynamodb} and
 * {@code streams.dynamodb} are both accepted because the Streams client signs with the latter.
 * Signatures are compared in constant time. Derived signing keys are cached per access key, secret,
 * day, region and service, so a busy client costs one HMAC per request, not five; the secret's
 * digest is part of the cache key, so a rotated secret can never match an old entry.
 */
public final class SigV4Verifier {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final int MAX_CACHED_KEYS = 10_000;
  private static final DateTimeFormatter BASIC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  static final String INVALID_TOKEN = "The security token included in the request is invalid.";

  private final AccessKeyResolver keys;
  private final InstantSource clock;
  private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

  public SigV4Verifier(AccessKeyResolver keys, InstantSource clock) {
    this.keys = keys;
    this.clock = clock;
  }

  public AuthOutcome verify(SignedRequest request) {
    String authorization = request.header("authorization");
    if (authorization == null || !authorization.trim().startsWith("AWS4-")) {
      return reject(
          RejectionReason.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token");
    }
    String trimmed = authorization.trim();
    int space = trimmed.indexOf(' ');
    String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
    Map<String, String> parameters = parameters(space < 0 ? "" : trimmed.substring(space + 1));
    String credential = parameters.get("Credential");
    String signedHeaders = parameters.get("SignedHeaders");
    String signature = parameters.get("Signature");
    String amzDate = request.header("x-amz-date");
    String date = amzDate != null ? amzDate : request.header("date");

    StringBuilder missing = new StringBuilder();
    appendIfMissing(missing, credential, "Credential");
    appendIfMissing(missing, signature, "Signature");
    appendIfMissing(missing, signedHeaders, "SignedHeaders");
    if (date == null) {
      missing.append(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
    }
    if (missing.length() > 0) {
      return reject(
          RejectionReason.INCOMPLETE_SIGNATURE, missing + "Authorization=" + authorization);
    }

    Instant signedAt = parseDate(date, amzDate != null);
    if (signedAt == null) {
      return reject(
          RejectionReason.INCOMPLETE_SIGNATURE,
          "Date must be in ISO-8601 'basic format'. Got '"
              + date
              + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
    Optional<AuthOutcome> skew = checkSkew(signedAt);
    if (skew.isPresent()) {
      return skew.get();
    }
    List<String> signedHeaderNames =
        Arrays.asList(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
    if (!signedHeaderNames.contains("host")) {
      return reject(
          RejectionReason.INVALID_SIGNATURE,
          "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }
    if (!algorithm.equals(ALGORITHM)) {
      return reject(
          RejectionReason.INCOMPLETE_SIGNATURE,
          "Unsupported AWS 'algorithm': '" + algorithm + "' (only AWS4-HMAC-SHA256 for now). ");
    }
    String[] scope = trimTrailingSlashes(credential).split("/", -1);
    if (scope.length != 5) {
      return reject(
          RejectionReason.INCOMPLETE_SIGNATURE,
          "Credential must have exactly 5 slash-delimited elements, e.g."
              + " keyid/date/region/service/term, got '"
              + credential
              + "'");
    }
    String requestDay = BASIC.format(signedAt).substring(0, 8);
    StringBuilder scopeErrors = new StringBuilder();
    if (!scope[3].equals("dynamodb") && !scope[3].equals("streams.dynamodb")) {
      scopeErrors.append("Credential should be scoped to correct service: 'dynamodb'. ");
    }
    if (!scope[4].equals("aws4_request")) {
      scopeErrors
          .append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
          .append(scope[4])
          .append("'. ");
    }
    if (!scope[1].equals(requestDay)) {
      scopeErrors
          .append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date")
          .append(" from HTTP: '")
          .append(scope[1])
          .append("' != '")
          .append(requestDay)
          .append("', from '")
          .append(date)
          .append("'.");
    }
    if (scopeErrors.length() > 0) {
      return reject(RejectionReason.INVALID_SIGNATURE, scopeErrors.toString().trim());
    }
    if (request.header("x-amz-security-token") != null) {
      return reject(RejectionReason.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
    }
    Optional<AccessKeyResolver.AccessKeyCredential> found = keys.resolve(scope[0]);
    if (found.isEmpty() || !found.get().active()) {
      return reject(RejectionReason.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
    }
    AccessKeyResolver.AccessKeyCredential key = found.get();

    String payloadHash = payloadHash(request);
    if (payloadHash == null) {
      return reject(
          RejectionReason.INVALID_SIGNATURE,
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
    String canonicalRequest = canonicalRequest(request, signedHeaderNames, payloadHash);
    String credentialScope = String.join("/", scope[1], scope[2], scope[3], scope[4]);
    String stringToSign =
        ALGORITHM
            + "\n"
            + (amzDate != null ? amzDate : BASIC.format(signedAt))
            + "\n"
            + credentialScope
            + "\n"
            + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] expected = hmac(signingKey(key, scope[1], scope[2], scope[3]), stringToSign);
    byte[] provided = parseHex(signature);
    if (provided == null || !MessageDigest.isEqual(expected, provided)) {
      return reject(
          RejectionReason.INVALID_SIGNATURE,
          "The request signature we calculated does not match the signature you provided. Check"
              + " your AWS Secret Access Key and signing method. Consult the service documentation"
              + " for details.");
    }
    return new AuthOutcome.Authenticated(
        new Principal(key.tenantId(), key.accessKeyId(), Principal.AuthMethod.SIGV4, scope[2]));
  }

  private Optional<AuthOutcome> checkSkew(Instant signedAt) {
    Instant now = clock.instant();
    if (signedAt.isBefore(now.minus(MAX_SKEW))) {
      return Optional.of(
          reject(
              RejectionReason.INVALID_SIGNATURE,
              "Signature expired: "
                  + BASIC.format(signedAt)
                  + " is now earlier than "
                  + BASIC.format(now.minus(MAX_SKEW))
                  + " ("
                  + BASIC.format(now)
                  + " - 15 min.)"));
    }
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      return Optional.of(
          reject(
              RejectionReason.INVALID_SIGNATURE,
              "Signature not yet current: "
                  + BASIC.format(signedAt)
                  + " is still later than "
                  + BASIC.format(now.plus(MAX_SKEW))
                  + " ("
                  + BASIC.format(now)
                  + " + 15 min.)"));
    }
    return Optional.empty();
  }

  /** The payload hash the client signed; null if it declared one that the body does not have. */
  private static @Nullable String payloadHash(SignedRequest request) {
    String bodyHash = hex(sha256(request.body()));
    String declared = request.header("x-amz-content-sha256");
    if (declared == null) {
      return bodyHash;
    }
    if (declared.equals(UNSIGNED_PAYLOAD) || declared.equalsIgnoreCase(bodyHash)) {
      return declared;
    }
    return null;
  }

  static String canonicalRequest(
      SignedRequest request, List<String> signedHeaderNames, String payloadHash) {
    StringBuilder canonical = new StringBuilder();
    canonical.append(request.method()).append('\n');
    canonical.append(canonicalUri(request.rawPath())).append('\n');
    canonical.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaderNames) {
      List<String> values = request.headerValues(name);
      List<String> trimmed = new ArrayList<>();
      if (values != null) {
        for (String value : values) {
          trimmed.add(value.trim().replaceAll(" +", " "));
        }
      }
      canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
    }
    canonical.append('\n').append(String.join(";", signedHeaderNames)).append('\n');
    canonical.append(payloadHash);
    return canonical.toString();
  }

  /** Each path segment URI-encoded once more, as SigV4 requires for every service but S3. */
  private static String canonicalUri(String rawPath) {
    if (rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder uri = new StringBuilder();
    String[] segments = rawPath.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        uri.append('/');
      }
      uri.append(UriEncoding.encode(segments[i]));
    }
    return uri.toString();
  }

  private static String canonicalQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      pairs.add(
          new String[] {
            UriEncoding.encode(UriEncoding.decode(name)),
            UriEncoding.encode(UriEncoding.decode(value))
          });
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    List<String> joined = new ArrayList<>();
    for (String[] pair : pairs) {
      joined.add(pair[0] + "=" + pair[1]);
    }
    return String.join("&", joined);
  }

  private byte[] signingKey(
      AccessKeyResolver.AccessKeyCredential key, String day, String region, String service) {
    String cacheKey =
        key.accessKeyId()
            + '/'
            + hex(sha256(key.secretAccessKey().getBytes(StandardCharsets.UTF_8)))
            + '/'
            + day
            + '/'
            + region
            + '/'
            + service;
    byte[] cached = signingKeys.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    byte[] derived =
        hmac(
            hmac(
                hmac(
                    hmac(("AWS4" + key.secretAccessKey()).getBytes(StandardCharsets.UTF_8), day),
                    region),
                service),
            "aws4_request");
    if (signingKeys.size() >= MAX_CACHED_KEYS) {
      signingKeys.clear();
    }
    signingKeys.put(cacheKey, derived);
    return derived;
  }

  private static @Nullable Instant parseDate(String date, boolean basicFormat) {
    try {
      if (basicFormat) {
        return LocalDateTime.parse(date, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
            .toInstant(ZoneOffset.UTC);
      }
      return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Map<String, String> parameters(String text) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String trimmed = part.trim();
      int equals = trimmed.indexOf('=');
      if (equals > 0) {
        String value = trimmed.substring(equals + 1).trim();
        if (!value.isEmpty()) {
          parameters.put(trimmed.substring(0, equals).trim(), value);
        }
      }
    }
    return parameters;
  }

  private static void appendIfMissing(StringBuilder message, @Nullable String value, String name) {
    if (value == null) {
      message.append("Authorization header requires '").append(name).append("' parameter. ");
    }
  }

  private static String trimTrailingSlashes(String credential) {
    int end = credential.length();
    while (end > 0 && credential.charAt(end - 1) == '/') {
      end--;
    }
    return credential.substring(0, end);
  }

  private static AuthOutcome reject(RejectionReason reason, String message) {
    return new AuthOutcome.Rejected(reason, message);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static byte @Nullable [] parseHex(String text) {
    if (text.length() != 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(text.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

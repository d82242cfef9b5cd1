package io.strata.tenancy.internal;

import io.strata.tenancy.AccessKeyCredential;
import io.strata.tenancy.AccessKeyResolver;
import io.strata.tenancy.AuthMethod;
import io.strata.tenancy.AuthOutcome;
import io.strata.tenancy.AuthOutcome.Authenticated;
import io.strata.tenancy.AuthOutcome.Rejected;
import io.strata.tenancy.Principal;
import io.strata.tenancy.RejectionReason;
import io.strata.tenancy.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Verifies AWS Signature Version 4 in the Authorization header ({@code AWS4-HMAC-SHA256
 * Credential=..., SignedHeaders=..., Signature=...}). Presigned query-string requests are not
 * supported: no DynamoDB SDK sends them.
 *
 * <p>Checks run in DynamoDB's order and produce DynamoDB's messages, because SDKs and users match
 * on them; the tests pin each one. The order is: header present, header complete, date format,
 * clock skew (±15 minutes), {@code host} signed, algorithm, credential shape, credential scope,
 * access key, signature.
 *
 * <p><b>Scope.</b> Any region is accepted, and the service may be {@code dynamodb} or {@code
 * streams.dynamodb}: one Strata endpoint serves every region name a client is configured with, and
 * the Streams API shares it. The region and service still go into the signing key, so a signature
 * made for one scope never verifies under another.
 *
 * <p><b>Payload.</b> With {@code x-amz-content-sha256}, the signed hash must be the SHA-256 of the
 * body actually received; {@code UNSIGNED-PAYLOAD} is accepted because the API is served over TLS
 * only, which already protects the body in transit. Without the header the body is hashed.
 *
 * <p><b>Secrets.</b> Signatures are compared in constant time. Secrets and derived keys never
 * appear in messages or exceptions, and the canonical request is not echoed: it would help an
 * attacker probe which part of a forged request is wrong.
 *
 * <p>Called on the event loop; thread-safe.
 */
public final class SigV4Verifier {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String MISSING_TOKEN = "Request is missing Authentication Token";
  static final String INVALID_TOKEN = "The security token included in the request is invalid.";
  static final String SIGNATURE_MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final Set<String> SERVICES = Set.of("dynamodb", "streams.dynamodb");
  private static final String TERMINATOR = "aws4_request";
  private static final DateTimeFormatter BASIC_FORMAT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  private final AccessKeyResolver accessKeys;
  private final InstantSource clock;
  private final SigningKeyCache signingKeys;

  public SigV4Verifier(AccessKeyResolver accessKeys, InstantSource clock) {
    this(accessKeys, clock, new SigningKeyCache(SigningKeyCache.DEFAULT_MAX_ENTRIES));
  }

  SigV4Verifier(AccessKeyResolver accessKeys, InstantSource clock, SigningKeyCache signingKeys) {
    this.accessKeys = accessKeys;
    this.clock = clock;
    this.signingKeys = signingKeys;
  }

  public AuthOutcome verify(SignedRequest request) {
    Optional<String> header = request.header("authorization");
    if (header.isEmpty() || !header.get().startsWith("AWS4-")) {
      return new Rejected(RejectionReason.MISSING_AUTHENTICATION_TOKEN, MISSING_TOKEN);
    }
    String authorization = header.get();
    AuthorizationHeader parsed = AuthorizationHeader.parse(authorization);
    String amzDate = firstNonEmpty(request.header("x-amz-date"), request.header("date"));

    StringBuilder incomplete = new StringBuilder();
    if (parsed.credential == null) {
      incomplete.append("Authorization header requires 'Credential' parameter. ");
    }
    if (parsed.signature == null) {
      incomplete.append("Authorization header requires 'Signature' parameter. ");
    }
    if (parsed.signedHeaders == null) {
      incomplete.append("Authorization header requires 'SignedHeaders' parameter. ");
    }
    if (amzDate == null) {
      incomplete.append(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
    }
    if (parsed.credential == null
        || parsed.signature == null
        || parsed.signedHeaders == null
        || amzDate == null) {
      incomplete.append("Authorization=").append(authorization);
      return incomplete(incomplete.toString());
    }
    String credential = parsed.credential;
    String signature = parsed.signature;
    String signedHeaders = parsed.signedHeaders;

    Instant requestTime = parseBasicFormat(amzDate);
    if (requestTime == null) {
      return incomplete(
          "Date must be in ISO-8601 'basic format'. Got '"
              + amzDate
              + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
    Rejected skew = checkSkew(amzDate, requestTime);
    if (skew != null) {
      return skew;
    }

    List<String> signedHeaderNames = Arrays.asList(signedHeaders.split(";", -1));
    if (!signedHeaderNames.contains("host")) {
      return invalid("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }
    if (!parsed.algorithm.equals(ALGORITHM)) {
      return incomplete(
          "Unsupported AWS 'algorithm': '"
              + parsed.algorithm
              + "' (only AWS4-HMAC-SHA256 for now). ");
    }

    String[] scope = credential.split("/", -1);
    if (scope.length != 5) {
      return incomplete(
          "Credential must have exactly 5 slash-delimited elements, e.g."
              + " keyid/date/region/service/term, got '"
              + credential
              + "'");
    }
    String accessKeyId = scope[0];
    String scopeDate = scope[1];
    String region = scope[2];
    String service = scope[3];
    String terminator = scope[4];
    StringBuilder badScope = new StringBuilder();
    if (!SERVICES.contains(service)) {
      badScope.append("Credential should be scoped to correct service: 'dynamodb'. ");
    }
    if (!terminator.equals(TERMINATOR)) {
      badScope
          .append("Credential should be scoped with a valid terminator: 'aws4_request', not '")
          .append(terminator)
          .append("'. ");
    }
    String requestDay = amzDate.substring(0, 8);
    if (!scopeDate.equals(requestDay)) {
      badScope
          .append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of")
          .append(" date from HTTP: '")
          .append(scopeDate)
          .append("' != '")
          .append(requestDay)
          .append("', from '")
          .append(amzDate)
          .append("'.");
    }
    if (badScope.length() > 0) {
      return invalid(badScope.toString());
    }

    // Temporary credentials would need an STS of our own; a session token therefore means the
    // client was configured for some other endpoint, and AWS answers such keys the same way.
    if (request.header("x-amz-security-token").isPresent()) {
      return unrecognized();
    }
    Optional<AccessKeyCredential> key = accessKeys.resolve(accessKeyId);
    if (key.isEmpty() || !key.get().isActive()) {
      return unrecognized();
    }

    String payloadHash = payloadHash(request);
    if (payloadHash == null) {
      return invalid(SIGNATURE_MISMATCH);
    }
    String canonicalRequest =
        CanonicalRequest.build(request, signedHeaderNames, signedHeaders, payloadHash);
    String stringToSign =
        ALGORITHM
            + '\n'
            + amzDate
            + '\n'
            + scopeDate
            + '/'
            + region
            + '/'
            + service
            + '/'
            + TERMINATOR
            + '\n'
            + Hashing.hex(Hashing.sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] signingKey =
        signingKeys.signingKey(
            accessKeyId, key.get().secretAccessKey(), scopeDate, region, service);
    byte[] expected =
        Hashing.hex(Hashing.hmacSha256(signingKey, stringToSign))
            .getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
      return invalid(SIGNATURE_MISMATCH);
    }
    return new Authenticated(
        new Principal(key.get().tenantId(), accessKeyId, AuthMethod.SIGV4, region));
  }

  /**
   * The payload hash to sign, or null if {@code x-amz-content-sha256} claims a body other than the
   * one received.
   */
  private static @Nullable String payloadHash(SignedRequest request) {
    Optional<String> claimed = request.header("x-amz-content-sha256");
    if (claimed.isPresent() && claimed.get().equals(UNSIGNED_PAYLOAD)) {
      return UNSIGNED_PAYLOAD;
    }
    String bodyHash = Hashing.hex(Hashing.sha256(request.body()));
    if (claimed.isEmpty()) {
      return bodyHash;
    }
    return claimed.get().equalsIgnoreCase(bodyHash) ? claimed.get() : null;
  }

  /**
   * Compares at whole seconds, the resolution of the request date, so that "now" in the message is
   * the instant that was actually compared.
   */
  private @Nullable Rejected checkSkew(String amzDate, Instant requestTime) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant earliest = now.minus(MAX_SKEW);
    if (requestTime.isBefore(earliest)) {
      return invalid(
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + format(earliest)
              + " ("
              + format(now)
              + " - 15 min.)");
    }
    Instant latest = now.plus(MAX_SKEW);
    if (requestTime.isAfter(latest)) {
      return invalid(
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + format(latest)
              + " ("
              + format(now)
              + " + 15 min.)");
    }
    return null;
  }

  /**
   * Parses {@code yyyyMMddTHHmmssZ}. Every SDK sends exactly that shape, which is read digit by
   * digit (the general formatter was a visible share of each request's cost); anything else goes
   * through the strict formatter, so odd inputs are judged exactly as before.
   */
  private static @Nullable Instant parseBasicFormat(String value) {
    try {
      if (isPlainBasicFormat(value)) {
        return LocalDateTime.of(
                digits(value, 0, 4),
                digits(value, 4, 6),
                digits(value, 6, 8),
                digits(value, 9, 11),
                digits(value, 11, 13),
                digits(value, 13, 15))
            .toInstant(ZoneOffset.UTC);
      }
      return LocalDateTime.parse(value, BASIC_FORMAT).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean isPlainBasicFormat(String value) {
    if (value.length() != 16 || value.charAt(8) != 'T' || value.charAt(15) != 'Z') {
      return false;
    }
    for (int i = 0; i < 15; i++) {
      if (i != 8 && (value.charAt(i) < '0' || value.charAt(i) > '9')) {
        return false;
      }
    }
    return true;
  }

  private static int digits(String value, int from, int to) {
    int number = 0;
    for (int i = from; i < to; i++) {
      number = number * 10 + (value.charAt(i) - '0');
    }
    return number;
  }

  private static String format(Instant instant) {
    return BASIC_FORMAT.format(instant.atOffset(ZoneOffset.UTC));
  }

  private static @Nullable String firstNonEmpty(Optional<String> first, Optional<String> second) {
    if (first.isPresent() && !first.get().isEmpty()) {
      return first.get();
    }
    if (second.isPresent() && !second.get().isEmpty()) {
      return second.get();
    }
    return null;
  }

  private static Rejected incomplete(String message) {
    return new Rejected(RejectionReason.INCOMPLETE_SIGNATURE, message);
  }

  private static Rejected invalid(String message) {
    return new Rejected(RejectionReason.INVALID_SIGNATURE, message);
  }

  private static Rejected unrecognized() {
    return new Rejected(RejectionReason.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
  }

  /**
   * The Authorization header split the way DynamoDB (and dynalite, {@code index.js}) splits it: the
   * algorithm up to the first blank, then {@code key=value} pairs separated by commas or blanks. A
   * key given twice keeps its last value; an empty value counts as missing.
   */
  private static final class AuthorizationHeader {
    final String algorithm;
    final @Nullable String credential;
    final @Nullable String signedHeaders;
    final @Nullable String signature;

    private AuthorizationHeader(
        String algorithm,
        @Nullable String credential,
        @Nullable String signedHeaders,
        @Nullable String signature) {
      this.algorithm = algorithm;
      this.credential = credential;
      this.signedHeaders = signedHeaders;
      this.signature = signature;
    }

    /** Called with a header that starts with "AWS4-", so the first token is never empty. */
    static AuthorizationHeader parse(String header) {
      String text = header.trim();
      int end = tokenEnd(text, 0);
      String algorithm = text.substring(0, end);
      String credential = null;
      String signedHeaders = null;
      String signature = null;
      for (int start = tokenStart(text, end);
          start < text.length();
          start = tokenStart(text, end)) {
        end = tokenEnd(text, start);
        int equals = text.indexOf('=', start);
        if (equals <= start || equals >= end - 1) {
          continue;
        }
        String value = text.substring(equals + 1, end);
        switch (text.substring(start, equals)) {
          case "Credential" -> credential = value;
          case "SignedHeaders" -> signedHeaders = value;
          case "Signature" -> signature = value;
          default -> {}
        }
      }
      return new AuthorizationHeader(algorithm, credential, signedHeaders, signature);
    }

    private static int tokenStart(String text, int from) {
      int i = from;
      while (i < text.length() && isSeparator(text.charAt(i))) {
        i++;
      }
      return i;
    }

    private static int tokenEnd(String text, int from) {
      int i = from;
      while (i < text.length() && !isSeparator(text.charAt(i))) {
        i++;
      }
      return i;
    }

    /** Commas and the characters of the regular expression class {@code \s}. */
    private static boolean isSeparator(char c) {
      return c == ','
          || c == ' '
          || c == '\t'
          || c == '\n'
          || c == '\u000b'
          || c == '\f'
          || c == '\r';
    }
  }
}

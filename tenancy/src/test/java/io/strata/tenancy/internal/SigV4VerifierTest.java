package io.strata.tenancy.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.tenancy.AccessKeyCredential;
import io.strata.tenancy.AccessKeyResolver;
import io.strata.tenancy.AuthMethod;
import io.strata.tenancy.AuthOutcome;
import io.strata.tenancy.Principal;
import io.strata.tenancy.RejectionReason;
import io.strata.tenancy.SignedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SigV4VerifierTest {
  static final String ACCESS_KEY_ID = "AKIDSTRATAEXAMPLE001";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final String TENANT = "tenant-a";
  static final Instant NOW = Instant.parse("2013-06-09T10:00:15Z");
  static final String AMZ_DATE = "20130609T100015Z";
  static final byte[] BODY =
      "{\"TableName\":\"Music\",\"Key\":{\"Artist\":{\"S\":\"No One\"}}}".getBytes(UTF_8);

  static final Principal PRINCIPAL =
      new Principal(TENANT, ACCESS_KEY_ID, AuthMethod.SIGV4, "us-east-1");
  static final AuthOutcome.Rejected MISMATCH =
      new AuthOutcome.Rejected(
          RejectionReason.INVALID_SIGNATURE,
          "The request signature we calculated does not match the signature you provided. Check"
              + " your AWS Secret Access Key and signing method. Consult the service"
              + " documentation for details.");

  final FakeClock clock = new FakeClock(NOW);
  final FakeAccessKeys keys = new FakeAccessKeys();
  final SigningKeyCache cache = new SigningKeyCache(16);
  final SigV4Verifier verifier = new SigV4Verifier(keys, clock, cache);
  final SdkSigner signer = new SdkSigner(ACCESS_KEY_ID, SECRET, NOW);

  SigV4VerifierTest() {
    keys.put(new AccessKeyCredential(ACCESS_KEY_ID, SECRET, TENANT, true));
  }

  @Nested
  class SdkSignedRequests {
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("io.strata.tenancy.internal.SigV4VerifierTest#scopes")
    void acceptsRequestSignedForAnyRegionAndBothServices(String region, String service) {
      SignedRequest request = signer.region(region).service(service).sign(BODY);

      assertThat(request.header("x-amz-content-sha256")).isPresent();
      assertThat(verifier.verify(request))
          .isEqualTo(
              new AuthOutcome.Authenticated(
                  new Principal(TENANT, ACCESS_KEY_ID, AuthMethod.SIGV4, region)));
    }

    @Test
    void acceptsQueryStringAndExtraSignedHeaders() {
      SignedRequest request =
          signer.sign(
              BODY,
              builder ->
                  builder
                      .appendRawQueryParameter("b", "x y+z")
                      .appendRawQueryParameter("a", "2")
                      .appendRawQueryParameter("a", "1")
                      .appendRawQueryParameter("empty", "")
                      .appendRawQueryParameter("ünïcode", "€/~*")
                      .putHeader("X-Strata-Trace", "  spaced    out\tvalue ")
                      .appendHeader("X-Strata-Multi", "one")
                      .appendHeader("X-Strata-Multi", "two  three"));

      assertThat(request.rawQuery()).isNotEmpty();
      assertThat(request.headerValues("x-strata-multi")).containsExactly("one", "two  three");
      assertThat(verifier.verify(request)).isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));
    }

    @Test
    void acceptsPathThatNeedsEncodingAndNormalizing() {
      SignedRequest request =
          signer.sign(BODY, builder -> builder.encodedPath("/a%20b/./c/../d:e"));

      assertThat(request.rawPath()).isEqualTo("/a%20b/./c/../d:e");
      assertThat(verifier.verify(request)).isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));
    }

    @Test
    void acceptsUnsignedPayloadBecauseTheApiIsTlsOnly() {
      SignedRequest request = signer.payloadSigning(false).sign(BODY);

      assertThat(request.header("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
      assertThat(verifier.verify(request)).isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));
    }

    @Test
    void acceptsRequestWithoutContentSha256HeaderByHashingTheBody() {
      SignedRequest request = signWithoutContentSha256(BODY);

      assertThat(request.header("x-amz-content-sha256")).isEmpty();
      assertThat(verifier.verify(request)).isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));
    }

    @Test
    void readsAuthorizationParametersSplitByAnyRunOfCommasAndBlanksWithTheLastValueWinning() {
      SignedRequest request = signer.sign(BODY);
      String authorization = request.header("authorization").orElseThrow();
      String rewritten =
          authorization
                  .replace(" Credential=", " Signature=decoy,\t Credential=")
                  .replace(", ", " ,,\t")
              + " Unknown=1 =orphan";

      assertThat(verifier.verify(withHeader(request, "authorization", rewritten)))
          .isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));
      assertThat(verifier.verify(withHeader(request, "authorization", rewritten + " Signature=0")))
          .isEqualTo(MISMATCH);
    }

    @Test
    void acceptsEmptyBody() {
      assertThat(verifier.verify(signer.sign(new byte[0])))
          .isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));
    }
  }

  static Stream<Arguments> scopes() {
    return Stream.of(
        Arguments.of("us-east-1", "dynamodb"),
        Arguments.of("eu-west-1", "dynamodb"),
        Arguments.of("ap-southeast-2", "dynamodb"),
        Arguments.of("strata-local", "dynamodb"),
        Arguments.of("us-west-2", "streams.dynamodb"));
  }

  @Nested
  class Tampering {
    @Test
    void rejectsChangedBody() {
      SignedRequest signed = signer.sign(BODY);

      assertThat(verifier.verify(withBody(signed, "{\"TableName\":\"Other\"}")))
          .isEqualTo(MISMATCH);
    }

    @Test
    void rejectsChangedBodyWhenSignedWithoutContentSha256Header() {
      SignedRequest signed = signWithoutContentSha256(BODY);

      assertThat(verifier.verify(withBody(signed, "{}"))).isEqualTo(MISMATCH);
    }

    @Test
    void rejectsChangedSignedHeader() {
      SignedRequest signed = signer.sign(BODY);

      assertThat(
              verifier.verify(withHeader(signed, "x-amz-target", "DynamoDB_20120810.DeleteTable")))
          .isEqualTo(MISMATCH);
    }

    @Test
    void rejectsChangedPath() {
      SignedRequest signed = signer.sign(BODY);

      assertThat(verifier.verify(copy(signed, "/other", signed.rawQuery(), signed.headers())))
          .isEqualTo(MISMATCH);
    }

    @Test
    void rejectsChangedQuery() {
      SignedRequest signed = signer.sign(BODY, builder -> builder.putRawQueryParameter("a", "1"));

      assertThat(verifier.verify(copy(signed, signed.rawPath(), "a=2", signed.headers())))
          .isEqualTo(MISMATCH);
    }

    @Test
    void rejectsWrongSecretWithoutRevealingIt() {
      SignedRequest signed = new SdkSigner(ACCESS_KEY_ID, "not-the-secret", NOW).sign(BODY);

      AuthOutcome outcome = verifier.verify(signed);

      assertThat(outcome).isEqualTo(MISMATCH);
      assertThat(outcome.toString()).doesNotContain(SECRET).doesNotContain("not-the-secret");
    }

    @Test
    void rejectsRequestSignedForAnotherRegionWhenScopeIsRewritten() {
      SignedRequest signed = signer.region("eu-west-1").sign(BODY);
      String authorization = signed.header("authorization").orElseThrow();

      SignedRequest rescoped =
          withHeader(signed, "authorization", authorization.replace("/eu-west-1/", "/us-east-1/"));

      assertThat(verifier.verify(rescoped)).isEqualTo(MISMATCH);
    }
  }

  @Nested
  class ClockSkew {
    @Test
    void acceptsRequestExactlyFifteenMinutesOld() {
      SignedRequest request = signer.sign(BODY);
      clock.advance(Duration.ofMinutes(15));

      assertThat(verifier.verify(request)).isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));
    }

    @Test
    void rejectsRequestFifteenMinutesAndOneSecondOld() {
      SignedRequest request = signer.sign(BODY);
      clock.advance(Duration.ofMinutes(15).plusSeconds(1));

      assertThat(verifier.verify(request))
          .isEqualTo(
              new AuthOutcome.Rejected(
                  RejectionReason.INVALID_SIGNATURE,
                  "Signature expired: 20130609T100015Z is now earlier than 20130609T100016Z"
                      + " (20130609T101516Z - 15 min.)"));
    }

    @Test
    void acceptsRequestExactlyFifteenMinutesAhead() {
      SignedRequest request = signer.sign(BODY);
      clock.advance(Duration.ofMinutes(-15));

      assertThat(verifier.verify(request)).isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));
    }

    @Test
    void rejectsRequestFifteenMinutesAndOneSecondAhead() {
      SignedRequest request = signer.sign(BODY);
      clock.advance(Duration.ofMinutes(-15).minusSeconds(1));

      assertThat(verifier.verify(request))
          .isEqualTo(
              new AuthOutcome.Rejected(
                  RejectionReason.INVALID_SIGNATURE,
                  "Signature not yet current: 20130609T100015Z is still later than"
                      + " 20130609T100014Z (20130609T094514Z + 15 min.)"));
    }

    @Test
    void comparesAtWholeSecondsOfTheClock() {
      SignedRequest request = signer.sign(BODY);
      clock.advance(Duration.ofMinutes(15).plusMillis(999));

      assertThat(verifier.verify(request)).isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));
    }
  }

  @Nested
  class SigningKeyCaching {
    @Test
    void derivesOneSigningKeyPerDayForAHotClient() {
      for (int i = 0; i < 5; i++) {
        clock.advance(Duration.ofSeconds(1));
        assertThat(verifier.verify(signer.at(clock.instant()).sign(BODY)))
            .isInstanceOf(AuthOutcome.Authenticated.class);
      }
      assertThat(cache.derivations()).isEqualTo(1);

      clock.advance(Duration.ofDays(1));
      assertThat(verifier.verify(signer.at(clock.instant()).sign(BODY)))
          .isInstanceOf(AuthOutcome.Authenticated.class);
      assertThat(cache.derivations()).isEqualTo(2);
    }

    @Test
    void rejectsRotatedAwaySecretAfterItsKeyWasCached() {
      SignedRequest signedWithOldSecret = signer.sign(BODY);
      assertThat(verifier.verify(signedWithOldSecret))
          .isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));

      String newSecret = "rotated/K7MDENG+bPxRfiCYEXAMPLEKEY0000";
      keys.put(new AccessKeyCredential(ACCESS_KEY_ID, newSecret, TENANT, true));

      assertThat(verifier.verify(signedWithOldSecret)).isEqualTo(MISMATCH);
      assertThat(verifier.verify(new SdkSigner(ACCESS_KEY_ID, newSecret, NOW).sign(BODY)))
          .isEqualTo(new AuthOutcome.Authenticated(PRINCIPAL));
    }

    @Test
    void rejectsKeyDeactivatedAfterItsSigningKeyWasCached() {
      SignedRequest request = signer.sign(BODY);
      assertThat(verifier.verify(request)).isInstanceOf(AuthOutcome.Authenticated.class);

      keys.put(new AccessKeyCredential(ACCESS_KEY_ID, SECRET, TENANT, false));

      assertThat(verifier.verify(request)).isEqualTo(unrecognized());
    }

    @Test
    void evictsLeastRecentlyUsedScopeBeyondItsBound() {
      SigningKeyCache small = new SigningKeyCache(2);
      small.signingKey("a", "s", "20130609", "r1", "dynamodb");
      small.signingKey("a", "s", "20130609", "r2", "dynamodb");
      small.signingKey("a", "s", "20130609", "r1", "dynamodb");
      small.signingKey("a", "s", "20130609", "r3", "dynamodb");
      small.signingKey("a", "s", "20130609", "r1", "dynamodb");
      assertThat(small.derivations()).isEqualTo(3);

      small.signingKey("a", "s", "20130609", "r2", "dynamodb");
      assertThat(small.derivations()).isEqualTo(4);
    }
  }

  /** Each case: a change to a well-formed (but unsigned) request, and DynamoDB's exact answer. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void rejectsWithDynamoDbMessage(
      String description,
      UnaryOperator<Map<String, String>> change,
      RejectionReason reason,
      String message) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "dynamodb.us-east-1.amazonaws.com");
    headers.put("X-Amz-Date", AMZ_DATE);
    headers.put(
        "Authorization",
        "AWS4-HMAC-SHA256 Credential="
            + ACCESS_KEY_ID
            + "/20130609/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date,"
            + " Signature=0000000000000000000000000000000000000000000000000000000000000000");
    keys.put(new AccessKeyCredential("AKIDINACTIVE", SECRET, TENANT, false));

    Map<String, String> changed = change.apply(headers);
    SignedRequest request =
        SignedRequest.of("POST", "/", "", new ArrayList<>(changed.entrySet()), BODY);

    assertThat(verifier.verify(request)).isEqualTo(new AuthOutcome.Rejected(reason, message));
  }

  static Stream<Arguments> messages() {
    String good = "AKIDSTRATAEXAMPLE001/20130609/us-east-1/dynamodb/aws4_request";
    String tail = ", SignedHeaders=host;x-amz-date, Signature=abcdef";
    return Stream.of(
        message(
            "no Authorization header",
            headers -> without(headers, "Authorization"),
            RejectionReason.MISSING_AUTHENTICATION_TOKEN,
            "Request is missing Authentication Token"),
        message(
            "another scheme",
            headers -> with(headers, "Authorization", "Basic dXNlcjpwYXNz"),
            RejectionReason.MISSING_AUTHENTICATION_TOKEN,
            "Request is missing Authentication Token"),
        message(
            "only the prefix, and no date",
            headers -> without(with(headers, "Authorization", "AWS4-"), "X-Amz-Date"),
            RejectionReason.INCOMPLETE_SIGNATURE,
            "Authorization header requires 'Credential' parameter. Authorization header requires"
                + " 'Signature' parameter. Authorization header requires 'SignedHeaders'"
                + " parameter. Authorization header requires existence of either a 'X-Amz-Date'"
                + " or a 'Date' header. Authorization=AWS4-"),
        message(
            "only a credential",
            headers -> with(headers, "Authorization", "AWS4-HMAC-SHA256 Credential=a/b"),
            RejectionReason.INCOMPLETE_SIGNATURE,
            "Authorization header requires 'Signature' parameter. Authorization header requires"
                + " 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=a/b"),
        message(
            "empty signature and no date",
            headers ->
                without(
                    with(
                        headers,
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature="),
                    "X-Amz-Date"),
            RejectionReason.INCOMPLETE_SIGNATURE,
            "Authorization header requires 'Signature' parameter. Authorization header requires"
                + " existence of either a 'X-Amz-Date' or a 'Date' header."
                + " Authorization=AWS4-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature="),
        message(
            "extended ISO-8601 date",
            headers -> with(headers, "X-Amz-Date", "2013-06-09T10:00:15Z"),
            RejectionReason.INCOMPLETE_SIGNATURE,
            "Date must be in ISO-8601 'basic format'. Got '2013-06-09T10:00:15Z'. See"
                + " http://en.wikipedia.org/wiki/ISO_8601"),
        message(
            "RFC 1123 Date header",
            headers ->
                with(without(headers, "X-Amz-Date"), "Date", "Sun, 09 Jun 2013 10:00:15 GMT"),
            RejectionReason.INCOMPLETE_SIGNATURE,
            "Date must be in ISO-8601 'basic format'. Got 'Sun, 09 Jun 2013 10:00:15 GMT'. See"
                + " http://en.wikipedia.org/wiki/ISO_8601"),
        message(
            "impossible calendar date",
            headers -> with(headers, "X-Amz-Date", "20130230T100015Z"),
            RejectionReason.INCOMPLETE_SIGNATURE,
            "Date must be in ISO-8601 'basic format'. Got '20130230T100015Z'. See"
                + " http://en.wikipedia.org/wiki/ISO_8601"),
        message(
            "expired",
            headers -> with(headers, "X-Amz-Date", "20130301T000000Z"),
            RejectionReason.INVALID_SIGNATURE,
            "Signature expired: 20130301T000000Z is now earlier than 20130609T094515Z"
                + " (20130609T100015Z - 15 min.)"),
        message(
            "from the future",
            headers -> with(headers, "X-Amz-Date", "20130610T000000Z"),
            RejectionReason.INVALID_SIGNATURE,
            "Signature not yet current: 20130610T000000Z is still later than 20130609T101515Z"
                + " (20130609T100015Z + 15 min.)"),
        message(
            "expired wins over an unsigned host",
            headers ->
                with(
                    with(headers, "X-Amz-Date", "20130301T000000Z"),
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential="
                        + good
                        + ", SignedHeaders=x-amz-date,"
                        + " Signature=abcdef"),
            RejectionReason.INVALID_SIGNATURE,
            "Signature expired: 20130301T000000Z is now earlier than 20130609T094515Z"
                + " (20130609T100015Z - 15 min.)"),
        message(
            "host not signed",
            headers ->
                with(
                    headers,
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential="
                        + good
                        + ", SignedHeaders=x-amz-date,"
                        + " Signature=abcdef"),
            RejectionReason.INVALID_SIGNATURE,
            "'Host' must be a 'SignedHeader' in the AWS Authorization."),
        message(
            "unsigned host wins over an unsupported algorithm",
            headers ->
                with(
                    headers,
                    "Authorization",
                    "AWS4-HMAC-SHA512 Credential="
                        + good
                        + ", SignedHeaders=x-amz-date,"
                        + " Signature=abcdef"),
            RejectionReason.INVALID_SIGNATURE,
            "'Host' must be a 'SignedHeader' in the AWS Authorization."),
        message(
            "unsupported algorithm",
            headers -> with(headers, "Authorization", "AWS4-HMAC-SHA512 Credential=" + good + tail),
            RejectionReason.INCOMPLETE_SIGNATURE,
            "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "),
        message(
            "credential with four elements",
            headers ->
                with(
                    headers,
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKID/20130609/us-east-1/dynamodb" + tail),
            RejectionReason.INCOMPLETE_SIGNATURE,
            "Credential must have exactly 5 slash-delimited elements, e.g."
                + " keyid/date/region/service/term, got 'AKID/20130609/us-east-1/dynamodb'"),
        message(
            "wrong terminator",
            headers ->
                with(
                    headers,
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKID/20130609/us-east-1/dynamodb/aws5_request"
                        + tail),
            RejectionReason.INVALID_SIGNATURE,
            "Credential should be scoped with a valid terminator: 'aws4_request', not"
                + " 'aws5_request'. "),
        message(
            "scope date differs from request date",
            headers ->
                with(
                    headers,
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKID/20130608/us-east-1/dynamodb/aws4_request"
                        + tail),
            RejectionReason.INVALID_SIGNATURE,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
                + " HTTP: '20130608' != '20130609', from '20130609T100015Z'."),
        message(
            "wrong terminator and scope date",
            headers ->
                with(
                    headers,
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKID/20130608/us-east-1/dynamodb/aws5_request"
                        + tail),
            RejectionReason.INVALID_SIGNATURE,
            "Credential should be scoped with a valid terminator: 'aws4_request', not"
                + " 'aws5_request'. Date in Credential scope does not match YYYYMMDD from ISO-8601"
                + " version of date from HTTP: '20130608' != '20130609', from"
                + " '20130609T100015Z'."),
        message(
            "another service",
            headers ->
                with(
                    headers,
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKID/20130609/us-east-1/s3/aws4_request" + tail),
            RejectionReason.INVALID_SIGNATURE,
            "Credential should be scoped to correct service: 'dynamodb'. "),
        message(
            "unknown access key",
            headers ->
                with(
                    headers,
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDUNKNOWN/20130609/us-east-1/dynamodb/aws4_request"
                        + tail),
            RejectionReason.UNRECOGNIZED_CLIENT,
            "The security token included in the request is invalid."),
        message(
            "inactive access key",
            headers ->
                with(
                    headers,
                    "Authorization",
                    "AWS4-HMAC-SHA256"
                        + " Credential=AKIDINACTIVE/20130609/us-east-1/dynamodb/aws4_request"
                        + tail),
            RejectionReason.UNRECOGNIZED_CLIENT,
            "The security token included in the request is invalid."),
        message(
            "session token for temporary credentials",
            headers -> with(headers, "X-Amz-Security-Token", "FwoGZXIvYXdzEXAMPLE"),
            RejectionReason.UNRECOGNIZED_CLIENT,
            "The security token included in the request is invalid."),
        message(
            "signature mismatch",
            headers -> headers,
            RejectionReason.INVALID_SIGNATURE,
            "The request signature we calculated does not match the signature you provided."
                + " Check your AWS Secret Access Key and signing method. Consult the service"
                + " documentation for details."),
        message(
            "content hash that is not the body's",
            headers ->
                with(
                    headers,
                    "X-Amz-Content-Sha256",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            RejectionReason.INVALID_SIGNATURE,
            "The request signature we calculated does not match the signature you provided."
                + " Check your AWS Secret Access Key and signing method. Consult the service"
                + " documentation for details."));
  }

  private static Arguments message(
      String description,
      UnaryOperator<Map<String, String>> change,
      RejectionReason reason,
      String message) {
    return Arguments.of(description, change, reason, message);
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return copy;
  }

  private static Map<String, String> without(Map<String, String> headers, String name) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.remove(name);
    return copy;
  }

  private static AuthOutcome.Rejected unrecognized() {
    return new AuthOutcome.Rejected(
        RejectionReason.UNRECOGNIZED_CLIENT,
        "The security token included in the request is invalid.");
  }

  private static SignedRequest withBody(SignedRequest request, String body) {
    return new SignedRequest(
        request.method(),
        request.rawPath(),
        request.rawQuery(),
        request.headers(),
        body.getBytes(UTF_8));
  }

  private static SignedRequest withHeader(SignedRequest request, String name, String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.put(name, List.of(value));
    return copy(request, request.rawPath(), request.rawQuery(), headers);
  }

  private static SignedRequest copy(
      SignedRequest request, String rawPath, String rawQuery, Map<String, List<String>> headers) {
    return new SignedRequest(request.method(), rawPath, rawQuery, headers, request.body());
  }

  /**
   * Signs the way SDKs that predate {@code x-amz-content-sha256} do (boto3, the v1 Java SDK): the
   * SDK's own canonical request, with the body hashed but not sent as a header.
   */
  private static SignedRequest signWithoutContentSha256(byte[] body) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(java.net.URI.create("https://dynamodb.us-east-1.amazonaws.com/"))
            .putHeader("Host", "dynamodb.us-east-1.amazonaws.com")
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Date", AMZ_DATE)
            .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem")
            .build();
    V4CanonicalRequest canonical =
        new V4CanonicalRequest(
            request, Hashing.hex(Hashing.sha256(body)), new V4CanonicalRequest.Options(true, true));
    String scope = "20130609/us-east-1/dynamodb/aws4_request";
    String stringToSign =
        "AWS4-HMAC-SHA256\n"
            + AMZ_DATE
            + "\n"
            + scope
            + "\n"
            + Hashing.hex(Hashing.sha256(canonical.getCanonicalRequestString().getBytes(UTF_8)));
    byte[] key = ("AWS4" + SECRET).getBytes(UTF_8);
    for (String part : scope.split("/")) {
      key = Hashing.hmacSha256(key, part);
    }
    String signature = Hashing.hex(Hashing.hmacSha256(key, stringToSign));
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    request.forEachHeader((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
    headers.add(
        Map.entry(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential="
                + ACCESS_KEY_ID
                + "/"
                + scope
                + ", SignedHeaders="
                + canonical.getSignedHeadersString()
                + ", Signature="
                + signature));
    return SignedRequest.of("POST", "/", null, headers, body);
  }

  /** An access-key store whose keys a test can rotate and deactivate. */
  static final class FakeAccessKeys implements AccessKeyResolver {
    private final Map<String, AccessKeyCredential> keys = new HashMap<>();

    void put(AccessKeyCredential credential) {
      keys.put(credential.accessKeyId(), credential);
    }

    @Override
    public Optional<AccessKeyCredential> resolve(String accessKeyId) {
      return Optional.ofNullable(keys.get(accessKeyId));
    }
  }
}

package io.strata.tenancy.internal;

import static io.strata.tenancy.internal.TestKeys.RSA_A;
import static io.strata.tenancy.internal.TestKeys.pem;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.tenancy.AccessKeyCredential;
import io.strata.tenancy.AccessKeyResolver;
import io.strata.tenancy.AuthMethod;
import io.strata.tenancy.AuthOutcome;
import io.strata.tenancy.Authenticator;
import io.strata.tenancy.JwtIssuer;
import io.strata.tenancy.JwtIssuerRegistry;
import io.strata.tenancy.Principal;
import io.strata.tenancy.RejectionReason;
import io.strata.tenancy.SignedRequest;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DefaultAuthenticatorTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final AuthOutcome.Rejected MISSING =
      new AuthOutcome.Rejected(
          RejectionReason.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token");

  final Authenticator authenticator =
      Authenticator.create(
          AccessKeyResolver.of(new AccessKeyCredential("AKIDONE", "secret-one", "tenant-s", true)),
          JwtIssuerRegistry.of(
              JwtIssuer.builder("https://idp.example.com")
                  .audience("strata")
                  .publicKeyPem(pem(RSA_A.getPublic()))
                  .build()),
          new FakeClock(NOW));

  @Test
  void dispatchesSigV4ToTheSignatureVerifier() {
    SignedRequest request = new SdkSigner("AKIDONE", "secret-one", NOW).sign("{}".getBytes(UTF_8));

    assertThat(authenticator.authenticate(request))
        .isEqualTo(
            new AuthOutcome.Authenticated(
                new Principal("tenant-s", "AKIDONE", AuthMethod.SIGV4, "us-east-1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer ", "bearer ", "BEARER "})
  void dispatchesBearerInAnyCaseToTheJwtVerifier(String scheme) {
    String token =
        TestKeys.jwt(
            new JsonObject().put("alg", "RS256"),
            new JsonObject()
                .put("iss", "https://idp.example.com")
                .put("aud", "strata")
                .put("sub", "svc-reporting")
                .put("tenant", "tenant-j")
                .put("exp", NOW.getEpochSecond() + 60),
            RSA_A.getPrivate());

    assertThat(authenticator.authenticate(request(scheme + token)))
        .isEqualTo(
            new AuthOutcome.Authenticated(
                new Principal("tenant-j", "svc-reporting", AuthMethod.JWT, "")));
  }

  @Test
  void answersMissingTokenWithoutAuthorizationHeader() {
    SignedRequest request = SignedRequest.of("POST", "/", "", List.of(), new byte[0]);

    assertThat(authenticator.authenticate(request)).isEqualTo(MISSING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic dXNlcjpwYXNz", "AWS AKID:signature", "aws4-hmac-sha256 x", ""})
  void answersMissingTokenForOtherSchemes(String authorization) {
    assertThat(authenticator.authenticate(request(authorization))).isEqualTo(MISSING);
  }

  private static SignedRequest request(String authorization) {
    return SignedRequest.of(
        "POST", "/", "", List.of(Map.entry("Authorization", authorization)), new byte[0]);
  }
}

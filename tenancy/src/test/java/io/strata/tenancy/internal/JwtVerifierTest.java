package io.strata.tenancy.internal;

import static io.strata.tenancy.internal.TestKeys.EC_A;
import static io.strata.tenancy.internal.TestKeys.EC_P384;
import static io.strata.tenancy.internal.TestKeys.RSA_A;
import static io.strata.tenancy.internal.TestKeys.RSA_B;
import static io.strata.tenancy.internal.TestKeys.base64Url;
import static io.strata.tenancy.internal.TestKeys.jwt;
import static io.strata.tenancy.internal.TestKeys.pem;
import static io.strata.tenancy.internal.TestKeys.signingInput;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.tenancy.AuthMethod;
import io.strata.tenancy.AuthOutcome;
import io.strata.tenancy.JwtIssuer;
import io.strata.tenancy.JwtIssuerRegistry;
import io.strata.tenancy.Principal;
import io.strata.tenancy.RejectionReason;
import io.strata.tenancy.SignedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtVerifierTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final long NOW_SECONDS = NOW.getEpochSecond();
  static final String PEM_ISSUER = "https://idp.example.com";
  static final String JWKS_ISSUER = "https://jwks.example.com";
  static final String FIXED_ISSUER = "https://fixed.example.com";
  static final String AUDIENCE = "strata";

  static final AuthOutcome.Rejected INVALID_TOKEN =
      new AuthOutcome.Rejected(
          RejectionReason.UNRECOGNIZED_CLIENT,
          "The security token included in the request is invalid.");

  final FakeClock clock = new FakeClock(NOW);
  final FakeIssuers issuers = new FakeIssuers();
  final JwtVerifier verifier = new JwtVerifier(issuers, clock);

  JwtVerifierTest() {
    issuers.put(
        JwtIssuer.builder(PEM_ISSUER)
            .audience(AUDIENCE)
            .publicKeyPem(pem(RSA_A.getPublic()))
            .publicKeyPem(pem(EC_A.getPublic()))
            .build());
    issuers.put(
        JwtIssuer.builder(JWKS_ISSUER)
            .audience(AUDIENCE)
            .jwks(TestKeys.jwks(TestKeys.rsaJwk(RSA_A, "a"), TestKeys.rsaJwk(RSA_B, "b")))
            .build());
    issuers.put(
        JwtIssuer.builder(FIXED_ISSUER)
            .audience(AUDIENCE)
            .publicKeyPem(pem(RSA_A.getPublic()))
            .fixedTenantId("tenant-a")
            .build());
  }

  @Nested
  class Accepts {
    @Test
    void rs256TokenVerifiedWithPemKey() {
      String token = jwt(header("RS256"), claims(), RSA_A.getPrivate());

      assertThat(verify(token)).isEqualTo(authenticated("tenant-a", "user-1"));
    }

    @Test
    void es256TokenVerifiedWithPemKey() {
      String token = jwt(header("ES256"), claims(), EC_A.getPrivate());

      assertThat(verify(token)).isEqualTo(authenticated("tenant-a", "user-1"));
    }

    @Test
    void es256TokenVerifiedWithJwksKey() {
      issuers.put(
          JwtIssuer.builder(JWKS_ISSUER)
              .audience(AUDIENCE)
              .jwks(TestKeys.jwks(TestKeys.ecJwk(EC_A, "ec")))
              .build());
      String token =
          jwt(
              header("ES256").put("kid", "ec"),
              claims().put("iss", JWKS_ISSUER),
              EC_A.getPrivate());

      assertThat(verify(token)).isEqualTo(authenticated("tenant-a", "user-1"));
    }

    @Test
    void jwksKeysSelectedByKid() {
      String signedByA =
          jwt(
              header("RS256").put("kid", "a"),
              claims().put("iss", JWKS_ISSUER),
              RSA_A.getPrivate());
      String signedByB =
          jwt(
              header("RS256").put("kid", "b"),
              claims().put("iss", JWKS_ISSUER).put("sub", "user-2"),
              RSA_B.getPrivate());

      assertThat(verify(signedByA)).isEqualTo(authenticated("tenant-a", "user-1"));
      assertThat(verify(signedByB)).isEqualTo(authenticated("tenant-a", "user-2"));
    }

    @Test
    void audienceArrayNamingAnAcceptedAudience() {
      JsonObject claims = claims().put("aud", new JsonArray().add("other").add(AUDIENCE));

      assertThat(verify(jwt(header("RS256"), claims, RSA_A.getPrivate())))
          .isEqualTo(authenticated("tenant-a", "user-1"));
    }

    @Test
    void expiryWithinTheLeeway() {
      JsonObject claims = claims().put("exp", NOW_SECONDS - 59);

      assertThat(verify(jwt(header("RS256"), claims, RSA_A.getPrivate())))
          .isEqualTo(authenticated("tenant-a", "user-1"));
    }

    @Test
    void notBeforeWithinTheLeeway() {
      JsonObject claims = claims().put("nbf", NOW_SECONDS + 60);

      assertThat(verify(jwt(header("RS256"), claims, RSA_A.getPrivate())))
          .isEqualTo(authenticated("tenant-a", "user-1"));
    }

    @Test
    void issuerBoundToATenantWithoutATenantClaim() {
      JsonObject claims = claims().put("iss", FIXED_ISSUER);
      claims.remove("tenant");

      assertThat(verify(jwt(header("RS256"), claims, RSA_A.getPrivate())))
          .isEqualTo(authenticated("tenant-a", "user-1"));
    }

    @Test
    void issuerBoundToATenantWithAMatchingTenantClaim() {
      JsonObject claims = claims().put("iss", FIXED_ISSUER);

      assertThat(verify(jwt(header("RS256"), claims, RSA_A.getPrivate())))
          .isEqualTo(authenticated("tenant-a", "user-1"));
    }

    @Test
    void tenantFromAConfiguredClaim() {
      issuers.put(
          JwtIssuer.builder(PEM_ISSUER)
              .audience(AUDIENCE)
              .publicKeyPem(pem(RSA_A.getPublic()))
              .tenantClaim("org_id")
              .build());
      JsonObject claims = claims().put("org_id", "tenant-z");

      assertThat(verify(jwt(header("RS256"), claims, RSA_A.getPrivate())))
          .isEqualTo(authenticated("tenant-z", "user-1"));
    }

    @Test
    void issuerRegisteredAtRuntime() {
      String issuer = "https://late.example.com";
      String token = jwt(header("RS256"), claims().put("iss", issuer), RSA_B.getPrivate());
      assertThat(verify(token)).isEqualTo(INVALID_TOKEN);

      issuers.put(
          JwtIssuer.builder(issuer)
              .audience(AUDIENCE)
              .publicKeyPem(pem(RSA_B.getPublic()))
              .build());

      assertThat(verify(token)).isEqualTo(authenticated("tenant-a", "user-1"));
    }

    @Test
    void rotatedIssuerKeysOnTheNextToken() {
      String oldToken = jwt(header("RS256"), claims(), RSA_A.getPrivate());
      assertThat(verify(oldToken)).isInstanceOf(AuthOutcome.Authenticated.class);

      issuers.put(
          JwtIssuer.builder(PEM_ISSUER)
              .audience(AUDIENCE)
              .publicKeyPem(pem(RSA_B.getPublic()))
              .build());

      assertThat(verify(oldToken)).isEqualTo(INVALID_TOKEN);
      assertThat(verify(jwt(header("RS256"), claims(), RSA_B.getPrivate())))
          .isEqualTo(authenticated("tenant-a", "user-1"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTokens")
  void rejectsWithTheSameMessage(String description, Supplier<String> token) {
    assertThat(verify(token.get())).isEqualTo(INVALID_TOKEN);
  }

  static Stream<Arguments> invalidTokens() {
    return Stream.of(
        invalid(
            "alg none without a signature",
            () -> signingInput(new JsonObject().put("alg", "none"), claims()) + "."),
        invalid(
            "alg none with a signature",
            () ->
                signingInput(new JsonObject().put("alg", "none"), claims())
                    + "."
                    + base64Url("x".getBytes(UTF_8))),
        invalid(
            "HS256 with the issuer's public key as the secret",
            () -> {
              String input = signingInput(header("HS256"), claims());
              byte[] secret = pem(RSA_A.getPublic()).getBytes(UTF_8);
              return input + "." + base64Url(Hashing.hmacSha256(secret, input));
            }),
        invalid(
            "HS256 with the issuer's DER public key as the secret",
            () -> {
              String input = signingInput(header("HS256"), claims());
              byte[] secret = RSA_A.getPublic().getEncoded();
              return input + "." + base64Url(Hashing.hmacSha256(secret, input));
            }),
        invalid(
            "RS512 when only RS256 and ES256 are allowed",
            () -> jwt(header("RS512"), claims(), RSA_A.getPrivate())),
        invalid(
            "ES256 header over an RSA signature",
            () -> {
              String input = signingInput(header("ES256"), claims());
              return input
                  + "."
                  + base64Url(TestKeys.sign("RS256", RSA_A.getPrivate(), input.getBytes(UTF_8)));
            }),
        invalid(
            "ES256 signature in DER rather than JWS form",
            () -> {
              String input = signingInput(header("ES256"), claims());
              byte[] der = derEcdsa(input.getBytes(UTF_8));
              return input + "." + base64Url(der);
            }),
        invalid(
            "ES256 header signed with a P-384 key",
            () -> {
              String input = signingInput(header("ES256"), claims());
              return input
                  + "."
                  + base64Url(TestKeys.sign("ES256", EC_P384.getPrivate(), input.getBytes(UTF_8)));
            }),
        invalid(
            "ES384, which the issuer does not allow",
            () -> jwt(header("ES384"), claims(), EC_P384.getPrivate())),
        invalid(
            "expired beyond the leeway",
            () -> jwt(header("RS256"), claims().put("exp", NOW_SECONDS - 60), RSA_A.getPrivate())),
        invalid(
            "no exp",
            () -> {
              JsonObject claims = claims();
              claims.remove("exp");
              return jwt(header("RS256"), claims, RSA_A.getPrivate());
            }),
        invalid(
            "exp that is not a number",
            () ->
                jwt(
                    header("RS256"),
                    claims().put("exp", String.valueOf(NOW_SECONDS + 300)),
                    RSA_A.getPrivate())),
        invalid(
            "nbf in the future beyond the leeway",
            () -> jwt(header("RS256"), claims().put("nbf", NOW_SECONDS + 61), RSA_A.getPrivate())),
        invalid(
            "unknown issuer",
            () ->
                jwt(
                    header("RS256"),
                    claims().put("iss", "https://evil.example.com"),
                    RSA_A.getPrivate())),
        invalid(
            "no issuer",
            () -> {
              JsonObject claims = claims();
              claims.remove("iss");
              return jwt(header("RS256"), claims, RSA_A.getPrivate());
            }),
        invalid(
            "wrong audience",
            () -> jwt(header("RS256"), claims().put("aud", "someone-else"), RSA_A.getPrivate())),
        invalid(
            "no audience",
            () -> {
              JsonObject claims = claims();
              claims.remove("aud");
              return jwt(header("RS256"), claims, RSA_A.getPrivate());
            }),
        invalid(
            "signed by a key the issuer does not have",
            () -> jwt(header("RS256"), claims(), RSA_B.getPrivate())),
        invalid(
            "payload tampered after signing",
            () -> {
              String[] parts = jwt(header("RS256"), claims(), RSA_A.getPrivate()).split("\\.");
              String forged =
                  base64Url(claims().put("tenant", "tenant-b").encode().getBytes(UTF_8));
              return parts[0] + "." + forged + "." + parts[2];
            }),
        invalid(
            "no tenant",
            () -> {
              JsonObject claims = claims();
              claims.remove("tenant");
              return jwt(header("RS256"), claims, RSA_A.getPrivate());
            }),
        invalid(
            "tenant that is not a string",
            () -> jwt(header("RS256"), claims().put("tenant", 42), RSA_A.getPrivate())),
        invalid(
            "issuer bound to another tenant",
            () ->
                jwt(
                    header("RS256"),
                    claims().put("iss", FIXED_ISSUER).put("tenant", "tenant-b"),
                    RSA_A.getPrivate())),
        invalid(
            "no subject",
            () -> {
              JsonObject claims = claims();
              claims.remove("sub");
              return jwt(header("RS256"), claims, RSA_A.getPrivate());
            }),
        invalid(
            "JWKS kid that names no key",
            () ->
                jwt(
                    header("RS256").put("kid", "c"),
                    claims().put("iss", JWKS_ISSUER),
                    RSA_A.getPrivate())),
        invalid(
            "JWKS kid of one key, signed by the other",
            () ->
                jwt(
                    header("RS256").put("kid", "a"),
                    claims().put("iss", JWKS_ISSUER),
                    RSA_B.getPrivate())),
        invalid(
            "critical header extension",
            () ->
                jwt(
                    header("RS256").put("crit", new JsonArray().add("exp")).put("exp", 1),
                    claims(),
                    RSA_A.getPrivate())),
        invalid("not a JWT", () -> "not-a-jwt"),
        invalid("two segments", () -> "a.b"),
        invalid(
            "four segments", () -> jwt(header("RS256"), claims(), RSA_A.getPrivate()) + ".extra"),
        invalid("segments that are not base64url", () -> "e30*.e30*.e30*"),
        invalid("header that is not JSON", () -> base64Url("{oops".getBytes(UTF_8)) + ".e30.c2ln"),
        invalid(
            "header that is a JSON array", () -> base64Url("[1]".getBytes(UTF_8)) + ".e30.c2ln"),
        invalid(
            "padded base64url",
            () -> {
              String[] parts = jwt(header("RS256"), claims(), RSA_A.getPrivate()).split("\\.");
              return parts[0] + "." + parts[1] + "." + parts[2] + "==";
            }));
  }

  @Test
  void rejectsBearerWithoutAToken() {
    assertThat(verifier.verify(request("Bearer "))).isEqualTo(INVALID_TOKEN);
  }

  @Test
  void treatsOtherSchemesAsMissingToken() {
    assertThat(verifier.verify(request("Basic dXNlcjpwYXNz")))
        .isEqualTo(
            new AuthOutcome.Rejected(
                RejectionReason.MISSING_AUTHENTICATION_TOKEN,
                "Request is missing Authentication Token"));
  }

  @Test
  void rejectsTokensOnceTheClockPassesExpiryPlusLeeway() {
    String token = jwt(header("RS256"), claims().put("exp", NOW_SECONDS + 10), RSA_A.getPrivate());
    clock.set(Instant.ofEpochSecond(NOW_SECONDS + 69));
    assertThat(verify(token)).isInstanceOf(AuthOutcome.Authenticated.class);

    clock.set(Instant.ofEpochSecond(NOW_SECONDS + 70));
    assertThat(verify(token)).isEqualTo(INVALID_TOKEN);
  }

  @Test
  void ignoresJwksEcKeyWhoseCurveDoesNotMatchTheAlgorithm() {
    JwtIssuer issuer =
        JwtIssuer.builder("https://curves.example.com")
            .audience(AUDIENCE)
            .jwks(TestKeys.jwks(TestKeys.ecJwk(EC_A, "ec").put("crv", "P-384")))
            .build();

    assertThat(JwtVerifier.usableKeyCount(issuer)).isZero();
  }

  @Test
  void ignoresKeysThatCarryPrivateMaterial() {
    JwtIssuer issuer =
        JwtIssuer.builder("https://leaky.example.com")
            .audience(AUDIENCE)
            .publicKeyPem(
                "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(UTF_8))
                        .encodeToString(RSA_A.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n")
            .build();

    assertThat(JwtVerifier.usableKeyCount(issuer)).isZero();
  }

  @Test
  void countsOnlyUsableKeys() {
    JwtIssuer issuer =
        JwtIssuer.builder("https://mixed.example.com")
            .audience(AUDIENCE)
            .publicKeyPem(pem(RSA_A.getPublic()))
            .publicKeyPem("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n")
            .jwks(
                TestKeys.jwks(
                    TestKeys.rsaJwk(RSA_B, "b"),
                    new JsonObject().put("kty", "oct").put("k", "c2VjcmV0"),
                    TestKeys.rsaJwk(RSA_A, "enc").put("use", "enc")))
            .build();

    // RSA_A as RS256, RSA_B as RS256; the broken PEM, the symmetric and the encryption key drop.
    assertThat(JwtVerifier.usableKeyCount(issuer)).isEqualTo(2);
  }

  private AuthOutcome verify(String token) {
    return verifier.verify(request("Bearer " + token));
  }

  private static SignedRequest request(String authorization) {
    return SignedRequest.of(
        "POST", "/", "", List.of(Map.entry("Authorization", authorization)), new byte[0]);
  }

  private static AuthOutcome authenticated(String tenantId, String subject) {
    return new AuthOutcome.Authenticated(new Principal(tenantId, subject, AuthMethod.JWT, ""));
  }

  static JsonObject header(String algorithm) {
    return new JsonObject().put("alg", algorithm).put("typ", "JWT");
  }

  static JsonObject claims() {
    return new JsonObject()
        .put("iss", PEM_ISSUER)
        .put("sub", "user-1")
        .put("aud", AUDIENCE)
        .put("tenant", "tenant-a")
        .put("iat", NOW_SECONDS)
        .put("exp", NOW_SECONDS + 300);
  }

  private static Arguments invalid(String description, Supplier<String> token) {
    return Arguments.of(description, token);
  }

  /** A valid ECDSA signature in the JCA's DER form, which JWS does not allow. */
  private static byte[] derEcdsa(byte[] data) {
    try {
      java.security.Signature signature = java.security.Signature.getInstance("SHA256withECDSA");
      signature.initSign(EC_A.getPrivate());
      signature.update(data);
      byte[] der = signature.sign();
      // Sanity: this really is DER, not the 64-byte JWS form.
      assertThat(MessageDigest.isEqual(der, new byte[64])).isFalse();
      assertThat(der[0]).isEqualTo((byte) 0x30);
      return der;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A registry a test can add issuers to and change while the verifier runs. */
  static final class FakeIssuers implements JwtIssuerRegistry {
    private final Map<String, JwtIssuer> issuers = new ConcurrentHashMap<>();

    void put(JwtIssuer issuer) {
      issuers.put(issuer.issuer(), issuer);
    }

    @Override
    public Optional<JwtIssuer> find(String issuer) {
      return Optional.ofNullable(issuers.get(issuer));
    }
  }
}

package io.strata.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CredentialsTest {
  static final String PEM =
      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQc=\n-----END PUBLIC KEY-----\n";

  @Test
  void accessKeyToStringHidesTheSecret() {
    AccessKeyCredential credential =
        new AccessKeyCredential("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", "tenant-a", true);

    assertThat(credential.toString())
        .contains("AKIDEXAMPLE", "tenant-a")
        .doesNotContain("wJalrXUtnFEMI");
  }

  @Test
  void inMemoryResolverFindsKeysById() {
    AccessKeyCredential credential = new AccessKeyCredential("AKID", "secret", "tenant-a", true);
    AccessKeyResolver resolver = AccessKeyResolver.of(credential);

    assertThat(resolver.resolve("AKID")).contains(credential);
    assertThat(resolver.resolve("OTHER")).isEmpty();
  }

  @Test
  void issuerDefaultsToRs256AndEs256AndTheTenantClaim() {
    JwtIssuer issuer =
        JwtIssuer.builder("https://idp").audience("strata").publicKeyPem(PEM).build();

    assertThat(issuer.algorithms()).containsExactlyInAnyOrder("RS256", "ES256");
    assertThat(issuer.tenantClaim()).isEqualTo("tenant");
    assertThat(issuer.fixedTenantId()).isNull();
    assertThat(issuer.toString()).doesNotContain("MFkw");
  }

  @Test
  void issuerRefusesNoneAndSharedSecretAlgorithms() {
    for (String algorithm : new String[] {"none", "HS256", "HS512"}) {
      assertThatIllegalArgumentException()
          .isThrownBy(
              () ->
                  JwtIssuer.builder("https://idp")
                      .audience("strata")
                      .publicKeyPem(PEM)
                      .algorithms("RS256", algorithm)
                      .build())
          .withMessage(
              "issuer https://idp: algorithm %s is not allowed; use one of %s",
              algorithm, JwtIssuer.SUPPORTED_ALGORITHMS);
    }
  }

  @Test
  void issuerRequiresAnAudienceAndAKey() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> JwtIssuer.builder("https://idp").publicKeyPem(PEM).build())
        .withMessage("issuer https://idp: at least one audience is required");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> JwtIssuer.builder("https://idp").audience("strata").build())
        .withMessage("issuer https://idp: at least one PEM key or a JWKS document is required");
  }
}

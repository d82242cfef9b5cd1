package io.strata.tenancy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A trusted token issuer and how to read its tokens.
 *
 * <p>Only asymmetric algorithms can be allowed. A shared-secret algorithm (HS256 and friends) would
 * let anyone who holds the verification key mint tokens, and "none" would let anyone at all;
 * refusing both here also closes the classic confusion attack, where a token signed with HS256 uses
 * the issuer's <em>public</em> key as the HMAC secret.
 *
 * @param issuer the exact {@code iss} value
 * @param audiences a token is accepted only if its {@code aud} names at least one of these
 * @param publicKeysPem verification keys as PEM ({@code PUBLIC KEY} or {@code CERTIFICATE}); a PEM
 *     key has no {@code kid}, so it is tried for any token
 * @param jwksJson a JSON Web Key Set document ({@code {"keys": [...]}}), or null; keys are selected
 *     by {@code kid} when both the token and the key carry one
 * @param algorithms the JWS {@code alg} values accepted; see {@link #SUPPORTED_ALGORITHMS}
 * @param tenantClaim the claim holding the tenant id
 * @param fixedTenantId if not null, every token of this issuer belongs to this tenant, and a token
 *     whose tenant claim names another tenant is rejected
 */
public record JwtIssuer(
    String issuer,
    Set<String> audiences,
    List<String> publicKeysPem,
    @Nullable String jwksJson,
    Set<String> algorithms,
    String tenantClaim,
    @Nullable String fixedTenantId) {

  /** Asymmetric JWS algorithms (RFC 7518 section 3.1) that an issuer may allow. */
  public static final Set<String> SUPPORTED_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "ES256");
  public static final String DEFAULT_TENANT_CLAIM = "tenant";

  public JwtIssuer {
    requireArgument(!issuer.isBlank(), "issuer must not be blank");
    audiences = Set.copyOf(audiences);
    requireArgument(!audiences.isEmpty(), "issuer %s: at least one audience is required", issuer);
    publicKeysPem = List.copyOf(publicKeysPem);
    requireArgument(
        !publicKeysPem.isEmpty() || jwksJson != null,
        "issuer %s: at least one PEM key or a JWKS document is required",
        issuer);
    algorithms = Set.copyOf(algorithms);
    requireArgument(!algorithms.isEmpty(), "issuer %s: at least one algorithm is required", issuer);
    for (String algorithm : algorithms) {
      requireArgument(
          SUPPORTED_ALGORITHMS.contains(algorithm),
          "issuer %s: algorithm %s is not allowed; use one of %s",
          issuer,
          algorithm,
          SUPPORTED_ALGORITHMS);
    }
    requireArgument(!tenantClaim.isBlank(), "issuer %s: tenantClaim must not be blank", issuer);
    requireArgument(
        fixedTenantId == null || !fixedTenantId.isBlank(),
        "issuer %s: fixedTenantId must not be blank",
        issuer);
  }

  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /** The same issuer bound to one tenant: its tokens can only act for that tenant. */
  public JwtIssuer withFixedTenantId(String tenantId) {
    return new JwtIssuer(
        issuer, audiences, publicKeysPem, jwksJson, algorithms, tenantClaim, tenantId);
  }

  /** Leaves out the key material: it is long, and a misconfigured JWKS may hold private keys. */
  @Override
  public String toString() {
    return "JwtIssuer[issuer="
        + issuer
        + ", audiences="
        + audiences
        + ", publicKeysPem="
        + publicKeysPem.size()
        + ", jwks="
        + (jwksJson != null)
        + ", algorithms="
        + algorithms
        + ", tenantClaim="
        + tenantClaim
        + ", fixedTenantId="
        + fixedTenantId
        + "]";
  }

  private static void requireArgument(boolean expression, String template, Object... args) {
    if (!expression) {
      throw new IllegalArgumentException(String.format(template, args));
    }
  }

  /** Configuration builder; {@link #build()} validates. */
  public static final class Builder {
    private final String issuer;
    private final Set<String> audiences = new LinkedHashSet<>();
    private final List<String> publicKeysPem = new ArrayList<>();
    private @Nullable String jwksJson;
    private Set<String> algorithms = DEFAULT_ALGORITHMS;
    private String tenantClaim = DEFAULT_TENANT_CLAIM;
    private @Nullable String fixedTenantId;

    private Builder(String issuer) {
      this.issuer = requireNonNull(issuer, "issuer");
    }

    public Builder audience(String audience) {
      audiences.add(requireNonNull(audience, "audience"));
      return this;
    }

    public Builder publicKeyPem(String pem) {
      publicKeysPem.add(requireNonNull(pem, "pem"));
      return this;
    }

    public Builder jwks(String json) {
      this.jwksJson = requireNonNull(json, "json");
      return this;
    }

    public Builder algorithms(String... algorithms) {
      this.algorithms = Set.of(algorithms);
      return this;
    }

    public Builder tenantClaim(String claim) {
      this.tenantClaim = requireNonNull(claim, "claim");
      return this;
    }

    public Builder fixedTenantId(String tenantId) {
      this.fixedTenantId = requireNonNull(tenantId, "tenantId");
      return this;
    }

    public JwtIssuer build() {
      return new JwtIssuer(
          issuer, audiences, publicKeysPem, jwksJson, algorithms, tenantClaim, fixedTenantId);
    }
  }
}

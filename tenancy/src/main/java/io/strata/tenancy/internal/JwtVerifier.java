package io.strata.tenancy.internal;

import io.strata.tenancy.AuthMethod;
import io.strata.tenancy.AuthOutcome;
import io.strata.tenancy.AuthOutcome.Authenticated;
import io.strata.tenancy.AuthOutcome.Rejected;
import io.strata.tenancy.JwtIssuer;
import io.strata.tenancy.JwtIssuerRegistry;
import io.strata.tenancy.Principal;
import io.strata.tenancy.RejectionReason;
import io.strata.tenancy.SignedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Verifies {@code Authorization: Bearer <JWT>}: a compact JWS (RFC 7515) whose claims (RFC 7519)
 * name a registered issuer, an accepted audience and a tenant.
 *
 * <p>Order: structure, issuer lookup (the {@code iss} claim is read before the signature is
 * checked, only to choose the keys), algorithm allowlist, signature, then {@code exp} (required),
 * {@code nbf}, {@code aud}, {@code sub} and the tenant. Tokens with a {@code crit} header are
 * refused, as RFC 7515 section 4.1.11 requires of extensions we do not implement. {@code exp} and
 * {@code nbf} get {@value #LEEWAY_SECONDS} s of leeway against the injected clock, for clock drift
 * between the issuer and us.
 *
 * <p>Every refusal is the same {@code UnrecognizedClientException} text DynamoDB gives for a bad
 * token. Telling a caller which check failed would help forge tokens and helps nobody else: the
 * issuer's own logs say why a token is bad.
 *
 * <p>Parsed issuer keys are cached by issuer name and reused while the registry keeps returning an
 * equal {@link JwtIssuer}; a changed issuer is parsed again on its next token. The cache is bounded
 * by the registry's size, since only registered issuers are parsed. Thread-safe.
 */
public final class JwtVerifier {
  static final long LEEWAY_SECONDS = 60;
  private static final int MAX_CACHED_ISSUERS = 1024;
  private static final String BEARER = "Bearer ";

  private final JwtIssuerRegistry issuers;
  private final InstantSource clock;
  private final ConcurrentMap<String, IssuerKeys> keysByIssuer = new ConcurrentHashMap<>();

  public JwtVerifier(JwtIssuerRegistry issuers, InstantSource clock) {
    this.issuers = issuers;
    this.clock = clock;
  }

  /**
   * How many usable verification keys the issuer's configuration yields. An admin API can refuse to
   * register an issuer for which this is zero, since every token of that issuer is rejected.
   */
  public static int usableKeyCount(JwtIssuer issuer) {
    return IssuerKeys.parse(issuer).size();
  }

  public AuthOutcome verify(SignedRequest request) {
    Optional<String> header = request.header("authorization");
    if (header.isEmpty() || !header.get().regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return new Rejected(
          RejectionReason.MISSING_AUTHENTICATION_TOKEN, SigV4Verifier.MISSING_TOKEN);
    }
    return verifyToken(header.get().substring(BEARER.length()).strip());
  }

  AuthOutcome verifyToken(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      return rejected();
    }
    JsonObject header;
    JsonObject claims;
    byte[] signature;
    try {
      header = new JsonObject(new String(base64Url(parts[0]), StandardCharsets.UTF_8));
      claims = new JsonObject(new String(base64Url(parts[1]), StandardCharsets.UTF_8));
      signature = base64Url(parts[2]);
    } catch (RuntimeException e) {
      return rejected(); // Not base64url, not JSON, or not a JSON object.
    }
    String algorithm = string(header, "alg");
    String issuerName = string(claims, "iss");
    if (algorithm == null || issuerName == null || header.containsKey("crit")) {
      return rejected();
    }
    Optional<JwtIssuer> found = issuers.find(issuerName);
    if (found.isEmpty()) {
      return rejected();
    }
    JwtIssuer issuer = found.get();
    // "none", the HS* family and anything else not allowlisted stop here, before any key is used.
    if (!issuer.algorithms().contains(algorithm)) {
      return rejected();
    }
    Object kid = header.getValue("kid");
    if (kid != null && !(kid instanceof String)) {
      return rejected();
    }
    byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!keysFor(issuer).verify(algorithm, (String) kid, signingInput, signature)) {
      return rejected();
    }
    return checkClaims(issuer, claims);
  }

  private AuthOutcome checkClaims(JwtIssuer issuer, JsonObject claims) {
    long now = clock.instant().getEpochSecond();
    Double expiresAt = numericDate(claims, "exp");
    if (expiresAt == null || now >= expiresAt + LEEWAY_SECONDS) {
      return rejected();
    }
    if (claims.containsKey("nbf")) {
      Double notBefore = numericDate(claims, "nbf");
      if (notBefore == null || notBefore > now + LEEWAY_SECONDS) {
        return rejected();
      }
    }
    if (!hasAcceptedAudience(issuer, claims.getValue("aud"))) {
      return rejected();
    }
    String subject = string(claims, "sub");
    if (subject == null || subject.isBlank()) {
      return rejected();
    }
    Object tenantClaim = claims.getValue(issuer.tenantClaim());
    String tenantId;
    String fixedTenantId = issuer.fixedTenantId();
    if (fixedTenantId != null) {
      if (tenantClaim != null && !fixedTenantId.equals(tenantClaim)) {
        return rejected();
      }
      tenantId = fixedTenantId;
    } else if (tenantClaim instanceof String && !((String) tenantClaim).isBlank()) {
      tenantId = (String) tenantClaim;
    } else {
      return rejected();
    }
    return new Authenticated(new Principal(tenantId, subject, AuthMethod.JWT, ""));
  }

  private IssuerKeys keysFor(JwtIssuer issuer) {
    IssuerKeys cached = keysByIssuer.get(issuer.issuer());
    if (cached != null && (cached.issuer() == issuer || cached.issuer().equals(issuer))) {
      return cached;
    }
    IssuerKeys parsed = IssuerKeys.parse(issuer);
    if (keysByIssuer.size() >= MAX_CACHED_ISSUERS) {
      keysByIssuer.clear(); // Only reachable if the registry outgrows the bound; re-parse lazily.
    }
    keysByIssuer.put(issuer.issuer(), parsed);
    return parsed;
  }

  private static boolean hasAcceptedAudience(JwtIssuer issuer, @Nullable Object audience) {
    if (audience instanceof String) {
      return issuer.audiences().contains(audience);
    }
    if (audience instanceof JsonArray) {
      for (Object value : (JsonArray) audience) {
        if (value instanceof String && issuer.audiences().contains(value)) {
          return true;
        }
      }
    }
    return false;
  }

  /** RFC 7519 NumericDate: seconds since the epoch, possibly fractional. */
  private static @Nullable Double numericDate(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (!(value instanceof Number)) {
      return null;
    }
    double seconds = ((Number) value).doubleValue();
    return Double.isFinite(seconds) ? seconds : null;
  }

  private static @Nullable String string(JsonObject json, String name) {
    Object value = json.getValue(name);
    return value instanceof String ? (String) value : null;
  }

  /** Strict base64url without padding, as RFC 7515 section 2 requires. */
  private static byte[] base64Url(String segment) {
    if (segment.indexOf('=') >= 0) {
      throw new IllegalArgumentException("padded base64url");
    }
    return Base64.getUrlDecoder().decode(segment);
  }

  private static Rejected rejected() {
    return new Rejected(RejectionReason.UNRECOGNIZED_CLIENT, SigV4Verifier.INVALID_TOKEN);
  }
}

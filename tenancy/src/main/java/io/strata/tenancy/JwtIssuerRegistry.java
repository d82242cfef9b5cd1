package io.strata.tenancy;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The trusted JWT issuers, looked up by the token's {@code iss} claim on every request, so issuers
 * can be added, changed or removed at runtime. The same threading rules as {@link
 * AccessKeyResolver} apply: answer from memory, never block, be thread-safe.
 *
 * <p>Returning an equal {@link JwtIssuer} (ideally the same instance) on every call lets the
 * verifier reuse the keys it parsed; a changed issuer is re-parsed on its next use.
 */
@FunctionalInterface
public interface JwtIssuerRegistry {

  /**
   * The issuer whose {@code iss} value is exactly {@code issuer}, or empty if it is not trusted.
   */
  Optional<JwtIssuer> find(String issuer);

  /** Trusts no issuer: every bearer token is rejected. */
  static JwtIssuerRegistry none() {
    return issuer -> Optional.empty();
  }

  /** A fixed, in-memory registry, for tests and static configuration. */
  static JwtIssuerRegistry of(JwtIssuer... issuers) {
    Map<String, JwtIssuer> byIssuer =
        Arrays.stream(issuers)
            .collect(Collectors.toUnmodifiableMap(JwtIssuer::issuer, Function.identity()));
    return issuer -> Optional.ofNullable(byIssuer.get(issuer));
  }
}

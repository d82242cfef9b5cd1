package io.strata.tenancy;

import io.strata.tenancy.internal.JwtVerifier;

/** What an issuer's key configuration is worth before any token is seen. */
public final class JwtIssuerKeys {
  private JwtIssuerKeys() {}

  /**
   * How many usable verification keys the issuer's configuration yields: an issuer for which this
   * is zero rejects every token, so registering it is a mistake worth refusing.
   */
  public static int usableCount(JwtIssuer issuer) {
    return JwtVerifier.usableKeyCount(issuer);
  }
}

package io.strata.tenancy;

import io.strata.tenancy.internal.DefaultAuthenticator;
import io.strata.tenancy.internal.JwtVerifier;
import io.strata.tenancy.internal.SigV4Verifier;
import java.time.InstantSource;

/**
 * Authenticates API requests: AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 ...})
 * or a JWT bearer token ({@code Authorization: Bearer ...}). Anything else is {@link
 * RejectionReason#MISSING_AUTHENTICATION_TOKEN}.
 *
 * <p>Synchronous and non-blocking, so it may run on an event loop: a SigV4 request costs a SHA-256
 * of the body plus two HMACs once the day's signing key is cached; a JWT costs one public-key
 * signature check once the issuer's keys are parsed (on the first token of each issuer, or after
 * the registry returns a changed issuer). Thread-safe.
 */
public interface Authenticator {

  /**
   * Verifies the request. Never throws for bad input; every refusal is a {@link
   * AuthOutcome.Rejected} whose message can be sent to the client.
   */
  AuthOutcome authenticate(SignedRequest request);

  /**
   * The production authenticator.
   *
   * @param accessKeys resolves SigV4 access key ids; called on the caller's thread
   * @param issuers resolves JWT issuers; called on the caller's thread
   * @param clock the time used for SigV4 clock skew and JWT {@code exp}/{@code nbf}
   */
  static Authenticator create(
      AccessKeyResolver accessKeys, JwtIssuerRegistry issuers, InstantSource clock) {
    return new DefaultAuthenticator(
        new SigV4Verifier(accessKeys, clock), new JwtVerifier(issuers, clock));
  }
}

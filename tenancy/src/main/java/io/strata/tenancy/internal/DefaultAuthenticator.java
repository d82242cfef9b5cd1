package io.strata.tenancy.internal;

import io.strata.tenancy.AuthOutcome;
import io.strata.tenancy.Authenticator;
import io.strata.tenancy.RejectionReason;
import io.strata.tenancy.SignedRequest;
import java.util.Optional;

/**
 * Dispatches on the Authorization scheme: {@code AWS4-} to SigV4, {@code Bearer} (any case, as RFC
 * 7235 makes schemes case-insensitive) to JWT, anything else is a missing token, as DynamoDB
 * answers requests without a SigV4 header. Stateless apart from the verifiers' caches; thread-safe.
 */
public final class DefaultAuthenticator implements Authenticator {
  private static final String BEARER = "Bearer ";

  private final SigV4Verifier sigV4;
  private final JwtVerifier jwt;

  public DefaultAuthenticator(SigV4Verifier sigV4, JwtVerifier jwt) {
    this.sigV4 = sigV4;
    this.jwt = jwt;
  }

  @Override
  public AuthOutcome authenticate(SignedRequest request) {
    Optional<String> authorization = request.header("authorization");
    if (authorization.isPresent()) {
      String value = authorization.get();
      if (value.startsWith("AWS4-")) {
        return sigV4.verify(request);
      }
      if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        return jwt.verify(request);
      }
    }
    return new AuthOutcome.Rejected(
        RejectionReason.MISSING_AUTHENTICATION_TOKEN, SigV4Verifier.MISSING_TOKEN);
  }
}

package io.strata.tenancy;

/**
 * Authenticates a request from its head and raw body, before anything parses the body: SigV4 for
 * {@code AWS4-*} Authorization headers, bearer JWTs for {@code Bearer}.
 */
public final class Authenticator {
  private static final String BEARER = "Bearer ";

  private final SigV4Verifier sigV4;
  private final TokenVerifier tokens;

  public Authenticator(SigV4Verifier sigV4, TokenVerifier tokens) {
    this.sigV4 = sigV4;
    this.tokens = tokens;
  }

  public AuthOutcome authenticate(SignedRequest request) {
    String authorization = request.header("authorization");
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return tokens.verify(authorization.substring(BEARER.length()).trim());
    }
    return sigV4.verify(request);
  }

  /** Verifies bearer tokens; the JWT implementation lives beside this interface. */
  @FunctionalInterface
  public interface TokenVerifier {
    AuthOutcome verify(String token);

    /** For deployments without token issuers: every bearer token is refused. */
    TokenVerifier NONE =
        token ->
            new AuthOutcome.Rejected(
                RejectionReason.UNRECOGNIZED_CLIENT, SigV4Verifier.INVALID_TOKEN);
  }
}

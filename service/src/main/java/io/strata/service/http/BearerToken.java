package io.strata.service.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * A fixed secret that guards an operator endpoint (the admin API, the metrics endpoint), presented
 * as {@code Authorization: Bearer <token>} (RFC 6750) and compared in constant time, so response
 * timing does not reveal how much of a guess was right.
 */
public final class BearerToken {
  private static final String SCHEME = "Bearer ";

  private final byte[] token;

  private BearerToken(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  public static BearerToken of(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("a bearer token cannot be blank");
    }
    return new BearerToken(token.trim());
  }

  /** Whether an {@code Authorization} header value presents this token. */
  public boolean admits(@Nullable String authorization) {
    return authorization != null
        && authorization.startsWith(SCHEME)
        && MessageDigest.isEqual(
            token, authorization.substring(SCHEME.length()).getBytes(StandardCharsets.UTF_8));
  }
}

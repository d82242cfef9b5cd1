package io.strata.service.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * TransactWriteItems' idempotency: a ClientRequestToken seen in the last ten minutes, with the
 * request it came with. A repeat of the same request succeeds without writing again; the same token
 * with a different request is refused. Kept in memory: after a restart a token is new again, which
 * can only repeat a transaction whose first attempt the client saw fail to connect.
 */
final class ClientRequestTokens {
  static final Duration WINDOW = Duration.ofMinutes(10);

  /** What the token was used for, and whether that transaction has committed yet. */
  private record Use(String fingerprint, boolean committed) {}

  /** What to do with a transaction that carries a token. */
  enum Verdict {
    /** First use: run it, then {@link #committed} or {@link #abandoned}. */
    RUN,
    /** The same request already committed: answer success without running it again. */
    ALREADY_DONE
  }

  private final Cache<String, Use> uses;

  ClientRequestTokens(Clock clock) {
    Ticker ticker = () -> clock.millis() * 1_000_000L;
    this.uses = Caffeine.newBuilder().expireAfterWrite(WINDOW).ticker(ticker).build();
  }

  /**
   * Claims {@code token} of {@code tenantId} for the request with this fingerprint, or says it was
   * already done; throws if the token belongs to another request or its first use is still running.
   */
  Verdict claim(String tenantId, String token, String fingerprint) {
    String id = tenantId + '\0' + token;
    Use claimed = new Use(fingerprint, false);
    Use existing = uses.asMap().putIfAbsent(id, claimed);
    if (existing == null) {
      return Verdict.RUN;
    }
    if (!existing.fingerprint().equals(fingerprint)) {
      throw new DynamoException(
          ErrorCode.IDEMPOTENT_PARAMETER_MISMATCH,
          "The request uses the same client token as a previous, but non-identical request.");
    }
    if (!existing.committed()) {
      throw new DynamoException(
          ErrorCode.TRANSACTION_IN_PROGRESS,
          "The transaction with the given request token is already in progress.");
    }
    return Verdict.ALREADY_DONE;
  }

  void committed(String tenantId, String token, String fingerprint) {
    uses.put(tenantId + '\0' + token, new Use(fingerprint, true));
  }

  /** A failed first use frees the token: the client may retry with it. */
  void abandoned(String tenantId, String token) {
    uses.invalidate(Objects.requireNonNull(tenantId) + '\0' + token);
  }
}

package io.strata.service.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.item.TransactionTokens;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * TransactWriteItems' idempotency: a ClientRequestToken used in the last ten minutes, with the
 * request it came with. A repeat of the same request succeeds without writing again; the same token
 * with a different request is refused. Answered from memory; committed tokens are also recorded
 * with their transaction ({@link TransactionTokens}) and loaded back at startup, so a retry that
 * reaches a restarted server is still recognised.
 */
final class ClientRequestTokens {
  /**
   * What the token was used for, whether that transaction has committed yet, and when the token
   * stops answering for it.
   */
  private record Use(String fingerprint, boolean committed, long expiresAtMillis) {}

  /** What to do with a transaction that carries a token. */
  enum Verdict {
    /** First use: run it, then {@link #committed} or {@link #abandoned}. */
    RUN,
    /** The same request already committed: answer success without running it again. */
    ALREADY_DONE
  }

  private final Clock clock;
  private final Cache<String, Use> uses;

  ClientRequestTokens(Clock clock, List<TransactionTokens.Committed> committed) {
    this.clock = clock;
    Ticker ticker = () -> clock.millis() * 1_000_000L;
    this.uses = Caffeine.newBuilder().ticker(ticker).expireAfter(new UntilExpiry()).build();
    committed.forEach(this::committed);
  }

  /**
   * Claims {@code token} of {@code tenantId} for the request with this fingerprint, or says it was
   * already done; throws if the token belongs to another request or its first use is still running.
   */
  Verdict claim(String tenantId, String token, String fingerprint) {
    Use claimed = new Use(fingerprint, false, clock.millis() + TransactionTokens.WINDOW.toMillis());
    Use existing = uses.asMap().putIfAbsent(id(tenantId, token), claimed);
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

  void committed(TransactionTokens.Committed committed) {
    uses.put(
        id(committed.tenantId(), committed.token()),
        new Use(committed.fingerprint(), true, committed.expiresAt().toEpochMilli()));
  }

  /** A failed first use frees the token: the client may retry with it. */
  void abandoned(String tenantId, String token) {
    uses.invalidate(id(Objects.requireNonNull(tenantId), token));
  }

  private static String id(String tenantId, String token) {
    return tenantId + '\0' + token;
  }

  /** Each use lives until its own expiry: loaded tokens have less than the full window left. */
  private final class UntilExpiry implements Expiry<String, Use> {
    @Override
    public long expireAfterCreate(String id, Use use, long currentTime) {
      return remainingNanos(use);
    }

    @Override
    public long expireAfterUpdate(String id, Use use, long currentTime, long currentDuration) {
      return remainingNanos(use);
    }

    @Override
    public long expireAfterRead(String id, Use use, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private long remainingNanos(Use use) {
      return Math.max(0, use.expiresAtMillis() - clock.millis()) * 1_000_000L;
    }
  }
}

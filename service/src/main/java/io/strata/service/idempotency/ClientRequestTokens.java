package io.strata.service.idempotency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.WriteSet;
import java.time.Clock;
import java.util.Objects;

/**
 * TransactWriteItems' idempotency: a ClientRequestToken used in the last ten minutes, with the
 * request it came with. A repeat of the same request succeeds without writing again; the same token
 * with a different request is refused. Answered from memory; committed tokens are also recorded
 * with their transaction ({@link TransactionTokens}), and a token counts as committed only once a
 * committed write set carries its record ({@link #apply}): so a node that only applied the write
 * set, and a server restarted since (the live records are loaded at startup), recognise a retry
 * just as the node that ran the transaction does. A claim of a token whose transaction is still
 * running is this node's own business and lives only here.
 */
public final class ClientRequestTokens implements Projection {
  /**
   * What the token was used for, whether that transaction has committed yet, and when the token
   * stops answering for it.
   */
  private record Use(String fingerprint, boolean committed, long expiresAtMillis) {}

  /** What to do with a transaction that carries a token. */
  public enum Verdict {
    /** First use: run it, and {@link #abandoned} the token if it fails. */
    RUN,
    /** The same request already committed: answer success without running it again. */
    ALREADY_DONE
  }

  private final Clock clock;
  private final Cache<String, Use> uses;

  public ClientRequestTokens(Clock clock) {
    this.clock = clock;
    Ticker ticker = () -> clock.millis() * 1_000_000L;
    this.uses = Caffeine.newBuilder().ticker(ticker).expireAfter(new UntilExpiry()).build();
  }

  /** Loads the tokens committed within their window. Blocking: call at startup. */
  public void load(LmdbStore store) {
    TransactionTokens.load(store, clock.instant()).forEach(this::committed);
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    TransactionTokens.recordedIn(writes).forEach(this::committed);
  }

  /**
   * Claims {@code token} of {@code tenantId} for the request with this fingerprint, or says it was
   * already done; throws if the token belongs to another request or its first use is still running.
   */
  public Verdict claim(String tenantId, String token, String fingerprint) {
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

  private void committed(TransactionTokens.Committed committed) {
    uses.put(
        id(committed.tenantId(), committed.token()),
        new Use(committed.fingerprint(), true, committed.expiresAt().toEpochMilli()));
  }

  /** A failed first use frees the token: the client may retry with it. */
  public void abandoned(String tenantId, String token) {
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

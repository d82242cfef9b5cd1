package io.strata.service.idempotency;

import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The durable half of TransactWriteItems' idempotency: each ClientRequestToken is recorded in the
 * same writer transaction as the writes it stands for, so a transaction that committed is known to
 * have committed after a restart too, and its retry is not applied a second time.
 *
 * <p>Records live in the catalog under {@code txn-token/<commit millis>/<tenant>/<token hex>} with
 * the request's fingerprint as the value. Lookups are served from memory (every live token is
 * loaded at startup), so the key is ordered by time for the one thing done on disk besides loading:
 * dropping records whose window has passed, oldest first.
 */
public final class TransactionTokens {
  /** How long a committed token answers for its request (DynamoDB: 10 minutes). */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  private static final String RECORD = "txn-token";
  private static final byte[] PREFIX = CatalogKeys.prefix(RECORD);
  private static final HexFormat HEX = HexFormat.of();

  /** A token of a tenant, the fingerprint of the request it was used for, and its commit time. */
  public record Committed(String tenantId, String token, String fingerprint, Instant at) {
    /** When the token stops answering for its request. */
    public Instant expiresAt() {
      return at.plus(WINDOW);
    }
  }

  private TransactionTokens() {}

  /** Every token still inside its window at {@code now}. Blocking: for startup. */
  public static List<Committed> load(LmdbStore store, Instant now) {
    return store.read(view -> live(view, now));
  }

  private static List<Committed> live(ReadView view, Instant now) {
    List<Committed> live = new ArrayList<>();
    CatalogKeys.forEachUnder(
        view,
        PREFIX,
        (key, value) -> {
          Committed committed = decode(key, value);
          if (committed.expiresAt().isAfter(now)) {
            live.add(committed);
          }
        });
    return live;
  }

  /** Records the token inside the caller's writer transaction. */
  public static void record(WriteView view, Committed committed) {
    view.put(
        Db.CATALOG,
        CatalogKeys.key(
            RECORD,
            String.format("%020d", committed.at().toEpochMilli()),
            committed.tenantId(),
            HEX.formatHex(committed.token().getBytes(StandardCharsets.UTF_8))),
        committed.fingerprint().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Deletes up to {@code max} records whose window ended before {@code now}, oldest first.
   *
   * @return how many were deleted
   */
  public static int purge(WriteView view, Instant now, int max) {
    List<byte[]> expired = new ArrayList<>();
    view.scan(
        Db.CATALOG,
        PREFIX,
        true,
        (key, value) -> {
          if (!CatalogKeys.startsWith(key, PREFIX)
              || expired.size() >= max
              || decode(new String(key, StandardCharsets.UTF_8), value).expiresAt().isAfter(now)) {
            return false;
          }
          expired.add(key);
          return true;
        });
    expired.forEach(key -> view.delete(Db.CATALOG, key));
    return expired.size();
  }

  /** The tokens a committed write set recorded. */
  static List<Committed> recordedIn(WriteSet writes) {
    List<Committed> recorded = new ArrayList<>();
    for (WriteSet.Mutation mutation : writes.mutationsUnder(Db.CATALOG, PREFIX)) {
      byte[] value = mutation.value();
      if (value != null) {
        recorded.add(decode(new String(mutation.key(), StandardCharsets.UTF_8), value));
      }
    }
    return recorded;
  }

  private static Committed decode(String key, byte[] value) {
    String[] parts = key.split("/", -1);
    return new Committed(
        parts[2],
        new String(HEX.parseHex(parts[3]), StandardCharsets.UTF_8),
        new String(value, StandardCharsets.UTF_8),
        Instant.ofEpochMilli(Long.parseLong(parts[1])));
  }
}

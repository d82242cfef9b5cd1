package io.strata.billing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where ledger rows live. The service implements it over the LMDB {@code ledger} database with
 * {@link UsageRowCodec}, so the rows that meter a write commit in the same transaction as the
 * write; {@link InMemoryUsageStore} is the fake for tests.
 *
 * <p>Implementations need not be atomic across calls: {@link UsageLedger} reads a row, adds to it
 * and writes it back, so all mutations of one store must come from one thread at a time (in the
 * service, the {@code lmdb-writer} thread inside its write transaction).
 */
public interface UsageStore {
  /** The row for {@code key}, or empty if nothing was recorded for it yet. */
  Optional<UsageRow> read(UsageKey key);

  /** Stores {@code row}, replacing any row with the same key. */
  void write(UsageRow row);

  /**
   * Every row of {@code tenantId} whose hour starts in {@code [fromHour, toHour)}, ordered by hour
   * and then by table name (unsigned UTF-8 byte order, which is {@link UsageRowCodec}'s key order).
   * Both bounds are whole hours.
   */
  List<UsageRow> list(String tenantId, Instant fromHour, Instant toHour);
}

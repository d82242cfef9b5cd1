package io.strata.billing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sums metered capacity in memory until the next ledger flush; for usage that no write transaction
 * carries (reads, and anything the service prefers to batch).
 *
 * <p>{@link #record} runs on event loops: it never blocks on I/O, and after the first record of a
 * table in an hour it is a map lookup and two atomic adds. A timer calls {@link #drain} and hands
 * the rows to the {@code lmdb-writer}, which {@link UsageLedger#add adds} them in its transaction.
 *
 * <p>No count is lost to a race: {@code drain} takes each counter with an atomic get-and-set, so a
 * concurrent add lands either in this drain or the next. A row's counters are dropped from memory
 * only once its hour is more than one hour old, when nothing records into it any more (records are
 * stamped with the current time). Usage not yet drained is lost if the process dies: at most one
 * flush interval of reads, which the service keeps short.
 */
public final class UsageRecorder {
  private final ConcurrentHashMap<UsageKey, Counters> pending = new ConcurrentHashMap<>();

  /** Adds half-units consumed at {@code at} (the request's time) to the hour's row. */
  public void record(
      String tenantId, String tableName, Instant at, long readHalfUnits, long writeHalfUnits) {
    if (readHalfUnits < 0 || writeHalfUnits < 0) {
      throw new IllegalArgumentException(
          "half-units must not be negative: " + readHalfUnits + ", " + writeHalfUnits);
    }
    if (readHalfUnits == 0 && writeHalfUnits == 0) {
      return;
    }
    UsageKey key = UsageKey.at(tenantId, tableName, at);
    Counters counters = pending.get(key);
    if (counters == null) {
      counters = pending.computeIfAbsent(key, k -> new Counters());
    }
    if (readHalfUnits > 0) {
      counters.readHalfUnits.addAndGet(readHalfUnits);
    }
    if (writeHalfUnits > 0) {
      counters.writeHalfUnits.addAndGet(writeHalfUnits);
    }
  }

  /**
   * Takes everything recorded since the last drain, as one row per tenant, table and hour with
   * nonzero counters, and forgets rows of hours that ended more than an hour before {@code now}.
   */
  public List<UsageRow> drain(Instant now) {
    Instant forgetBefore = UsageKey.hourOf(now).minusSeconds(UsageKey.SECONDS_PER_HOUR);
    List<UsageRow> rows = new ArrayList<>();
    Iterator<Map.Entry<UsageKey, Counters>> entries = pending.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<UsageKey, Counters> entry = entries.next();
      UsageKey key = entry.getKey();
      if (key.hourStart().isBefore(forgetBefore)) {
        entries.remove();
      }
      Counters counters = entry.getValue();
      long read = counters.readHalfUnits.getAndSet(0);
      long write = counters.writeHalfUnits.getAndSet(0);
      if (read != 0 || write != 0) {
        rows.add(new UsageRow(key, read, write, 0));
      }
    }
    return rows;
  }

  private static final class Counters {
    final AtomicLong readHalfUnits = new AtomicLong();
    final AtomicLong writeHalfUnits = new AtomicLong();
  }
}

package io.strata.service.storage;

import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node does with a stored value that fails to open (its authentication tag does not
 * verify: a damaged page, a value moved under another key), and how many it has met.
 *
 * <p>A point read of such a value fails that request with an internal error, always. A walk over
 * many values (a Scan or Query page, a table copy for a backup or a restore) either fails that one
 * request too (the default, {@code STRATA_DAMAGED_VALUES=fail}: nobody is handed an incomplete
 * answer without asking for it), or skips the value and goes on ({@code skip}), as the operator
 * configures. Either way the value is reported: one log line naming where it is, and the {@code
 * ddb_corrupt_values_total} counter. Nothing here ever stops the writer, and an unconditional
 * delete removes such an item without opening it; {@code strata admin verify-store} lists every
 * damaged value.
 */
public final class DamagedValues {
  private static final Logger LOG = LoggerFactory.getLogger(DamagedValues.class);

  private final boolean skipInWalks;
  private final AtomicLong met = new AtomicLong();

  /**
   * @param skipInWalks whether walks skip damaged values instead of failing
   */
  public DamagedValues(boolean skipInWalks) {
    this.skipInWalks = skipInWalks;
  }

  /** Whether walks skip damaged values instead of failing. */
  public boolean skipInWalks() {
    return skipInWalks;
  }

  /** Counts and logs one damaged value found at {@code key} of {@code db}, in {@code where}. */
  public void report(String where, Db db, byte[] key, UnreadableValueException cause) {
    met.incrementAndGet();
    LOG.error(
        "damaged value in {} ({} key {}): {}; delete the item or restore it from a backup",
        where,
        db.lmdbName(),
        HexFormat.of().formatHex(key),
        cause.getMessage());
  }

  /** Damaged values met since start (each encounter counts). */
  public long met() {
    return met.get();
  }
}

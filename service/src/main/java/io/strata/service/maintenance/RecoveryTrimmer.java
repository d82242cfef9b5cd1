package io.strata.service.maintenance;

import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.RecoveryRecord;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Trims point-in-time recovery data to each table's recovery period ({@code
 * ContinuousBackups.trim}): bases older than the window's start are dropped (the purge frees them),
 * the retained changes their successor holds are deleted a writer batch at a time, and a deleted
 * table's recovery data goes whole once its period has passed since the deletion. Recovery data a
 * restore in progress reads is left for a later round.
 *
 * <p>What a round would do is decided from memory: a table is trimmed when a base is due to go,
 * when its changes have not been trimmed through its oldest base yet (remembered per recovery id;
 * after a start each table is looked at once), or when its deleted data expired.
 */
final class RecoveryTrimmer implements MaintenanceJob {
  private static final int CHANGES_PER_BATCH = 1_000;

  private final ContinuousBackups recoveries;
  private final Supplier<Set<Long>> sourcesInUse;
  private final Writer writer;
  private final Clock clock;
  private final Map<Long, Long> trimmedThrough = new ConcurrentHashMap<>();

  /**
   * @param sourcesInUse the storage ids restores and exports in progress still read
   */
  RecoveryTrimmer(
      ContinuousBackups recoveries, Supplier<Set<Long>> sourcesInUse, Writer writer, Clock clock) {
    this.recoveries = recoveries;
    this.sourcesInUse = sourcesInUse;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public Future<Boolean> runRound() {
    Instant now = clock.instant();
    for (RecoveryRecord recovery : recoveries.all()) {
      if (isDue(recovery, now) && !sourcesInUse.get().contains(recovery.recoveryId())) {
        return writer
            .submit(
                ContinuousBackups.trim(recovery.tableId(), now, CHANGES_PER_BATCH, sourcesInUse))
            .map(
                more -> {
                  if (!more) {
                    markTrimmed(recovery.tableId());
                  }
                  return true;
                });
      }
    }
    return Future.succeededFuture(false);
  }

  private boolean isDue(RecoveryRecord recovery, Instant now) {
    Instant windowStart = recovery.latestRestorable(now).minus(recovery.recoveryPeriod());
    Instant deletedAt = recovery.deletedAt();
    boolean expired = deletedAt != null && !now.isBefore(deletedAt.plus(recovery.recoveryPeriod()));
    boolean baseToDrop =
        recovery.bases().size() > 1 && !recovery.bases().get(1).snapshotTime().isAfter(windowStart);
    RecoveryRecord.Base oldest = recovery.bases().isEmpty() ? null : recovery.bases().get(0);
    boolean changesToTrim =
        oldest != null
            && trimmedThrough.getOrDefault(recovery.recoveryId(), -1L) < oldest.logIndex();
    return expired || baseToDrop || changesToTrim;
  }

  /** Remembers that the table's changes are trimmed through its (current) oldest base. */
  private void markTrimmed(long tableId) {
    recoveries.all().stream()
        .filter(recovery -> recovery.tableId() == tableId && !recovery.bases().isEmpty())
        .findFirst()
        .ifPresent(
            recovery ->
                trimmedThrough.put(recovery.recoveryId(), recovery.bases().get(0).logIndex()));
  }
}

package io.strata.service.table;

import org.jspecify.annotations.Nullable;

/**
 * The work left of one table's restore, saved with every batch of it, so a restore interrupted by a
 * crash resumes where its last batch committed: first the items of a stored copy (a backup's, or a
 * base snapshot's for a point-in-time restore), then, for a point in time, the changes retained
 * after that copy up to the instant, replayed in log order.
 *
 * @param copyFrom the stored copy, as a table: its definition under the copy's own storage id,
 *     without indexes (whose items open under that id)
 * @param replay the retained changes to replay after the copy, or null (a backup restore)
 * @param next where the current phase continues: the next key to read (null: the phase's start)
 */
public record RestoreJob(
    String tenantId,
    String tableName,
    long tableId,
    TableMetadata copyFrom,
    @Nullable Replay replay,
    Phase phase,
    byte @Nullable [] next) {

  /**
   * The changes of the source table retained under {@code recoveryId} after the write set at {@code
   * afterLogIndex} (where the copy was taken), whose timestamps are at most {@code untilMillis}.
   */
  public record Replay(long recoveryId, long afterLogIndex, long untilMillis) {}

  /** Persisted by name in the catalog: never rename. */
  public enum Phase {
    COPY,
    REPLAY
  }

  /** A restore of {@code table}'s items that has not begun. */
  public static RestoreJob start(
      TableMetadata table, TableMetadata copyFrom, @Nullable Replay replay) {
    return new RestoreJob(
        table.tenantId(), table.name(), table.tableId(), copyFrom, replay, Phase.COPY, null);
  }

  /** This job, continuing at {@code nextKey} of {@code nextPhase}. */
  public RestoreJob at(Phase nextPhase, byte @Nullable [] nextKey) {
    return new RestoreJob(tenantId, tableName, tableId, copyFrom, replay, nextPhase, nextKey);
  }

  public TableRef ref() {
    return new TableRef(tenantId, tableName);
  }
}

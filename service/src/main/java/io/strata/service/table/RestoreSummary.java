package io.strata.service.table;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Where a restored table came from, as DescribeTable's {@code RestoreSummary} shows it: a backup
 * (named by its id and the table it was taken of, so its ARN can be written in the caller's region)
 * or a point in time of a source table. While {@code inProgress}, the table is {@code CREATING}:
 * its items are still being written, and it serves no reads or writes.
 *
 * @param restoreDateTime the point in time restored to (for a backup: when it was taken)
 */
public record RestoreSummary(
    @Nullable String sourceBackupId,
    @Nullable String sourceTableName,
    Instant restoreDateTime,
    boolean inProgress) {

  /** The same summary once the restore completed. */
  public RestoreSummary completed() {
    return new RestoreSummary(sourceBackupId, sourceTableName, restoreDateTime, false);
  }
}

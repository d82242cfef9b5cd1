package io.strata.service.backup;

import io.strata.service.table.TableMetadata;
import java.time.Instant;
import java.util.List;

/**
 * An on-demand backup of a table: the table's definition when it was taken, and a copy of its items
 * stored under their own table id ({@code storageId}), which no catalog entry names, so only a
 * restore can read them.
 */
public record BackupRecord(
    String backupId,
    String backupName,
    long storageId,
    Instant createdAt,
    long itemCount,
    long sizeBytes,
    TableMetadata source) {

  public String tenantId() {
    return source.tenantId();
  }

  /** Where the copied items are, as a table: the source's definition under the backup's id. */
  public TableMetadata storage() {
    return source.toBuilder().tableId(storageId).indexes(List.of()).build();
  }
}

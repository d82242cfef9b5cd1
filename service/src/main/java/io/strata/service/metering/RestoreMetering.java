package io.strata.service.metering;

import io.strata.billing.UsageLedger;
import io.strata.billing.UsageMetrics;
import io.strata.service.storage.WriteView;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import java.time.Clock;

/**
 * Meters completed restores (RestoreTableFromBackup, RestoreTableToPointInTime) as DynamoDB bills
 * them: by the size of the data restored ("Restoring a table is charged based on the total size of
 * data restored", per GB). The ledger row is written in the transaction that publishes the restored
 * table, so a restore is billed exactly once, crash or not; the Prometheus counter is added once
 * that transaction committed.
 */
public final class RestoreMetering {
  private final UsageMetrics metrics;
  private final Clock clock;

  public RestoreMetering(UsageMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  /** In the restore's last transaction: the ledger row; returns the bytes restored. */
  public long recordInLedger(WriteView view, TableMetadata restored) {
    long bytes = TableStats.read(view, restored.tableId()).sizeBytes();
    new UsageLedger(LedgerStore.writing(view))
        .recordRestored(restored.tenantId(), restored.name(), clock.instant(), bytes);
    return bytes;
  }

  /** Once that transaction committed. */
  public void committed(TableMetadata restored, long restoredBytes) {
    metrics.recordRestored(restored.tenantId(), restored.name(), restoredBytes);
  }
}

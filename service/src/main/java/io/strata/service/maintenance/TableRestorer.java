package io.strata.service.maintenance;

import io.strata.service.item.TableMaintenance;
import io.strata.service.metering.RestoreMetering;
import io.strata.service.table.RestoreJobs;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.List;

/**
 * Carries out the restores in progress (RestoreTableFromBackup, RestoreTableToPointInTime), one
 * writer-sized batch per round, oldest table first: each batch saves where the next one starts, so
 * a restore interrupted by a crash or a change of the node that runs maintenance resumes exactly
 * there. Memory is bounded by one batch, whatever the table's size. The batch that completes a
 * restore meters it ({@link RestoreMetering}).
 */
final class TableRestorer implements MaintenanceJob {
  private final RestoreJobs jobs;
  private final TableMaintenance tables;
  private final RestoreMetering metering;

  TableRestorer(RestoreJobs jobs, TableMaintenance tables, RestoreMetering metering) {
    this.jobs = jobs;
    this.tables = tables;
    this.metering = metering;
  }

  /** The restore a round completed, as its last transaction metered it. */
  private record Completed(TableMetadata table, long restoredBytes) {}

  @Override
  public Future<Boolean> runRound() {
    List<Long> pending = jobs.pending();
    if (pending.isEmpty()) {
      return Future.succeededFuture(false);
    }
    Completed[] completed = {null};
    return tables
        .restoreBatch(
            pending.get(0),
            (view, restored) ->
                completed[0] = new Completed(restored, metering.recordInLedger(view, restored)))
        .onSuccess(
            more -> {
              if (completed[0] != null) {
                metering.committed(completed[0].table(), completed[0].restoredBytes());
              }
            })
        .map(more -> true);
  }
}

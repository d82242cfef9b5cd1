package io.strata.service.maintenance;

import io.strata.service.item.TableMaintenance;
import io.strata.service.storage.WriteView;
import io.strata.service.table.RestoreJobs;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Carries out the restores in progress (RestoreTableFromBackup, RestoreTableToPointInTime), one
 * writer-sized batch per round, oldest table first: each batch saves where the next one starts, so
 * a restore interrupted by a crash or a change of the node that runs maintenance resumes exactly
 * there. Memory is bounded by one batch, whatever the table's size.
 */
final class TableRestorer implements MaintenanceJob {
  private final RestoreJobs jobs;
  private final TableMaintenance tables;
  private final BiConsumer<WriteView, TableMetadata> onRestored;

  /**
   * @param onRestored runs in the transaction that publishes a restored table (metering)
   */
  TableRestorer(
      RestoreJobs jobs, TableMaintenance tables, BiConsumer<WriteView, TableMetadata> onRestored) {
    this.jobs = jobs;
    this.tables = tables;
    this.onRestored = onRestored;
  }

  @Override
  public Future<Boolean> runRound() {
    List<Long> pending = jobs.pending();
    if (pending.isEmpty()) {
      return Future.succeededFuture(false);
    }
    return tables.restoreBatch(pending.get(0), onRestored).map(more -> true);
  }
}

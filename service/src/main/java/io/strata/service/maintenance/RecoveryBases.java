package io.strata.service.maintenance;

import io.strata.service.item.TableMaintenance;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.RecoveryRecord;
import io.strata.service.table.StorageReservations;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Takes the base snapshots of point-in-time recovery ({@link RecoveryRecord}): the first right
 * after recovery is turned on, then one a day, so that the retention trim can drop what lies before
 * the window and a restore never replays more than about a day of changes after its base. A base is
 * a consistent copy of the table's items under a reserved storage id ({@code
 * TableMaintenance.copyTable}), saved with the log position its snapshot holds; a copy that dies
 * with its process is freed by the next start (its reservation is abandoned).
 *
 * <p>One base per round, the table that needs one most first; while none is due, a round only looks
 * at memory.
 */
final class RecoveryBases implements MaintenanceJob {
  static final Duration BASE_INTERVAL = Duration.ofDays(1);

  private final ContinuousBackups recoveries;
  private final TableCatalog catalog;
  private final TableMaintenance tables;
  private final Writer writer;
  private final Clock clock;

  RecoveryBases(
      ContinuousBackups recoveries,
      TableCatalog catalog,
      TableMaintenance tables,
      Writer writer,
      Clock clock) {
    this.recoveries = recoveries;
    this.catalog = catalog;
    this.tables = tables;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public Future<Boolean> runRound() {
    Instant now = clock.instant();
    for (RecoveryRecord recovery : recoveries.all()) {
      TableMetadata table = catalog.byId(recovery.tableId());
      if (!recovery.isDeleted()
          && table != null
          && !table.settings().isKeyDestroyed()
          && isDue(recovery, now)) {
        return takeBase(recovery, table).map(saved -> true);
      }
    }
    return Future.succeededFuture(false);
  }

  private static boolean isDue(RecoveryRecord recovery, Instant now) {
    RecoveryRecord.Base newest = recovery.newestBase();
    return newest == null || !newest.snapshotTime().plus(BASE_INTERVAL).isAfter(now);
  }

  private Future<Boolean> takeBase(RecoveryRecord recovery, TableMetadata table) {
    return writer
        .submit(StorageReservations.reserveOne())
        .compose(
            storageId ->
                tables
                    .copyTable(
                        table,
                        table.toBuilder().tableId(storageId).indexes(List.of()).build(),
                        clock)
                    .compose(
                        copied ->
                            writer.submit(
                                ContinuousBackups.addBase(
                                    recovery.tableId(),
                                    new RecoveryRecord.Base(
                                        storageId,
                                        copied.position().index(),
                                        copied.snapshotTime()))))
                    .recover(
                        failure ->
                            writer
                                .submit(StorageReservations.abandonOne(storageId))
                                .compose(ignored -> Future.failedFuture(failure))));
  }
}

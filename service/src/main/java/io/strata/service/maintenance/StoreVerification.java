package io.strata.service.maintenance;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.item.TableMaintenance;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.tenant.TenantRecord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code strata admin verify-store}: opens every stored value of every table and backup of every
 * tenant, one table per read snapshot, and lists those that do not open, so an operator learns
 * where the damage is before a client does (and can delete or restore those items).
 */
public final class StoreVerification {
  /** What a pass found. */
  public record Report(int tables, long checkedValues, List<TableMaintenance.Damaged> damaged) {}

  private final TenantDirectory tenants;
  private final TableCatalog catalog;
  private final BackupCatalog backups;
  private final TableMaintenance tables;

  public StoreVerification(
      TenantDirectory tenants,
      TableCatalog catalog,
      BackupCatalog backups,
      TableMaintenance tables) {
    this.tenants = tenants;
    this.catalog = catalog;
    this.backups = backups;
    this.tables = tables;
  }

  public Future<Report> run() {
    List<TableMetadata> stores = new ArrayList<>(catalog.all());
    for (TenantRecord tenant : tenants.tenants()) {
      backups.list(tenant.id()).stream().map(BackupRecord::storage).forEach(stores::add);
    }
    // A table whose key was destroyed is unreadable by design, not damaged.
    stores.removeIf(table -> !tenants.holdsKeyOf(table));
    Future<Report> report = Future.succeededFuture(new Report(0, 0, List.of()));
    for (TableMetadata table : stores) {
      report =
          report.compose(
              sofar ->
                  tables
                      .verify(table)
                      .map(
                          verified -> {
                            List<TableMaintenance.Damaged> damaged =
                                new ArrayList<>(sofar.damaged());
                            damaged.addAll(verified.damaged());
                            return new Report(
                                sofar.tables() + 1,
                                sofar.checkedValues() + verified.checked(),
                                damaged);
                          }));
    }
    return report;
  }
}

package io.strata.service.maintenance;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.item.TableMaintenance;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.TenantChanges;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's data-key rotation: a new data key for everything written from now on, then a pass that
 * re-seals the items of its tables and backups still sealed with older keys. The service keeps
 * serving throughout; items are readable under either key at every moment.
 */
public final class DataKeyRotation {
  /** What a rotation or re-encryption pass did. */
  public record Outcome(String tenant, long dataKeyId, long resealedItems) {}

  private final Writer writer;
  private final TenantDirectory tenants;
  private final TenantChanges tenantChanges;
  private final TableCatalog catalog;
  private final BackupCatalog backups;
  private final TableMaintenance tables;

  public DataKeyRotation(
      Writer writer,
      TenantDirectory tenants,
      TenantChanges tenantChanges,
      TableCatalog catalog,
      BackupCatalog backups,
      TableMaintenance tables) {
    this.writer = writer;
    this.tenants = tenants;
    this.tenantChanges = tenantChanges;
    this.catalog = catalog;
    this.backups = backups;
    this.tables = tables;
  }

  public Future<Outcome> rotate(String tenantId) {
    return writer
        .submit(tenantChanges.rotateDataKey(tenantId))
        .compose(keyId -> reencrypt(tenantId));
  }

  /** Re-seals whatever is not yet under the current key (also resumes an interrupted rotation). */
  public Future<Outcome> reencrypt(String tenantId) {
    List<TableMetadata> stores = new ArrayList<>(catalog.list(tenantId));
    for (BackupRecord backup : backups.list(tenantId)) {
      stores.add(backup.storage());
    }
    // What a destroyed table key sealed stays unreadable; nothing can be sealed with it either.
    stores.removeIf(table -> !tenants.holdsKeyOf(table));
    Future<Long> resealed = Future.succeededFuture(0L);
    for (TableMetadata table : stores) {
      resealed = resealed.compose(done -> tables.resealTable(table).map(more -> done + more));
    }
    return resealed.map(
        count ->
            new Outcome(
                tenantId, tenants.tenant(tenantId).orElseThrow().currentDataKeyId(), count));
  }
}

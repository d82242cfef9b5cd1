package io.strata.service.admin;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.item.ItemStore;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.TenantDirectory;
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

  private final TenantDirectory tenants;
  private final TableCatalog catalog;
  private final BackupCatalog backups;
  private final ItemStore items;

  public DataKeyRotation(
      TenantDirectory tenants, TableCatalog catalog, BackupCatalog backups, ItemStore items) {
    this.tenants = tenants;
    this.catalog = catalog;
    this.backups = backups;
    this.items = items;
  }

  public Future<Outcome> rotate(String tenantId) {
    return tenants.rotateDataKey(tenantId).compose(keyId -> reencrypt(tenantId));
  }

  /** Re-seals whatever is not yet under the current key (also resumes an interrupted rotation). */
  public Future<Outcome> reencrypt(String tenantId) {
    List<TableMetadata> stores = new ArrayList<>(catalog.list(tenantId));
    for (BackupRecord backup : backups.list(tenantId)) {
      stores.add(backup.storage());
    }
    Future<Long> resealed = Future.succeededFuture(0L);
    for (TableMetadata table : stores) {
      resealed = resealed.compose(done -> items.resealTable(table).map(more -> done + more));
    }
    return resealed.map(
        count ->
            new Outcome(
                tenantId, tenants.tenant(tenantId).orElseThrow().currentDataKeyId(), count));
  }
}

package io.strata.service.tenant;

import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableSettings;
import org.jspecify.annotations.Nullable;

/**
 * Whose data key seals a new value: the tenant's current key, or the table's own key when its
 * encryption named a {@code KMSMasterKeyId} ({@link TableDataKeys}). Every place that seals a value
 * asks here, so no seal site decides on its own which key applies. Opening needs no owner: a sealed
 * value names its key in its header, and any key of the tenant is found by that id.
 *
 * @param tableKeyId the table's own data key, or null for the tenant's current one
 */
public record KeyOwner(String tenantId, @Nullable Long tableKeyId) {

  public static KeyOwner tenant(String tenantId) {
    return new KeyOwner(tenantId, null);
  }

  /**
   * The owner of the key that seals {@code table}'s values: items, index entries, stream records,
   * and the copies of its backups and base snapshots (their definitions are the table's, so they
   * carry its key).
   */
  public static KeyOwner of(TableMetadata table) {
    TableSettings.OwnKey ownKey = table.settings().ownKey();
    return new KeyOwner(table.tenantId(), ownKey == null ? null : ownKey.dataKeyId());
  }
}

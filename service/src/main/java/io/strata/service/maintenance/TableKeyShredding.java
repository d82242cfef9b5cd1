package io.strata.service.maintenance;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.error.DynamoException;
import io.strata.service.item.TableMaintenance;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableRef;
import io.strata.service.table.TableSettings;
import io.strata.service.tenant.TableDataKeys;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Crypto-shredding of one table ({@code strata admin shred-table-key}): destroys the table's own
 * data key ({@link TableDataKeys#destroy}), after moving under that key whatever of the table and
 * its backups is still sealed with the tenant's key, which is what a table that got its key from
 * UpdateTable holds from before. Without that pass those values would survive the shredding,
 * readable by anyone holding the tenant's key.
 *
 * <p>The pass is the data-key rotation's re-seal ({@link TableMaintenance#resealTable}), online, in
 * writer-sized batches. Stream records and point-in-time recovery's retained changes are not
 * re-sealed (they are a log of what was written, kept for 24 hours and for the recovery period):
 * those written before the table had its own key stay under the tenant's key until they age out,
 * and so do the base snapshots taken before then.
 */
public final class TableKeyShredding {
  /** What a shredding did. */
  public record Outcome(
      String tenant, String table, long dataKeyId, Instant destroyedAt, long resealedValues) {}

  private final Writer writer;
  private final TableCatalog catalog;
  private final BackupCatalog backups;
  private final TableMaintenance tables;
  private final TableDataKeys tableKeys;

  public TableKeyShredding(
      Writer writer,
      TableCatalog catalog,
      BackupCatalog backups,
      TableMaintenance tables,
      TableDataKeys tableKeys) {
    this.writer = writer;
    this.catalog = catalog;
    this.backups = backups;
    this.tables = tables;
    this.tableKeys = tableKeys;
  }

  public Future<Outcome> shred(TableRef ref) {
    TableMetadata table =
        catalog
            .find(ref)
            .orElseThrow(() -> DynamoException.resourceNotFound("Table not found: " + ref.name()));
    Future<Long> resealed = Future.succeededFuture(0L);
    TableSettings.OwnKey ownKey = table.settings().ownKey();
    // Without a live key of its own, destroy() refuses: nothing to re-seal first.
    if (ownKey != null && !ownKey.isDestroyed()) {
      for (TableMetadata store : storesOf(table)) {
        resealed = resealed.compose(done -> tables.resealTable(store).map(more -> done + more));
      }
    }
    return resealed.compose(
        count ->
            writer
                .submit(tableKeys.destroy(ref))
                .map(
                    shredded -> {
                      TableSettings.OwnKey destroyed =
                          Objects.requireNonNull(shredded.settings().ownKey());
                      return new Outcome(
                          ref.tenantId(),
                          ref.name(),
                          destroyed.dataKeyId(),
                          Objects.requireNonNull(destroyed.destroyedAt()),
                          count);
                    }));
  }

  /** The table and the copies of its items in its backups. */
  private List<TableMetadata> storesOf(TableMetadata table) {
    List<TableMetadata> stores = new ArrayList<>(List.of(table));
    for (BackupRecord backup : backups.list(table.tenantId())) {
      if (backup.source().tableId() == table.tableId()) {
        stores.add(backup.storage());
      }
    }
    return stores;
  }
}

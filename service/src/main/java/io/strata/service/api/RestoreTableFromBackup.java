package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.RestoreSummary;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableKeys;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.TableQuota;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * RestoreTableFromBackup: a new table with the backup's definition and items. As in DynamoDB the
 * table is {@code CREATING} at first and the items are written in the background ({@code
 * maintenance/TableRestorer}); the restore resumes after a crash, and the table turns {@code
 * ACTIVE} once every item is there. As in DynamoDB, tags, streams, TTL and deletion protection are
 * not restored; billing mode and throughput may be overridden.
 */
public final class RestoreTableFromBackup implements Operation<RestoreTableFromBackup.Request> {
  record Request(String targetTableName, BackupRecord backup, RestoredTables.Overrides overrides) {}

  private final TableCatalog catalog;
  private final BackupCatalog backups;
  private final Writer writer;
  private final TableStats stats;
  private final Clock clock;
  private final TableQuota tableQuota;
  private final TableKeys keys;
  private final TenantDirectory tenants;

  public RestoreTableFromBackup(
      TableCatalog catalog,
      BackupCatalog backups,
      Writer writer,
      TableStats stats,
      Clock clock,
      TableQuota tableQuota,
      TableKeys keys,
      TenantDirectory tenants) {
    this.keys = keys;
    this.tenants = tenants;
    this.catalog = catalog;
    this.backups = backups;
    this.writer = writer;
    this.stats = stats;
    this.clock = clock;
    this.tableQuota = tableQuota;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String target = body.string("TargetTableName");
    String arn = body.string("BackupArn");
    Constraints constraints = new Constraints();
    constraints.tableName("targetTableName", target, 255).notNull("backupArn", arn);
    RestoredTables.Overrides overrides = RestoredTables.overrides(body, constraints);
    constraints.check();
    BackupRecord backup = Backups.find(backups, context, arn);
    if (catalog.find(context.table(target)).isPresent()) {
      throw new DynamoException(ErrorCode.TABLE_ALREADY_EXISTS, "Table already exists: " + target);
    }
    return new Request(target, backup, overrides);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    BackupRecord backup = request.backup();
    TableMetadata source = backup.source();
    RestoredTables.requireKeyHeld(tenants, source);
    TableMetadata draft =
        RestoredTables.draft(
            source,
            request.targetTableName(),
            request.overrides(),
            new RestoreSummary(backup.backupId(), source.name(), backup.createdAt(), true),
            clock.instant());
    return writer
        .submit(
            TableChanges.createRestoring(
                draft, tableQuota.of(context.tenantId()), backup.storage(), null, keys))
        .map(
            table ->
                TableDescriptions.response(
                    "TableDescription", table, "CREATING", stats::of, context));
  }
}

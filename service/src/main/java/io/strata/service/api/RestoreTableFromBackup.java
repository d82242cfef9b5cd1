package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.TableQuota;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;

/**
 * RestoreTableFromBackup: a new table with the backup's definition and items. As in DynamoDB the
 * table is {@code CREATING} at first and the items are written in the background ({@code
 * maintenance/TableRestorer}); the restore resumes after a crash, and the table turns {@code
 * ACTIVE} once every item is there. As in DynamoDB, tags, streams, TTL and deletion protection are
 * not restored; the overrides are those of RestoreTableToPointInTime ({@link RestoredTables}).
 *
 * <p>A system backup (of a table deleted with point-in-time recovery on) restores the table as it
 * was just before its deletion, from its recovery data.
 */
public final class RestoreTableFromBackup implements Operation<RestoreTableFromBackup.Request> {
  record Request(String targetTableName, ListedBackup backup, RestoredTables.Overrides overrides) {}

  private final TableCatalog catalog;
  private final BackupCatalog backups;
  private final ContinuousBackups recoveries;
  private final Writer writer;
  private final TableStats stats;
  private final Clock clock;
  private final TableQuota tableQuota;

  public RestoreTableFromBackup(
      TableCatalog catalog,
      BackupCatalog backups,
      ContinuousBackups recoveries,
      Writer writer,
      TableStats stats,
      Clock clock,
      TableQuota tableQuota) {
    this.catalog = catalog;
    this.backups = backups;
    this.recoveries = recoveries;
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
    ListedBackup backup = Backups.find(backups, recoveries, context, arn);
    if (catalog.find(context.table(target)).isPresent()) {
      throw new DynamoException(ErrorCode.TABLE_ALREADY_EXISTS, "Table already exists: " + target);
    }
    return new Request(target, backup, overrides);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    Instant now = clock.instant();
    return writer
        .submit(
            request
                .backup()
                .restore(
                    (source, summary) ->
                        RestoredTables.draft(
                            source, request.targetTableName(), request.overrides(), summary, now),
                    tableQuota.of(context.tenantId())))
        .map(
            table ->
                TableDescriptions.response(
                    "TableDescription", table, "CREATING", stats::of, context));
  }
}

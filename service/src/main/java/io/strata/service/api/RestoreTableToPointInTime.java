package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.RecoveryRecord;
import io.strata.service.table.RestoreSummary;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableKeys;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.TableQuota;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * RestoreTableToPointInTime: a new table holding the source table's items as they were at an
 * instant of its recovery window ({@code RestoreDateTime}, or its latest restorable time), defined
 * as the source was then (a global index added later is absent), re-sealed under the tenant's
 * current data key. Like RestoreTableFromBackup it answers {@code CREATING} and the items are
 * written in the background ({@code maintenance/TableRestorer}); tags, streams, TTL and deletion
 * protection are not restored, billing mode and throughput may be overridden.
 *
 * <p>The source may be a deleted table whose recovery data is still kept (its system backup): its
 * window ends at its deletion.
 *
 * <p>The error messages follow the API reference's descriptions of the errors (no captured response
 * was available): {@code PointInTimeRecoveryUnavailableException} "Point in time recovery has not
 * yet been enabled for this source table", {@code InvalidRestoreTimeException} "RestoreDateTime
 * must be between EarliestRestorableDateTime and LatestRestorableDateTime".
 */
public final class RestoreTableToPointInTime
    implements Operation<RestoreTableToPointInTime.Request> {
  record Request(
      String sourceTableName,
      String targetTableName,
      @Nullable Instant restoreDateTime,
      RestoredTables.Overrides overrides) {}

  private final TableCatalog catalog;
  private final ContinuousBackups recoveries;
  private final Writer writer;
  private final TableStats stats;
  private final Clock clock;
  private final TableQuota tableQuota;
  private final TableKeys keys;
  private final TenantDirectory tenants;

  public RestoreTableToPointInTime(
      TableCatalog catalog,
      ContinuousBackups recoveries,
      Writer writer,
      TableStats stats,
      Clock clock,
      TableQuota tableQuota,
      TableKeys keys,
      TenantDirectory tenants) {
    this.keys = keys;
    this.tenants = tenants;
    this.catalog = catalog;
    this.recoveries = recoveries;
    this.writer = writer;
    this.stats = stats;
    this.clock = clock;
    this.tableQuota = tableQuota;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String sourceArn = body.string("SourceTableArn");
    String sourceName = body.string("SourceTableName");
    String target = body.string("TargetTableName");
    Boolean useLatest = body.bool("UseLatestRestorableTime");
    Instant restoreDateTime = EpochSeconds.instant(body.raw("RestoreDateTime"));
    Constraints constraints = new Constraints();
    constraints.tableName("targetTableName", target, 255);
    if (sourceName != null) {
      constraints.tableName("sourceTableName", sourceName, 255);
    }
    RestoredTables.Overrides overrides = RestoredTables.overrides(body, constraints);
    constraints.check();
    if ((sourceArn == null) == (sourceName == null)) {
      throw DynamoException.validation(
          "Exactly one of SourceTableArn or SourceTableName must be specified");
    }
    boolean latest = Boolean.TRUE.equals(useLatest);
    if (latest == (restoreDateTime != null)) {
      throw DynamoException.validation(
          "Exactly one of RestoreDateTime or UseLatestRestorableTime must be specified");
    }
    String source =
        sourceName != null
            ? sourceName
            : Tables.ownTableName(context, sourceArn, "RestoreTableToPointInTime");
    return new Request(source, target, restoreDateTime, overrides);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    RecoveryRecord recovery = recoveryOf(request.sourceTableName(), context);
    if (catalog.find(context.table(request.targetTableName())).isPresent()) {
      throw new DynamoException(
          ErrorCode.TABLE_ALREADY_EXISTS, "Table already exists: " + request.targetTableName());
    }
    Instant now = ContinuousBackupsDescriptions.now(clock);
    Instant earliest =
        recovery
            .earliestRestorable(now)
            .orElseThrow(() -> ContinuousBackups.unavailable(request.sourceTableName()));
    Instant latest = recovery.latestRestorable(now);
    Instant instant = request.restoreDateTime() != null ? request.restoreDateTime() : latest;
    if (instant.isBefore(earliest) || instant.isAfter(latest)) {
      throw new DynamoException(
          ErrorCode.INVALID_RESTORE_TIME,
          "RestoreDateTime must be between EarliestRestorableDateTime and"
              + " LatestRestorableDateTime.");
    }
    RestoreSummary summary = new RestoreSummary(null, request.sourceTableName(), instant, true);
    return writer
        .submit(
            ContinuousBackups.restore(
                recovery,
                instant,
                then -> {
                  RestoredTables.requireKeyHeld(tenants, then);
                  return RestoredTables.draft(
                      then, request.targetTableName(), request.overrides(), summary, now);
                },
                tableQuota.of(context.tenantId()),
                keys))
        .map(
            table ->
                TableDescriptions.response(
                    "TableDescription", table, "CREATING", stats::of, context));
  }

  /** The source's recovery: a live table's, else a deleted table's kept recovery data. */
  private RecoveryRecord recoveryOf(String sourceTableName, RequestContext context) {
    Optional<TableMetadata> live = catalog.find(context.table(sourceTableName));
    if (live.isPresent()) {
      return recoveries
          .of(live.get())
          .orElseThrow(() -> ContinuousBackups.unavailable(sourceTableName));
    }
    return recoveries
        .deleted(context.table(sourceTableName))
        .orElseThrow(() -> Tables.tableNotFound(sourceTableName));
  }
}

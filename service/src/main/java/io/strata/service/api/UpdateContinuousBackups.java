package io.strata.service.api;

import io.strata.service.error.ErrorCode;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;

/**
 * UpdateContinuousBackups: turns point-in-time recovery on (with a recovery period of 1 to 35 days,
 * 35 unless given) or off. Turning it on starts retaining the table's changes at once; turning it
 * off discards its recovery data, as in DynamoDB.
 */
public final class UpdateContinuousBackups implements Operation<UpdateContinuousBackups.Request> {
  /** DynamoDB's default and largest recovery period. */
  static final int MAX_RECOVERY_PERIOD_DAYS = 35;

  record Request(String tableName, boolean enabled, int recoveryPeriodDays) {}

  private final TableCatalog catalog;
  private final ContinuousBackups recoveries;
  private final Writer writer;
  private final Clock clock;

  public UpdateContinuousBackups(
      TableCatalog catalog, ContinuousBackups recoveries, Writer writer, Clock clock) {
    this.catalog = catalog;
    this.recoveries = recoveries;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String tableName = body.string("TableName");
    JsonRequest specification = body.structure("PointInTimeRecoverySpecification");
    Boolean enabled =
        specification == null ? null : specification.bool("PointInTimeRecoveryEnabled");
    Long days = specification == null ? null : specification.integer("RecoveryPeriodInDays");
    Constraints constraints = new Constraints();
    constraints
        .tableNameOrArn("tableName", tableName)
        .notNull("pointInTimeRecoverySpecification", specification);
    if (specification != null) {
      constraints
          .notNull("pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled", enabled)
          .min("pointInTimeRecoverySpecification.recoveryPeriodInDays", days, 1)
          .max(
              "pointInTimeRecoverySpecification.recoveryPeriodInDays",
              days,
              MAX_RECOVERY_PERIOD_DAYS);
    }
    constraints.check();
    return new Request(
        tableName,
        Boolean.TRUE.equals(enabled),
        days == null ? MAX_RECOVERY_PERIOD_DAYS : days.intValue());
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    TableMetadata table =
        ContinuousBackupsDescriptions.table(
            catalog, context, request.tableName(), "UpdateContinuousBackups");
    Tables.requireNotRestoring(table, ErrorCode.RESOURCE_IN_USE);
    Instant now = ContinuousBackupsDescriptions.now(clock);
    Future<?> change =
        request.enabled()
            ? writer.submit(
                ContinuousBackups.enable(table.ref(), request.recoveryPeriodDays(), now))
            : writer.submit(ContinuousBackups.disable(table.ref()));
    return change.map(
        done ->
            ContinuousBackupsDescriptions.response(
                ContinuousBackupsDescriptions.recoveryOf(recoveries, table),
                ContinuousBackupsDescriptions.now(clock)));
  }
}

package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.ContinuousBackups;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ListBackups: the caller's backups, oldest first, optionally of one table and within a time range,
 * a page at a time. {@code BackupType} chooses USER backups (the default), SYSTEM ones (left by
 * deleting a table with point-in-time recovery) or ALL of both; there are no AWS_BACKUP ones.
 */
public final class ListBackups implements Operation<ListBackups.Request> {
  private static final List<String> BACKUP_TYPES = List.of("USER", "SYSTEM", "AWS_BACKUP", "ALL");

  record Request(
      @Nullable String tableName,
      int limit,
      @Nullable String exclusiveStartArn,
      @Nullable Instant from,
      @Nullable Instant to,
      String backupType) {}

  private final BackupCatalog backups;
  private final ContinuousBackups recoveries;

  public ListBackups(BackupCatalog backups, ContinuousBackups recoveries) {
    this.backups = backups;
    this.recoveries = recoveries;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String tableName = body.string("TableName");
    Long limit = body.integer("Limit");
    String backupType = body.string("BackupType");
    Constraints constraints = new Constraints();
    if (tableName != null) {
      constraints.tableNameOrArn("tableName", tableName);
    }
    constraints
        .min("limit", limit, 1)
        .max("limit", limit, 100)
        .oneOf("backupType", backupType, BACKUP_TYPES)
        .check();
    return new Request(
        tableName == null ? null : Tables.ownTableName(context, tableName, "ListBackups"),
        limit == null ? 100 : limit.intValue(),
        body.string("ExclusiveStartBackupArn"),
        EpochSeconds.instant(body.raw("TimeRangeLowerBound")),
        EpochSeconds.instant(body.raw("TimeRangeUpperBound")),
        backupType == null ? "USER" : backupType);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    List<ListedBackup> matching = new ArrayList<>();
    for (ListedBackup backup : Backups.list(backups, recoveries, context.tenantId())) {
      boolean ofType =
          request.backupType().equals("ALL") || request.backupType().equals(backup.type());
      boolean inTable =
          request.tableName() == null || backup.source().name().equals(request.tableName());
      boolean inRange =
          (request.from() == null || !backup.createdAt().isBefore(request.from()))
              && (request.to() == null || backup.createdAt().isBefore(request.to()));
      if (ofType && inTable && inRange) {
        matching.add(backup);
      }
    }
    int start = 0;
    if (request.exclusiveStartArn() != null) {
      for (int i = 0; i < matching.size(); i++) {
        if (Backups.arn(context, matching.get(i)).equals(request.exclusiveStartArn())) {
          start = i + 1;
        }
      }
    }
    List<ListedBackup> page =
        matching.subList(start, Math.min(matching.size(), start + request.limit()));
    boolean more = start + page.size() < matching.size();
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("BackupSummaries");
          for (ListedBackup backup : page) {
            json.writeStartObject();
            json.writeStringField("TableName", backup.source().name());
            json.writeStringField("TableId", backup.source().tableUuid());
            json.writeStringField("TableArn", context.tableArn(backup.source().name()));
            json.writeStringField("BackupArn", Backups.arn(context, backup));
            json.writeStringField("BackupName", backup.backupName());
            json.writeFieldName("BackupCreationDateTime");
            TableDescriptions.writeEpochSeconds(json, backup.createdAt());
            json.writeStringField("BackupStatus", "AVAILABLE");
            Backups.writeExpiry(json, backup);
            json.writeStringField("BackupType", backup.type());
            json.writeNumberField("BackupSizeBytes", backup.sizeBytes());
            json.writeEndObject();
          }
          json.writeEndArray();
          if (more) {
            json.writeStringField(
                "LastEvaluatedBackupArn", Backups.arn(context, page.get(page.size() - 1)));
          }
          json.writeEndObject();
        });
  }
}

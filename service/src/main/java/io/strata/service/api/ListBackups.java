package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ListBackups: the caller's backups, oldest first, optionally of one table and within a time range,
 * a page at a time. Every backup here is a user backup; asking for SYSTEM or AWS_BACKUP ones finds
 * none.
 */
public final class ListBackups implements Operation<ListBackups.Request> {
  private static final List<String> BACKUP_TYPES = List.of("USER", "SYSTEM", "AWS_BACKUP", "ALL");

  record Request(
      @Nullable String tableName,
      int limit,
      @Nullable String exclusiveStartArn,
      @Nullable Instant from,
      @Nullable Instant to,
      boolean userBackups) {}

  private final BackupCatalog backups;

  public ListBackups(BackupCatalog backups) {
    this.backups = backups;
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
        backupType == null || backupType.equals("USER") || backupType.equals("ALL"));
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    List<BackupRecord> matching = new ArrayList<>();
    if (request.userBackups()) {
      for (BackupRecord backup : backups.list(context.tenantId())) {
        boolean inTable =
            request.tableName() == null || backup.source().name().equals(request.tableName());
        boolean inRange =
            (request.from() == null || !backup.createdAt().isBefore(request.from()))
                && (request.to() == null || backup.createdAt().isBefore(request.to()));
        if (inTable && inRange) {
          matching.add(backup);
        }
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
    List<BackupRecord> page =
        matching.subList(start, Math.min(matching.size(), start + request.limit()));
    boolean more = start + page.size() < matching.size();
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("BackupSummaries");
          for (BackupRecord backup : page) {
            json.writeStartObject();
            json.writeStringField("TableName", backup.source().name());
            json.writeStringField("TableId", backup.source().tableUuid());
            json.writeStringField("TableArn", context.tableArn(backup.source().name()));
            json.writeStringField("BackupArn", Backups.arn(context, backup));
            json.writeStringField("BackupName", backup.backupName());
            json.writeFieldName("BackupCreationDateTime");
            TableDescriptions.writeEpochSeconds(json, backup.createdAt());
            json.writeStringField("BackupStatus", "AVAILABLE");
            json.writeStringField("BackupType", "USER");
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

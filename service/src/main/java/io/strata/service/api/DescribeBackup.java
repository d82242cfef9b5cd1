package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.ContinuousBackups;
import io.vertx.core.Future;

/** DescribeBackup: one of the caller's backups (user or system), by ARN. */
public final class DescribeBackup implements Operation<ListedBackup> {
  private final BackupCatalog backups;
  private final ContinuousBackups recoveries;

  public DescribeBackup(BackupCatalog backups, ContinuousBackups recoveries) {
    this.backups = backups;
    this.recoveries = recoveries;
  }

  @Override
  public ListedBackup parse(JsonRequest body, RequestContext context) {
    return Backups.named(backups, recoveries, body, context);
  }

  @Override
  public Future<ResponseBody> execute(ListedBackup backup, RequestContext context) {
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeFieldName("BackupDescription");
          Backups.writeDescription(json, context, backup, "AVAILABLE");
          json.writeEndObject();
        });
  }
}

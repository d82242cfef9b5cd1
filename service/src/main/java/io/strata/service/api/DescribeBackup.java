package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.json.JsonRequest;
import io.vertx.core.Future;

/** DescribeBackup: one of the caller's backups, by ARN. */
public final class DescribeBackup implements Operation<BackupRecord> {
  private final BackupCatalog backups;

  public DescribeBackup(BackupCatalog backups) {
    this.backups = backups;
  }

  @Override
  public BackupRecord parse(JsonRequest body, RequestContext context) {
    return Backups.named(backups, body, context);
  }

  @Override
  public Future<ResponseBody> execute(BackupRecord backup, RequestContext context) {
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeFieldName("BackupDescription");
          Backups.writeDescription(json, context, backup, "AVAILABLE");
          json.writeEndObject();
        });
  }
}

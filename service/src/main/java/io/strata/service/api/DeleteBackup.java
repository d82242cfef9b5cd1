package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.json.JsonRequest;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;

/** DeleteBackup: forgets the backup at once; its stored items are freed in the background. */
public final class DeleteBackup implements Operation<BackupRecord> {
  private final BackupCatalog backups;
  private final Writer writer;

  public DeleteBackup(BackupCatalog backups, Writer writer) {
    this.backups = backups;
    this.writer = writer;
  }

  @Override
  public BackupRecord parse(JsonRequest body, RequestContext context) {
    return Backups.named(backups, body, context);
  }

  @Override
  public Future<ResponseBody> execute(BackupRecord backup, RequestContext context) {
    return writer
        .submit(BackupCatalog.delete(backup))
        .map(
            deleted ->
                json -> {
                  json.writeStartObject();
                  json.writeFieldName("BackupDescription");
                  Backups.writeDescription(json, context, deleted, "DELETED");
                  json.writeEndObject();
                });
  }
}

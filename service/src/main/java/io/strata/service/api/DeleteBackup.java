package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;

/**
 * DeleteBackup: forgets the backup at once; its stored items are freed in the background. A system
 * backup can be deleted like a user backup (the API reference's DeleteBackup takes any backup ARN);
 * the deleted table's recovery data goes with it, so it can no longer be restored to a point in
 * time either.
 */
public final class DeleteBackup implements Operation<ListedBackup> {
  private final BackupCatalog backups;
  private final ContinuousBackups recoveries;
  private final Writer writer;

  public DeleteBackup(BackupCatalog backups, ContinuousBackups recoveries, Writer writer) {
    this.backups = backups;
    this.recoveries = recoveries;
    this.writer = writer;
  }

  @Override
  public ListedBackup parse(JsonRequest body, RequestContext context) {
    return Backups.named(backups, recoveries, body, context);
  }

  @Override
  public Future<ResponseBody> execute(ListedBackup backup, RequestContext context) {
    return writer
        .submit(backup.delete())
        .map(
            wasThere -> {
              if (!wasThere) {
                throw Backups.notFound(Backups.arn(context, backup));
              }
              return json -> {
                json.writeStartObject();
                json.writeFieldName("BackupDescription");
                Backups.writeDescription(json, context, backup, "DELETED");
                json.writeEndObject();
              };
            });
  }
}

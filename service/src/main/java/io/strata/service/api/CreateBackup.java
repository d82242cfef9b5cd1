package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.error.ErrorCode;
import io.strata.service.item.TableMaintenance;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.StorageReservations;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * CreateBackup: a consistent copy of a table's items and definition, taken from one snapshot while
 * the table keeps serving. The response comes once the copy is complete, so the backup is already
 * AVAILABLE.
 */
public final class CreateBackup implements Operation<CreateBackup.Request> {
  private static final SecureRandom RANDOM = new SecureRandom();

  record Request(String tableName, String backupName) {}

  private final TableCatalog catalog;
  private final TableMaintenance tables;
  private final Writer writer;
  private final Clock clock;

  public CreateBackup(TableCatalog catalog, TableMaintenance tables, Writer writer, Clock clock) {
    this.catalog = catalog;
    this.tables = tables;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String tableName = body.string("TableName");
    String backupName = body.string("BackupName");
    new Constraints()
        .tableNameOrArn("tableName", tableName)
        .tableName("backupName", backupName, 255)
        .check();
    return new Request(Tables.ownTableName(context, tableName, "CreateBackup"), backupName);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    TableMetadata source =
        catalog
            .find(context.table(request.tableName()))
            .orElseThrow(() -> Tables.tableNotFound(request.tableName()));
    Tables.requireNotRestoring(source, ErrorCode.TABLE_IN_USE);
    Instant createdAt = clock.instant();
    String backupId = String.format("%014d-%08x", createdAt.toEpochMilli(), RANDOM.nextInt());
    return writer
        .submit(StorageReservations.reserveOne())
        .compose(
            storageId ->
                tables
                    .copyTable(
                        source,
                        source.toBuilder().tableId(storageId).indexes(List.of()).build(),
                        clock)
                    .compose(
                        copied ->
                            writer.submit(
                                BackupCatalog.save(
                                    new BackupRecord(
                                        backupId,
                                        request.backupName(),
                                        storageId,
                                        createdAt,
                                        copied.totals().itemCount(),
                                        copied.totals().sizeBytes(),
                                        source))))
                    .recover(
                        failure ->
                            writer
                                .submit(StorageReservations.abandonOne(storageId))
                                .compose(ignored -> Future.failedFuture(failure))))
        .map(
            backup ->
                json -> {
                  json.writeStartObject();
                  json.writeFieldName("BackupDetails");
                  Backups.writeDetails(
                      json, context, new ListedBackup.UserBackup(backup), "AVAILABLE");
                  json.writeEndObject();
                });
  }
}

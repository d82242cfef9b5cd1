package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.BillingMode;
import io.strata.service.table.TableMetadata;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Backup ARNs and the JSON shapes the backup operations share. */
final class Backups {
  private static final Pattern BACKUP_ARN =
      Pattern.compile(
          "arn:aws:dynamodb:[^:]*:([0-9]+):table/[a-zA-Z0-9_.-]+/backup/([0-9]{14}-[0-9a-f]{8})");

  private Backups() {}

  static String arn(RequestContext context, BackupRecord backup) {
    return context.tableArn(backup.source().name()) + "/backup/" + backup.backupId();
  }

  /** The backup a request's {@code BackupArn} names. */
  static BackupRecord named(BackupCatalog backups, JsonRequest body, RequestContext context) {
    String arn = body.string("BackupArn");
    new Constraints().notNull("backupArn", arn).minLength("backupArn", arn, 37).check();
    return find(backups, context, arn);
  }

  /** The caller's backup named by an ARN; another tenant's ARN is as unknown as a made-up one. */
  static BackupRecord find(BackupCatalog backups, RequestContext context, String arn) {
    Matcher matcher = BACKUP_ARN.matcher(arn);
    if (matcher.matches() && matcher.group(1).equals(context.tenantId())) {
      BackupRecord backup = backups.find(context.tenantId(), matcher.group(2)).orElse(null);
      if (backup != null) {
        return backup;
      }
    }
    throw new DynamoException(ErrorCode.BACKUP_NOT_FOUND, "Backup not found: " + arn);
  }

  static void writeDetails(
      JsonGenerator json, RequestContext context, BackupRecord backup, String status)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("BackupArn", arn(context, backup));
    json.writeStringField("BackupName", backup.backupName());
    json.writeNumberField("BackupSizeBytes", backup.sizeBytes());
    json.writeStringField("BackupStatus", status);
    json.writeStringField("BackupType", "USER");
    json.writeFieldName("BackupCreationDateTime");
    TableDescriptions.writeEpochSeconds(json, backup.createdAt());
    json.writeEndObject();
  }

  /** {@code BackupDescription}: the backup and the table it was taken of. */
  static void writeDescription(
      JsonGenerator json, RequestContext context, BackupRecord backup, String status)
      throws IOException {
    TableMetadata source = backup.source();
    json.writeStartObject();
    json.writeFieldName("BackupDetails");
    writeDetails(json, context, backup, status);
    json.writeObjectFieldStart("SourceTableDetails");
    json.writeStringField("TableName", source.name());
    json.writeStringField("TableId", source.tableUuid());
    json.writeStringField("TableArn", context.tableArn(source.name()));
    json.writeNumberField("TableSizeBytes", backup.sizeBytes());
    json.writeFieldName("KeySchema");
    TableDescriptions.writeKeySchema(json, source.keySchema());
    json.writeFieldName("TableCreationDateTime");
    TableDescriptions.writeEpochSeconds(json, source.createdAt());
    json.writeObjectFieldStart("ProvisionedThroughput");
    json.writeNumberField("ReadCapacityUnits", source.throughput().readCapacityUnits());
    json.writeNumberField("WriteCapacityUnits", source.throughput().writeCapacityUnits());
    json.writeEndObject();
    json.writeNumberField("ItemCount", backup.itemCount());
    json.writeStringField(
        "BillingMode",
        source.billingMode() == BillingMode.PAY_PER_REQUEST ? "PAY_PER_REQUEST" : "PROVISIONED");
    json.writeEndObject();
    json.writeObjectFieldStart("SourceTableFeatureDetails");
    json.writeEndObject();
    json.writeEndObject();
  }
}

package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.backup.BackupCatalog;
import io.strata.service.backup.BackupRecord;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.BillingMode;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.RecoveryRecord;
import io.strata.service.table.TableMetadata;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backup ARNs, the backups a tenant has (on-demand and system, {@link ListedBackup}), and the JSON
 * shapes the backup operations share.
 */
final class Backups {
  private static final Pattern BACKUP_ARN =
      Pattern.compile(
          "arn:aws:dynamodb:[^:]*:([0-9]+):table/[a-zA-Z0-9_.-]+/backup/([0-9]{14}-[0-9a-f]{8})");

  private Backups() {}

  static String arn(RequestContext context, ListedBackup backup) {
    return context.tableArn(backup.source().name()) + "/backup/" + backup.backupId();
  }

  /** The tenant's backups, user and system, oldest first. */
  static List<ListedBackup> list(
      BackupCatalog backups, ContinuousBackups recoveries, String tenantId) {
    List<ListedBackup> all = new ArrayList<>();
    for (BackupRecord backup : backups.list(tenantId)) {
      all.add(new ListedBackup.UserBackup(backup));
    }
    for (RecoveryRecord recovery : recoveries.deletedOf(tenantId)) {
      ListedBackup.SystemBackup system = ListedBackup.SystemBackup.of(recovery);
      if (system != null) {
        all.add(system);
      }
    }
    all.sort(Comparator.comparing(ListedBackup::createdAt).thenComparing(ListedBackup::backupId));
    return all;
  }

  /** The backup a request's {@code BackupArn} names. */
  static ListedBackup named(
      BackupCatalog backups,
      ContinuousBackups recoveries,
      JsonRequest body,
      RequestContext context) {
    String arn = body.string("BackupArn");
    new Constraints().notNull("backupArn", arn).minLength("backupArn", arn, 37).check();
    return find(backups, recoveries, context, arn);
  }

  /** The caller's backup named by an ARN; another tenant's ARN is as unknown as a made-up one. */
  static ListedBackup find(
      BackupCatalog backups, ContinuousBackups recoveries, RequestContext context, String arn) {
    Matcher matcher = BACKUP_ARN.matcher(arn);
    if (matcher.matches() && matcher.group(1).equals(context.tenantId())) {
      String backupId = matcher.group(2);
      BackupRecord backup = backups.find(context.tenantId(), backupId).orElse(null);
      if (backup != null) {
        return new ListedBackup.UserBackup(backup);
      }
      for (RecoveryRecord recovery : recoveries.deletedOf(context.tenantId())) {
        ListedBackup.SystemBackup system = ListedBackup.SystemBackup.of(recovery);
        if (system != null && system.backupId().equals(backupId)) {
          return system;
        }
      }
    }
    throw notFound(arn);
  }

  static DynamoException notFound(String arn) {
    return new DynamoException(ErrorCode.BACKUP_NOT_FOUND, "Backup not found: " + arn);
  }

  static void writeDetails(
      JsonGenerator json, RequestContext context, ListedBackup backup, String status)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("BackupArn", arn(context, backup));
    json.writeStringField("BackupName", backup.backupName());
    json.writeNumberField("BackupSizeBytes", backup.sizeBytes());
    json.writeStringField("BackupStatus", status);
    json.writeStringField("BackupType", backup.type());
    json.writeFieldName("BackupCreationDateTime");
    TableDescriptions.writeEpochSeconds(json, backup.createdAt());
    writeExpiry(json, backup);
    json.writeEndObject();
  }

  /** {@code BackupExpiryDateTime}, which only system backups have. */
  static void writeExpiry(JsonGenerator json, ListedBackup backup) throws IOException {
    Instant expiresAt = backup.expiresAt();
    if (expiresAt != null) {
      json.writeFieldName("BackupExpiryDateTime");
      TableDescriptions.writeEpochSeconds(json, expiresAt);
    }
  }

  /** {@code BackupDescription}: the backup and the table it was taken of. */
  static void writeDescription(
      JsonGenerator json, RequestContext context, ListedBackup backup, String status)
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

package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.table.ExportJob;
import io.strata.service.table.ExportJobs;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Export ARNs ({@code <table arn>/export/<export id>}, the id as DynamoDB shapes it: 14 digits of
 * epoch milliseconds, a dash, 8 hex digits) and the JSON shapes the export operations share.
 */
final class Exports {
  private static final Pattern EXPORT_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:dynamodb:[a-z0-9-]*:(\\d{12}):table/[a-zA-Z0-9_.-]{3,255}"
              + "/export/([0-9]{14}-[0-9a-f]{8})");

  private Exports() {}

  /** The caller's export named by an ARN; another tenant's is as unknown as a made-up one. */
  static ExportJob find(ExportJobs exports, RequestContext context, String arn) {
    Matcher matcher = EXPORT_ARN.matcher(arn);
    if (matcher.matches() && matcher.group(1).equals(context.tenantId())) {
      ExportJob job = exports.find(context.tenantId(), matcher.group(2)).orElse(null);
      if (job != null && job.exportArn().equals(arn)) {
        return job;
      }
    }
    throw new DynamoException(ErrorCode.EXPORT_NOT_FOUND, "Export not found: " + arn);
  }

  /** {@code ExportDescription}. */
  static void writeDescription(JsonGenerator json, ExportJob job) throws IOException {
    json.writeStartObject();
    json.writeStringField("ExportArn", job.exportArn());
    json.writeStringField("ExportStatus", job.status().name());
    json.writeFieldName("StartTime");
    TableDescriptions.writeEpochSeconds(json, job.startTime());
    if (job.endTime() != null) {
      json.writeFieldName("EndTime");
      TableDescriptions.writeEpochSeconds(json, job.endTime());
    }
    if (job.status() == ExportJob.Status.COMPLETED) {
      json.writeStringField(
          "ExportManifest",
          job.directory().substring(job.s3Bucket().length() + 1) + "/manifest-summary.json");
    }
    json.writeStringField("TableArn", job.tableArn());
    json.writeStringField("TableId", job.tableUuid());
    json.writeFieldName("ExportTime");
    TableDescriptions.writeEpochSeconds(json, job.exportTime());
    json.writeStringField("S3Bucket", job.s3Bucket());
    if (job.s3Prefix() != null) {
      json.writeStringField("S3Prefix", job.s3Prefix());
    }
    json.writeStringField("S3SseAlgorithm", "AES256");
    if (job.failureCode() != null) {
      json.writeStringField("FailureCode", job.failureCode());
      json.writeStringField("FailureMessage", job.failureMessage());
    }
    json.writeStringField("ExportFormat", job.exportFormat().name());
    json.writeStringField("ExportType", "FULL_EXPORT");
    if (job.status() == ExportJob.Status.COMPLETED) {
      json.writeNumberField("BilledSizeBytes", job.billedSizeBytes());
      json.writeNumberField("ItemCount", job.itemCount());
    }
    json.writeEndObject();
  }

  /** {@code ExportSummary}, an entry of ListExports. */
  static void writeSummary(JsonGenerator json, ExportJob job) throws IOException {
    json.writeStartObject();
    json.writeStringField("ExportArn", job.exportArn());
    json.writeStringField("ExportStatus", job.status().name());
    json.writeStringField("ExportType", "FULL_EXPORT");
    json.writeEndObject();
  }
}

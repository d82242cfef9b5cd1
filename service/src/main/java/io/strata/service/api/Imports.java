package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.Json;
import io.strata.service.table.ImportJob;
import io.strata.service.table.ImportJobs;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Import ARNs ({@code <table arn>/import/<import id>}, the id shaped as an export's) and the JSON
 * shapes the import operations share.
 */
final class Imports {
  private static final Pattern IMPORT_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:dynamodb:[a-z0-9-]*:(\\d{12}):table/[a-zA-Z0-9_.-]{3,255}"
              + "/import/([0-9]{14}-[0-9a-f]{8})");

  private Imports() {}

  /** The caller's import named by an ARN; another tenant's is as unknown as a made-up one. */
  static ImportJob find(ImportJobs imports, RequestContext context, String arn) {
    Matcher matcher = IMPORT_ARN.matcher(arn);
    if (matcher.matches() && matcher.group(1).equals(context.tenantId())) {
      ImportJob job = imports.find(context.tenantId(), matcher.group(2)).orElse(null);
      if (job != null && job.importArn().equals(arn)) {
        return job;
      }
    }
    throw new DynamoException(ErrorCode.IMPORT_NOT_FOUND, "Import not found: " + arn);
  }

  /** {@code ImportTableDescription}. */
  static void writeDescription(JsonGenerator json, ImportJob job) throws IOException {
    ImportJob.Progress progress = job.progress();
    json.writeStartObject();
    json.writeStringField("ImportArn", job.importArn());
    json.writeStringField("ImportStatus", job.status().name());
    json.writeStringField("TableArn", job.tableArn());
    json.writeStringField("TableId", job.tableUuid());
    json.writeFieldName("S3BucketSource");
    writeSource(json, job);
    json.writeNumberField("ErrorCount", progress.errorCount());
    json.writeStringField("InputFormat", job.inputFormat());
    if (job.csvDelimiter() != null || job.csvHeaders() != null) {
      json.writeObjectFieldStart("InputFormatOptions");
      json.writeObjectFieldStart("Csv");
      if (job.csvDelimiter() != null) {
        json.writeStringField("Delimiter", job.csvDelimiter());
      }
      if (job.csvHeaders() != null) {
        json.writeArrayFieldStart("HeaderList");
        for (String header : job.csvHeaders()) {
          json.writeString(header);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
      json.writeEndObject();
    }
    json.writeStringField("InputCompressionType", job.compression());
    json.writeFieldName("TableCreationParameters");
    json.writeTree(Json.MAPPER.readTree(job.creationParameters()));
    json.writeFieldName("StartTime");
    TableDescriptions.writeEpochSeconds(json, job.startTime());
    if (job.endTime() != null) {
      json.writeFieldName("EndTime");
      TableDescriptions.writeEpochSeconds(json, job.endTime());
    }
    json.writeNumberField("ProcessedSizeBytes", progress.processedSizeBytes());
    json.writeNumberField("ProcessedItemCount", progress.processedItemCount());
    json.writeNumberField("ImportedItemCount", progress.importedItemCount());
    if (job.failureCode() != null) {
      json.writeStringField("FailureCode", job.failureCode());
      json.writeStringField("FailureMessage", job.failureMessage());
    }
    json.writeEndObject();
  }

  /** {@code ImportSummary}, an entry of ListImports. */
  static void writeSummary(JsonGenerator json, ImportJob job) throws IOException {
    json.writeStartObject();
    json.writeStringField("ImportArn", job.importArn());
    json.writeStringField("ImportStatus", job.status().name());
    json.writeStringField("TableArn", job.tableArn());
    json.writeFieldName("S3BucketSource");
    writeSource(json, job);
    json.writeStringField("InputFormat", job.inputFormat());
    json.writeFieldName("StartTime");
    TableDescriptions.writeEpochSeconds(json, job.startTime());
    if (job.endTime() != null) {
      json.writeFieldName("EndTime");
      TableDescriptions.writeEpochSeconds(json, job.endTime());
    }
    json.writeEndObject();
  }

  private static void writeSource(JsonGenerator json, ImportJob job) throws IOException {
    json.writeStartObject();
    json.writeStringField("S3Bucket", job.s3Bucket());
    if (job.s3BucketOwner() != null) {
      json.writeStringField("S3BucketOwner", job.s3BucketOwner());
    }
    if (job.s3KeyPrefix() != null) {
      json.writeStringField("S3KeyPrefix", job.s3KeyPrefix());
    }
    json.writeEndObject();
  }
}

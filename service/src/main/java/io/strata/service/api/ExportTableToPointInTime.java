package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.maintenance.ExportRoot;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.ExportJob;
import io.strata.service.table.ExportJobs;
import io.strata.service.table.RecoveryRecord;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.TransferQuota;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * ExportTableToPointInTime: writes the table as it was at {@code ExportTime} (default: now) of its
 * point-in-time recovery window as DynamoDB JSON or Amazon Ion files ({@code ExportFormat}), in
 * DynamoDB's layout, into a bucket: a directory under the tenant's export root ({@code
 * maintenance/ExportRoot}, {@code STRATA_EXPORT_ROOT}). The answer is {@code IN_PROGRESS}; the
 * export runs in the background ({@code maintenance/TableExporter}) and DescribeExport shows how it
 * ended.
 *
 * <p>As in DynamoDB the table must have point-in-time recovery ({@code
 * PointInTimeRecoveryUnavailableException}) and the instant must be inside its window ({@code
 * InvalidExportTimeException}); a missing bucket fails the export ({@code FailureCode}
 * S3NoSuchBucket), it is not refused. A prefix that would lead outside the bucket is refused. Not
 * built: incremental exports and another account's bucket ({@code S3BucketOwner}); each is refused
 * with a ValidationException that says so. The error messages are the API reference's descriptions
 * of the errors (no captured response was available).
 */
public final class ExportTableToPointInTime implements Operation<ExportTableToPointInTime.Request> {
  /** The API reference's pattern of {@code S3Bucket}; it also keeps a bucket one directory. */
  static final Pattern BUCKET = Pattern.compile("^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$");

  private static final SecureRandom RANDOM = new SecureRandom();

  record Request(
      String tableName,
      String s3Bucket,
      @Nullable String s3Prefix,
      ExportJob.Format exportFormat,
      @Nullable Instant exportTime) {}

  private final TableCatalog catalog;
  private final ContinuousBackups recoveries;
  private final Writer writer;
  private final TableStats stats;
  private final TransferQuota quota;
  private final Clock clock;

  public ExportTableToPointInTime(
      TableCatalog catalog,
      ContinuousBackups recoveries,
      Writer writer,
      TableStats stats,
      TransferQuota quota,
      Clock clock) {
    this.catalog = catalog;
    this.recoveries = recoveries;
    this.writer = writer;
    this.stats = stats;
    this.quota = quota;
    this.clock = clock;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String tableArn = body.string("TableArn");
    String bucket = body.string("S3Bucket");
    String prefix = body.string("S3Prefix");
    String format = body.string("ExportFormat");
    String type = body.string("ExportType");
    String sse = body.string("S3SseAlgorithm");
    new Constraints()
        .notNull("s3Bucket", bucket)
        .maxLength("s3Bucket", bucket, 255)
        .pattern("s3Bucket", bucket, BUCKET)
        .notNull("tableArn", tableArn)
        .minLength("tableArn", tableArn, 1)
        .maxLength("tableArn", tableArn, 1024)
        .maxLength("s3Prefix", prefix, 1024)
        .oneOf("exportFormat", format, List.of("DYNAMODB_JSON", "ION"))
        .oneOf("exportType", type, List.of("FULL_EXPORT", "INCREMENTAL_EXPORT"))
        .oneOf("s3SseAlgorithm", sse, List.of("AES256", "KMS"))
        .check();
    if ("INCREMENTAL_EXPORT".equals(type)) {
      throw DynamoException.validation("Strata makes full exports only, not incremental ones");
    }
    String owner = body.string("S3BucketOwner");
    if (owner != null && !owner.equals(context.tenantId())) {
      throw DynamoException.validation(
          "S3BucketOwner must be the caller's own account: " + context.tenantId());
    }
    String tableName = Tables.ownTableName(context, tableArn, "ExportTableToPointInTime");
    if (prefix != null && !ExportRoot.isPlainKey(prefix)) {
      throw DynamoException.validation(
          "S3Prefix must name a place inside the bucket, without . or .. segments: " + prefix);
    }
    return new Request(
        tableName,
        bucket,
        prefix,
        format == null ? ExportJob.Format.DYNAMODB_JSON : ExportJob.Format.valueOf(format),
        EpochSeconds.instant(body.raw("ExportTime")));
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    TableMetadata table =
        catalog
            .find(context.table(request.tableName()))
            .orElseThrow(() -> Tables.tableNotFound(request.tableName()));
    RecoveryRecord recovery =
        recoveries.of(table).orElseThrow(() -> ContinuousBackups.unavailable(request.tableName()));
    Instant now = ContinuousBackupsDescriptions.now(clock);
    Instant earliest =
        recovery
            .earliestRestorable(now)
            .orElseThrow(() -> ContinuousBackups.unavailable(request.tableName()));
    Instant instant = request.exportTime() != null ? request.exportTime() : now;
    if (instant.isBefore(earliest) || instant.isAfter(now)) {
      throw new DynamoException(
          ErrorCode.INVALID_EXPORT_TIME,
          "ExportTime must be within the point in time recovery window of the table: between "
              + earliest
              + " and "
              + now);
    }
    long limit = quota.of(context.tenantId());
    if (stats.of(table.tableId()).sizeBytes() > limit) {
      throw DynamoException.limitExceeded(
          "The table is larger than the largest export allowed for your account ("
              + limit
              + " bytes)");
    }
    String exportId = String.format("%014d-%08x", now.toEpochMilli(), RANDOM.nextInt());
    String tableArn = context.tableArn(table.name());
    String directory =
        request.s3Bucket()
            + "/"
            + (request.s3Prefix() == null || request.s3Prefix().isEmpty()
                ? ""
                : stripSlashes(request.s3Prefix()) + "/")
            + "AWSDynamoDB/"
            + exportId;
    return writer
        .submit(
            ExportJobs.start(
                recovery,
                instant,
                (scratchId, materialize) ->
                    new ExportJob(
                        scratchId,
                        exportId,
                        context.tenantId(),
                        table.name(),
                        table.tableUuid(),
                        tableArn + "/export/" + exportId,
                        tableArn,
                        request.s3Bucket(),
                        request.s3Prefix(),
                        directory,
                        request.exportFormat(),
                        instant,
                        now,
                        null,
                        ExportJob.Status.IN_PROGRESS,
                        0,
                        0,
                        null,
                        null,
                        materialize,
                        false)))
        .map(
            job ->
                json -> {
                  json.writeStartObject();
                  json.writeFieldName("ExportDescription");
                  Exports.writeDescription(json, job);
                  json.writeEndObject();
                });
  }

  /** A prefix as a path inside the bucket: S3 keys joined with single slashes. */
  private static String stripSlashes(String prefix) {
    String stripped = prefix;
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }
}

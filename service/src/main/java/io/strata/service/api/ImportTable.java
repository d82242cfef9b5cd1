package io.strata.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.maintenance.ExportRoot;
import io.strata.service.table.ImportJob;
import io.strata.service.table.ImportJobs;
import io.strata.service.table.RestoreSummary;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.TableQuota;
import io.strata.service.tenant.TransferQuota;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * ImportTable: creates a new table ({@code TableCreationParameters}, validated as CreateTable
 * validates its request) from the objects of a bucket under a key prefix ({@code S3BucketSource}: a
 * directory under the tenant's export root, as for exports), in DynamoDB JSON or CSV, gzip or not.
 * The table is {@code CREATING} until every item is in; the items go in through the writer in
 * batches ({@code maintenance/TableImporter}), each sealed and indexed as a put's. A source that
 * cannot be read fails the import and leaves no table.
 *
 * <p>The source's size is checked against the tenant's transfer quota before anything is created
 * (DynamoDB's LimitExceededException). Not built: the ION format, ZSTD compression, and another
 * account's bucket; each is refused with a ValidationException that says so.
 */
public final class ImportTable implements Operation<ImportTable.Request> {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern DELIMITER = Pattern.compile("^[,;:|\\t ]$");

  record Request(
      CreateTable.Request table,
      JsonNode creationParameters,
      String s3Bucket,
      @Nullable String s3BucketOwner,
      @Nullable String s3KeyPrefix,
      String inputFormat,
      String compression,
      @Nullable String csvDelimiter,
      @Nullable List<String> csvHeaders) {}

  private final CreateTable createTable;
  private final Writer writer;
  private final WorkerExecutor readPool;
  private final ExportRoot root;
  private final TransferQuota transferQuota;
  private final TableQuota tableQuota;
  private final Clock clock;

  public ImportTable(
      CreateTable createTable,
      Writer writer,
      WorkerExecutor readPool,
      ExportRoot root,
      TransferQuota transferQuota,
      TableQuota tableQuota,
      Clock clock) {
    this.createTable = createTable;
    this.writer = writer;
    this.readPool = readPool;
    this.root = root;
    this.transferQuota = transferQuota;
    this.tableQuota = tableQuota;
    this.clock = clock;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    JsonRequest source = body.structure("S3BucketSource");
    String bucket = source == null ? null : source.string("S3Bucket");
    String owner = source == null ? null : source.string("S3BucketOwner");
    String keyPrefix = source == null ? null : source.string("S3KeyPrefix");
    String format = body.string("InputFormat");
    String compression = body.string("InputCompressionType");
    JsonRequest options = body.structure("InputFormatOptions");
    JsonRequest csv = options == null ? null : options.structure("Csv");
    String delimiter = csv == null ? null : csv.string("Delimiter");
    List<String> headers = csv == null ? null : csv.stringList("HeaderList");
    JsonRequest creation = body.structure("TableCreationParameters");
    Constraints constraints =
        new Constraints()
            .notNull("s3BucketSource", source)
            .notNull("inputFormat", format)
            .oneOf("inputFormat", format, List.of("DYNAMODB_JSON", "ION", "CSV"))
            .oneOf("inputCompressionType", compression, List.of("GZIP", "ZSTD", "NONE"))
            .notNull("tableCreationParameters", creation)
            .pattern("inputFormatOptions.csv.delimiter", delimiter, DELIMITER)
            .maxSize("inputFormatOptions.csv.headerList", headers, 255, String.valueOf(headers));
    if (source != null) {
      constraints
          .notNull("s3BucketSource.s3Bucket", bucket)
          .maxLength("s3BucketSource.s3Bucket", bucket, 255)
          .pattern("s3BucketSource.s3Bucket", bucket, ExportTableToPointInTime.BUCKET)
          .maxLength("s3BucketSource.s3KeyPrefix", keyPrefix, 1024);
    }
    constraints.check();
    if ("ION".equals(format)) {
      throw DynamoException.validation("Strata imports DYNAMODB_JSON and CSV, not ION");
    }
    if ("ZSTD".equals(compression)) {
      throw DynamoException.validation("Strata imports GZIP or uncompressed sources, not ZSTD");
    }
    if (csv != null && !"CSV".equals(format)) {
      throw DynamoException.validation(
          "InputFormatOptions.Csv can only be specified with the CSV input format");
    }
    if (owner != null && !owner.equals(context.tenantId())) {
      throw DynamoException.validation(
          "S3BucketOwner must be the caller's own account: " + context.tenantId());
    }
    if (keyPrefix != null && !ExportRoot.isPlainKey(keyPrefix)) {
      throw DynamoException.validation(
          "S3KeyPrefix must name a place inside the bucket, without . or .. segments: "
              + keyPrefix);
    }
    return new Request(
        createTable.parse(Objects.requireNonNull(creation), context),
        Objects.requireNonNull(body.raw("TableCreationParameters")),
        Objects.requireNonNull(bucket),
        owner,
        keyPrefix,
        Objects.requireNonNull(format),
        compression == null ? "NONE" : compression,
        delimiter,
        headers);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    String tenantId = context.tenantId();
    return readPool
        .executeBlocking(
            () ->
                root.bucketExists(tenantId, request.s3Bucket())
                    ? root.objectsUnder(tenantId, request.s3Bucket(), request.s3KeyPrefix())
                    : List.<String>of(),
            false)
        .compose(
            files ->
                readPool.executeBlocking(
                    () -> new Source(files, root.sizeOf(tenantId, files)), false))
        .compose(source -> start(request, context, source))
        .map(
            job ->
                json -> {
                  json.writeStartObject();
                  json.writeFieldName("ImportTableDescription");
                  Imports.writeDescription(json, job);
                  json.writeEndObject();
                });
  }

  /** The objects an import will read, and their total size. */
  private record Source(List<String> files, long sizeBytes) {}

  private Future<ImportJob> start(Request request, RequestContext context, Source source) {
    long limit = transferQuota.of(context.tenantId());
    if (source.sizeBytes() > limit) {
      throw DynamoException.limitExceeded(
          "The import source is larger than the largest import allowed for your account ("
              + limit
              + " bytes)");
    }
    Instant now = clock.instant();
    String importId = String.format("%014d-%08x", now.toEpochMilli(), RANDOM.nextInt());
    TableMetadata draft =
        CreateTable.draft(request.table(), context.tenantId(), now).toBuilder()
            .restore(new RestoreSummary(null, null, now, true))
            .build();
    String tableArn = context.tableArn(draft.name());
    return writer.submit(
        ImportJobs.start(
            draft,
            tableQuota.of(context.tenantId()),
            table ->
                new ImportJob(
                    table.tableId(),
                    importId,
                    context.tenantId(),
                    table.name(),
                    table.tableUuid(),
                    tableArn + "/import/" + importId,
                    tableArn,
                    request.s3Bucket(),
                    request.s3BucketOwner(),
                    request.s3KeyPrefix(),
                    request.inputFormat(),
                    request.compression(),
                    request.csvDelimiter(),
                    request.csvHeaders(),
                    request.creationParameters().toString(),
                    source.files(),
                    now,
                    null,
                    ImportJob.Status.IN_PROGRESS,
                    ImportJob.Progress.START,
                    null,
                    null)));
  }
}

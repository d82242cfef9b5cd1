package io.strata.service.table;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One ExportTableToPointInTime: what was asked, where it stands, and, while it runs, the work left.
 * Saved in the transaction that accepts the export and rewritten by every batch of it, so an export
 * interrupted by a crash resumes where its last batch committed.
 *
 * <p>An export reads the table as it was at {@code exportTime}: it first materializes that state
 * under a storage id of its own ({@code scratchId}, the record's key) exactly as a point-in-time
 * restore does ({@code materialize}, the restore's cursor: the newest base at or before the
 * instant, then the retained changes up to it), and then writes the files from that copy in one
 * snapshot. Writing the files starts over after a crash (the copy stays until the export is over);
 * the copy is purged when the export completes or fails.
 *
 * @param exportId DynamoDB's {@code <14 digits of epoch millis>-<8 hex digits>}
 * @param directory the export's directory relative to the tenant's export root: {@code
 *     <bucket>[/<prefix>]/AWSDynamoDB/<exportId>}
 * @param exportFormat the data files' format; records saved before ION exports existed have none
 *     and are DynamoDB JSON
 * @param materialize the materialization's cursor (a restore's, onto {@code scratchId})
 * @param materialized whether the copy is whole, so the files can be written
 */
public record ExportJob(
    long scratchId,
    String exportId,
    String tenantId,
    String tableName,
    String tableUuid,
    String exportArn,
    String tableArn,
    String s3Bucket,
    @Nullable String s3Prefix,
    String directory,
    Format exportFormat,
    Instant exportTime,
    Instant startTime,
    @Nullable Instant endTime,
    Status status,
    long itemCount,
    long billedSizeBytes,
    @Nullable String failureCode,
    @Nullable String failureMessage,
    RestoreJob materialize,
    boolean materialized) {

  /** Persisted by name, and shown as DynamoDB's {@code ExportStatus}: never rename. */
  public enum Status {
    IN_PROGRESS,
    COMPLETED,
    FAILED
  }

  /** Persisted by name, and shown as DynamoDB's {@code ExportFormat}: never rename. */
  public enum Format {
    DYNAMODB_JSON,
    ION
  }

  public ExportJob {
    if (exportFormat == null) {
      exportFormat = Format.DYNAMODB_JSON;
    }
  }

  /** The materialized copy's definition: the table as it was, under the export's storage id. */
  public TableMetadata scratchTable() {
    return materialize.copyFrom().toBuilder().tableId(scratchId).build();
  }

  public boolean isInProgress() {
    return status == Status.IN_PROGRESS;
  }

  /** This export with its materialization at {@code next}; null: the copy is whole. */
  ExportJob materializing(@Nullable RestoreJob next) {
    return new ExportJob(
        scratchId,
        exportId,
        tenantId,
        tableName,
        tableUuid,
        exportArn,
        tableArn,
        s3Bucket,
        s3Prefix,
        directory,
        exportFormat,
        exportTime,
        startTime,
        endTime,
        status,
        itemCount,
        billedSizeBytes,
        failureCode,
        failureMessage,
        next == null ? materialize : next,
        next == null);
  }

  ExportJob ended(
      Status outcome,
      Instant at,
      long items,
      long billedBytes,
      @Nullable String code,
      @Nullable String message) {
    return new ExportJob(
        scratchId,
        exportId,
        tenantId,
        tableName,
        tableUuid,
        exportArn,
        tableArn,
        s3Bucket,
        s3Prefix,
        directory,
        exportFormat,
        exportTime,
        startTime,
        at,
        outcome,
        items,
        billedBytes,
        code,
        message,
        materialize,
        materialized);
  }
}

package io.strata.service.table;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One ImportTable: the source files, how to read them, the new table, and how far the import got.
 * Saved in the transaction that creates the {@code CREATING} table and rewritten by every batch of
 * items, in that batch's transaction, so an import interrupted by a crash resumes exactly after the
 * last line it wrote.
 *
 * @param tableId the new table's storage id (the record's key, never reused)
 * @param importId DynamoDB's {@code <14 digits of epoch millis>-<8 hex digits>}
 * @param files the source files, relative to the tenant's export root, in the order they are read
 * @param creationParameters the request's {@code TableCreationParameters}, as sent (descriptions
 *     show them back)
 * @param csvHeaders the CSV header list given in the request; null: each file's first line
 */
public record ImportJob(
    long tableId,
    String importId,
    String tenantId,
    String tableName,
    String tableUuid,
    String importArn,
    String tableArn,
    String s3Bucket,
    @Nullable String s3BucketOwner,
    @Nullable String s3KeyPrefix,
    String inputFormat,
    String compression,
    @Nullable String csvDelimiter,
    @Nullable List<String> csvHeaders,
    String creationParameters,
    List<String> files,
    Instant startTime,
    @Nullable Instant endTime,
    Status status,
    Progress progress,
    @Nullable String failureCode,
    @Nullable String failureMessage) {

  /** Persisted by name, and shown as DynamoDB's {@code ImportStatus}: never rename. */
  public enum Status {
    IN_PROGRESS,
    COMPLETED,
    FAILED
  }

  /**
   * How far the import got: the file being read and how many of its lines are done, and the totals
   * DynamoDB reports.
   *
   * @param errorCount items that could not be imported (DynamoDB's {@code ErrorCount}): skipped
   */
  public record Progress(
      int fileIndex,
      long linesDone,
      long processedSizeBytes,
      long processedItemCount,
      long importedItemCount,
      long errorCount) {
    public static final Progress START = new Progress(0, 0, 0, 0, 0, 0);

    /** After one more line of the current file: an item or not, imported or refused. */
    public Progress afterLine(long lineBytes, boolean isItem, boolean imported) {
      return new Progress(
          fileIndex,
          linesDone + 1,
          processedSizeBytes + lineBytes,
          processedItemCount + (isItem ? 1 : 0),
          importedItemCount + (imported ? 1 : 0),
          errorCount + (isItem && !imported ? 1 : 0));
    }

    /** At the start of the next file. */
    public Progress nextFile() {
      return new Progress(
          fileIndex + 1, 0, processedSizeBytes, processedItemCount, importedItemCount, errorCount);
    }
  }

  public ImportJob {
    files = List.copyOf(files);
    csvHeaders = csvHeaders == null ? null : List.copyOf(csvHeaders);
  }

  public boolean isInProgress() {
    return status == Status.IN_PROGRESS;
  }

  ImportJob at(Progress next) {
    return with(status, endTime, next, failureCode, failureMessage);
  }

  ImportJob ended(
      Status outcome, Instant at, Progress last, @Nullable String code, @Nullable String message) {
    return with(outcome, at, last, code, message);
  }

  private ImportJob with(
      Status newStatus,
      @Nullable Instant newEndTime,
      Progress newProgress,
      @Nullable String code,
      @Nullable String message) {
    return new ImportJob(
        tableId,
        importId,
        tenantId,
        tableName,
        tableUuid,
        importArn,
        tableArn,
        s3Bucket,
        s3BucketOwner,
        s3KeyPrefix,
        inputFormat,
        compression,
        csvDelimiter,
        csvHeaders,
        creationParameters,
        files,
        startTime,
        newEndTime,
        newStatus,
        newProgress,
        code,
        message);
  }
}

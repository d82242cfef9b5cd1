package io.strata.service.maintenance;

import io.strata.service.item.TableMaintenance;
import io.strata.service.table.ExportJob;
import io.strata.service.table.ExportJobs;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Carries out the exports in progress ({@link ExportJob}), oldest first: first the materialization
 * of the export's instant, one writer batch per round, each saving where the next starts; then, in
 * one round on the read pool, the files, written from one snapshot of that copy; then the export's
 * end, {@code COMPLETED} with its counts, or {@code FAILED} when its bucket is missing or the files
 * cannot be written. An export interrupted while writing its files writes them again from the start
 * on the next round (the copy stays until the export ends), so a restart resumes or fails cleanly
 * but never leaves an export half reported.
 *
 * <p>DynamoDB documents no list of {@code FailureCode}s; these follow S3's error codes, since the
 * failures are S3's in DynamoDB: {@code S3NoSuchBucket}, and {@code S3WriteError} for a directory
 * that cannot be written.
 */
final class TableExporter implements MaintenanceJob {
  private final ExportJobs exports;
  private final TableMaintenance tables;
  private final Writer writer;
  private final WorkerExecutor readPool;
  private final ExportRoot root;
  private final Clock clock;

  TableExporter(
      ExportJobs exports,
      TableMaintenance tables,
      Writer writer,
      WorkerExecutor readPool,
      ExportRoot root,
      Clock clock) {
    this.exports = exports;
    this.tables = tables;
    this.writer = writer;
    this.readPool = readPool;
    this.root = root;
    this.clock = clock;
  }

  @Override
  public Future<Boolean> runRound() {
    List<Long> pending = exports.pending();
    if (pending.isEmpty()) {
      return Future.succeededFuture(false);
    }
    long scratchId = pending.get(0);
    Optional<ExportJob> job = exports.byScratchId(scratchId);
    if (job.isEmpty()) {
      return Future.succeededFuture(false);
    }
    if (!job.get().materialized()) {
      return tables.materializeBatch(scratchId).map(more -> true);
    }
    return writeFiles(job.get()).map(ended -> true);
  }

  private Future<Boolean> writeFiles(ExportJob job) {
    Path directory = root.resolve(job.tenantId(), job.directory()).orElseThrow();
    String keyPrefix = job.directory().substring(job.s3Bucket().length() + 1) + "/";
    return readPool
        .executeBlocking(
            () -> {
              if (!root.bucketExists(job.tenantId(), job.s3Bucket())) {
                throw new NoSuchBucket(job.s3Bucket());
              }
              ExportFiles files = new ExportFiles(job, directory, keyPrefix);
              files.begin();
              tables.walkItems(job.scratchTable(), files::add);
              files.finish(clock.instant());
              return files;
            },
            false)
        .compose(
            files ->
                writer.submit(
                    ExportJobs.complete(
                        job.scratchId(),
                        files.itemCount(),
                        files.billedSizeBytes(),
                        files.endTime())),
            failure -> {
              if (failure instanceof NoSuchBucket) {
                return writer.submit(
                    ExportJobs.fail(
                        job.scratchId(), "S3NoSuchBucket", failure.getMessage(), clock.instant()));
              }
              if (failure instanceof IOException || failure instanceof UncheckedIOException) {
                return writer.submit(
                    ExportJobs.fail(
                        job.scratchId(),
                        "S3WriteError",
                        "The export could not be written: " + failure.getMessage(),
                        clock.instant()));
              }
              return Future.failedFuture(failure);
            });
  }

  /** The bucket an export or import names is not there (S3's NoSuchBucket). */
  static final class NoSuchBucket extends Exception {
    private static final long serialVersionUID = 1L;

    NoSuchBucket(String bucket) {
      super("The specified bucket does not exist: " + bucket);
    }
  }
}

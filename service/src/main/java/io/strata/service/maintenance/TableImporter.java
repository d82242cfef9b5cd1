package io.strata.service.maintenance;

import io.strata.service.item.TableMaintenance;
import io.strata.service.table.ImportJob;
import io.strata.service.table.ImportJobs;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the imports in progress ({@link ImportJob}), oldest first, a batch of items per
 * round: the batch is read on the read pool ({@link ImportReader}) and written by one writer op
 * that also saves the import's progress, so a restart resumes after the last batch written; the
 * last batch publishes the table {@code ACTIVE}. The file being read stays open between rounds
 * (reopening it per batch would read a large file once per batch); after a restart, or another node
 * taking over, it is reopened at the saved line.
 *
 * <p>A source that cannot be read makes the import {@code FAILED} and removes its table. DynamoDB
 * documents no list of {@code FailureCode}s; Strata's are S3's error codes where S3 is at fault
 * ({@code S3NoSuchBucket}, {@code S3NoSuchKey}: nothing under the prefix) and {@code
 * InvalidImportSource} for data that is not in the import's format.
 */
final class TableImporter implements MaintenanceJob {
  private static final Logger LOG = LoggerFactory.getLogger(TableImporter.class);

  /** Items per writer op: each is sealed and indexed on the writer's thread. */
  static final int BATCH_ITEMS = 250;

  /** Bytes of source per writer op, so a batch of large items stays small in memory. */
  static final long BATCH_BYTES = 4L << 20;

  private final ImportJobs imports;
  private final TableCatalog catalog;
  private final TableMaintenance tables;
  private final Writer writer;
  private final WorkerExecutor readPool;
  private final ExportRoot root;
  private final Clock clock;
  private @Nullable Open open;

  /** The reader of the import being carried out, between rounds. */
  private record Open(long tableId, ImportReader reader) {}

  TableImporter(
      ImportJobs imports,
      TableCatalog catalog,
      TableMaintenance tables,
      Writer writer,
      WorkerExecutor readPool,
      ExportRoot root,
      Clock clock) {
    this.imports = imports;
    this.catalog = catalog;
    this.tables = tables;
    this.writer = writer;
    this.readPool = readPool;
    this.root = root;
    this.clock = clock;
  }

  @Override
  public Future<Boolean> runRound() {
    List<Long> pending = imports.pending();
    if (pending.isEmpty()) {
      closeOpen();
      return Future.succeededFuture(false);
    }
    long tableId = pending.get(0);
    Optional<ImportJob> found = imports.byTableId(tableId);
    TableMetadata table = catalog.byId(tableId);
    if (found.isEmpty()) {
      return Future.succeededFuture(false);
    }
    ImportJob job = found.get();
    if (table == null) {
      // its tenant was deleted with its tables: nothing is left to import into
      return writer
          .submit(
              ImportJobs.fail(
                  tableId,
                  job.progress(),
                  "TableNotFound",
                  "The import's table no longer exists",
                  clock.instant()))
          .map(true);
    }
    ImportReader reader = readerFor(job, table);
    return readPool
        .executeBlocking(() -> read(job, reader), false)
        .compose(
            batch ->
                tables
                    .importBatch(
                        tableId,
                        job.progress(),
                        batch.items(),
                        batch.next(),
                        batch.last(),
                        clock.instant())
                    .map(
                        written -> {
                          if (!written || batch.last()) {
                            closeOpen();
                          }
                          return true;
                        }),
            failure -> {
              closeOpen();
              if (failure instanceof Refused refused) {
                return writer
                    .submit(
                        ImportJobs.fail(
                            tableId,
                            reader.progress(),
                            refused.code,
                            refused.getMessage(),
                            clock.instant()))
                    .map(true);
              }
              return Future.failedFuture(failure);
            });
  }

  private ImportReader readerFor(ImportJob job, TableMetadata table) {
    Open current = open;
    if (current != null
        && current.tableId() == job.tableId()
        && current.reader().progress().equals(job.progress())) {
      return current.reader();
    }
    closeOpen();
    ImportReader reader = new ImportReader(job, root, table);
    open = new Open(job.tableId(), reader);
    return reader;
  }

  /** The next batch; on the read pool. A source that cannot be read is {@link Refused}. */
  private ImportReader.Batch read(ImportJob job, ImportReader reader) throws Refused {
    if (job.progress().equals(ImportJob.Progress.START)) {
      if (!root.bucketExists(job.tenantId(), job.s3Bucket())) {
        throw new Refused(
            "S3NoSuchBucket", "The specified bucket does not exist: " + job.s3Bucket());
      }
      if (job.files().isEmpty()) {
        throw new Refused(
            "S3NoSuchKey", "No objects found under the key prefix: " + job.s3KeyPrefix());
      }
    }
    try {
      return reader.next(BATCH_ITEMS, BATCH_BYTES);
    } catch (ImportReader.CorruptSource e) {
      throw new Refused("InvalidImportSource", e.getMessage());
    } catch (IOException e) {
      throw new Refused("InvalidImportSource", "Unable to read the source: " + e);
    }
  }

  private void closeOpen() {
    Open current = open;
    open = null;
    if (current != null) {
      try {
        current.reader().close();
      } catch (IOException e) {
        LOG.warn("closing an import's source: {}", e.toString());
      }
    }
  }

  /** Why an import's source cannot be imported: DynamoDB's FailureCode and FailureMessage. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;

    Refused(String code, String message) {
      super(message);
      this.code = code;
    }
  }
}

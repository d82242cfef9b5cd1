package io.strata.service.table;

import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteView;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Every table export ({@code export/<scratch id>} → {@link ExportJob}), in progress or over: its
 * status is state of the store, written by the write set that accepts the export and by every batch
 * of it, so DescribeExport answers the same on any node and after any restart, and whichever node
 * runs the exports finds each where its last batch left it. The set in memory is projected from the
 * records.
 *
 * <p>While an export materializes its instant it reads a base snapshot and the table's retained
 * changes, which must stay: {@link #sourcesInUse} tells the purge and the retention trim so.
 */
public final class ExportJobs implements Projection {
  private static final PerTableRecords<ExportJob> RECORDS =
      new PerTableRecords<>("export", ExportJob.class);

  private final Map<Long, ExportJob> exports = new ConcurrentSkipListMap<>();

  /** Reads the exports left by earlier runs. Blocking: call at startup. */
  public void load(LmdbStore store) {
    RECORDS.loadInto(store, exports);
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    RECORDS.project(writes, exports);
  }

  /** The tenant's export of that id. */
  public Optional<ExportJob> find(String tenantId, String exportId) {
    return exports.values().stream()
        .filter(job -> job.tenantId().equals(tenantId) && job.exportId().equals(exportId))
        .findFirst();
  }

  public Optional<ExportJob> byScratchId(long scratchId) {
    return Optional.ofNullable(exports.get(scratchId));
  }

  /** The tenant's exports, oldest first. */
  public List<ExportJob> ofTenant(String tenantId) {
    return exports.values().stream()
        .filter(job -> job.tenantId().equals(tenantId))
        .sorted(Comparator.comparing(ExportJob::startTime).thenComparing(ExportJob::exportId))
        .toList();
  }

  /** The exports in progress (their scratch ids), oldest first. */
  public List<Long> pending() {
    return exports.values().stream()
        .filter(ExportJob::isInProgress)
        .map(ExportJob::scratchId)
        .toList();
  }

  /** Storage ids (base copies, recovery ids) that exports still materializing read. */
  public Set<Long> sourcesInUse() {
    Set<Long> inUse = new HashSet<>();
    for (ExportJob job : exports.values()) {
      if (job.isInProgress() && !job.materialized()) {
        inUse.add(job.materialize().copyFrom().tableId());
        RestoreJob.Replay replay = job.materialize().replay();
        if (replay != null) {
          inUse.add(replay.recoveryId());
        }
      }
    }
    return inUse;
  }

  /**
   * Accepts an export of {@code source}'s table as it was at {@code instant}: gives it a storage id
   * for its copy and the cursor of that copy's materialization, and saves it {@code IN_PROGRESS}.
   *
   * @param jobOf the export, given its storage id and materialization
   */
  public static WriteOp<ExportJob> start(
      RecoveryRecord source, Instant instant, BiFunction<Long, RestoreJob, ExportJob> jobOf) {
    return view -> {
      long scratchId = TableChanges.nextStorageId(view);
      ContinuousBackups.AsOf asOf = ContinuousBackups.asOf(view, source, instant);
      TableMetadata scratch = asOf.copyFrom().toBuilder().tableId(scratchId).build();
      ExportJob job =
          jobOf.apply(scratchId, RestoreJob.start(scratch, asOf.copyFrom(), asOf.replay()));
      RECORDS.save(view, scratchId, job);
      return job;
    };
  }

  /** Ends an export in progress {@code COMPLETED}; its copy is purged. */
  public static WriteOp<Boolean> complete(
      long scratchId, long itemCount, long billedSizeBytes, Instant at) {
    return end(scratchId, ExportJob.Status.COMPLETED, at, itemCount, billedSizeBytes, null, null);
  }

  /**
   * Ends an export in progress {@code FAILED} with DynamoDB's failure fields; its copy is purged.
   */
  public static WriteOp<Boolean> fail(long scratchId, String code, String message, Instant at) {
    return end(scratchId, ExportJob.Status.FAILED, at, 0, 0, code, message);
  }

  private static WriteOp<Boolean> end(
      long scratchId,
      ExportJob.Status outcome,
      Instant at,
      long items,
      long billedBytes,
      @Nullable String code,
      @Nullable String message) {
    return view -> {
      ExportJob job = read(view, scratchId);
      if (job == null || !job.isInProgress()) {
        return false;
      }
      RECORDS.save(view, scratchId, job.ended(outcome, at, items, billedBytes, code, message));
      PurgeMarkers.mark(view, scratchId);
      return true;
    };
  }

  /** The export as the caller's transaction sees it; null when none. */
  public static @Nullable ExportJob read(ReadView view, long scratchId) {
    return RECORDS.read(view, scratchId);
  }

  /** Saves a materialization's progress ({@code next} null: the copy is whole). */
  public static void advance(WriteView view, ExportJob job, @Nullable RestoreJob next) {
    RECORDS.save(view, job.scratchId(), job.materializing(next));
  }
}

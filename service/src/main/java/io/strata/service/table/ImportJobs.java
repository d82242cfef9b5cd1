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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every table import ({@code import/<table id>} → {@link ImportJob}), in progress or over, and the
 * write ops that move one along. The table an import creates is {@code CREATING} (it carries a
 * restore in progress, so it serves no items and cannot be changed) until the last batch publishes
 * it {@code ACTIVE}; an import that fails removes its table in the same transaction as its {@code
 * FAILED} status, so a failed import never leaves a partial table behind.
 */
public final class ImportJobs implements Projection {
  private static final PerTableRecords<ImportJob> RECORDS =
      new PerTableRecords<>("import", ImportJob.class);

  private final Map<Long, ImportJob> imports = new ConcurrentSkipListMap<>();

  /** Reads the imports left by earlier runs. Blocking: call at startup. */
  public void load(LmdbStore store) {
    RECORDS.loadInto(store, imports);
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    RECORDS.project(writes, imports);
  }

  /** The tenant's import of that id. */
  public Optional<ImportJob> find(String tenantId, String importId) {
    return imports.values().stream()
        .filter(job -> job.tenantId().equals(tenantId) && job.importId().equals(importId))
        .findFirst();
  }

  public Optional<ImportJob> byTableId(long tableId) {
    return Optional.ofNullable(imports.get(tableId));
  }

  /** The tenant's imports, oldest first. */
  public List<ImportJob> ofTenant(String tenantId) {
    return imports.values().stream()
        .filter(job -> job.tenantId().equals(tenantId))
        .sorted(Comparator.comparing(ImportJob::startTime).thenComparing(ImportJob::importId))
        .toList();
  }

  /** The table ids of the imports in progress, oldest first. */
  public List<Long> pending() {
    return imports.values().stream()
        .filter(ImportJob::isInProgress)
        .map(ImportJob::tableId)
        .toList();
  }

  /**
   * Creates the import's table {@code CREATING} (the draft carries a restore in progress) with
   * fresh ids, and the import itself, {@code IN_PROGRESS}.
   *
   * @param jobOf the import, given its table as created
   */
  public static WriteOp<ImportJob> start(
      TableMetadata draft, int maxTablesPerTenant, Function<TableMetadata, ImportJob> jobOf) {
    WriteOp<TableMetadata> create = TableChanges.create(draft, maxTablesPerTenant);
    return view -> {
      ImportJob job = jobOf.apply(create.apply(view));
      RECORDS.save(view, job.tableId(), job);
      return job;
    };
  }

  /** The import as the caller's transaction sees it; null when none. */
  public static @Nullable ImportJob read(ReadView view, long tableId) {
    return RECORDS.read(view, tableId);
  }

  /** Saves a batch's progress; on the last batch, publishes the table and completes the import. */
  public static void advance(
      WriteView view,
      ImportJob job,
      TableMetadata table,
      ImportJob.Progress next,
      boolean last,
      Instant at) {
    if (!last) {
      RECORDS.save(view, job.tableId(), job.at(next));
      return;
    }
    TableChanges.completeImport(view, table);
    RECORDS.save(view, job.tableId(), job.ended(ImportJob.Status.COMPLETED, at, next, null, null));
  }

  /** Fails an import in progress with DynamoDB's failure fields, removing its table. */
  public static WriteOp<Boolean> fail(
      long tableId, ImportJob.Progress last, String code, String message, Instant at) {
    return view -> {
      ImportJob job = read(view, tableId);
      if (job == null || !job.isInProgress()) {
        return false;
      }
      TableChanges.abandonImport(view, new TableRef(job.tenantId(), job.tableName()), tableId);
      RECORDS.save(view, tableId, job.ended(ImportJob.Status.FAILED, at, last, code, message));
      return true;
    };
  }
}

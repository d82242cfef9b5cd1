package io.strata.service.maintenance;

import io.strata.service.item.ItemWrites;
import io.strata.service.item.TableMaintenance;
import io.strata.service.metering.RestoreMetering;
import io.strata.service.storage.LmdbStore;
import io.strata.service.stream.StreamLog;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.ExportJobs;
import io.strata.service.table.ImportJobs;
import io.strata.service.table.PurgeMarkers;
import io.strata.service.table.RestoreJobs;
import io.strata.service.table.TableCatalog;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work of the node that evaluates writes (the only node today; the Raft leader once
 * there are replicas): TTL sweeps and backfills, index backfills, purges of deleted tables, usage
 * flushes, stream trims, token purges, restores, exports, imports, and the base snapshots and
 * retention trims of point-in-time recovery, started and stopped together by one hook, so that it
 * moves with leadership.
 *
 * <p>Every job runs on a timer of its own, a round at a time: a round that reports more work is
 * followed at once, otherwise the next tick starts one; a round never overlaps the previous one of
 * the same job. Rounds run on a Vert.x event loop and wait for the writer like any request, never
 * on the writer's thread.
 */
public final class Maintenance {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  /** How often read usage and storage samples reach the ledger: the most a crash can lose. */
  private static final long USAGE_FLUSH_MILLIS = 1_000;

  /** Expired items are looked for this often, and deleted at most this many per writer op. */
  private static final long TTL_SWEEP_MILLIS = 1_000;

  private static final int TTL_BATCH = 100;

  /**
   * How often the catalog is looked at for work that a table change leaves behind: an index or a
   * TTL to backfill, storage to purge. Looking is a walk over memory; the work itself goes in
   * writer-sized batches.
   */
  private static final long CATALOG_WORK_MILLIS = 200;

  /** Stream records older than 24 hours are removed in batches this often. */
  private static final long STREAM_TRIM_MILLIS = 60_000;

  private static final int STREAM_TRIM_BATCH = 5_000;

  /**
   * Transaction idempotency tokens past their window are dropped this often, at most this many per
   * writer op (another op follows at once while a backlog remains).
   */
  private static final long TOKEN_PURGE_MILLIS = 60_000;

  private static final int TOKEN_PURGE_BATCH = 5_000;

  private final List<Scheduled> jobs = new ArrayList<>();
  private @Nullable Vertx vertx;

  /** Every job of a node that evaluates writes. */
  public static Maintenance of(
      LmdbStore store,
      Writer writer,
      WorkerExecutor readPool,
      TableCatalog catalog,
      PurgeMarkers purgeMarkers,
      RestoreJobs restoreJobs,
      ExportJobs exportJobs,
      ImportJobs importJobs,
      ContinuousBackups recoveries,
      TableMaintenance tables,
      ItemWrites items,
      StreamLog streams,
      UsageFlusher flusher,
      RestoreMetering restoreMetering,
      ExportRoot exportRoot,
      Clock clock) {
    Supplier<Set<Long>> sourcesInUse =
        () -> {
          Set<Long> inUse = new HashSet<>(restoreJobs.sourcesInUse());
          inUse.addAll(exportJobs.sourcesInUse());
          return inUse;
        };
    return new Maintenance()
        .add("usage flush", USAGE_FLUSH_MILLIS, flusher)
        .add(
            "TTL sweep",
            TTL_SWEEP_MILLIS,
            new TtlSweeper(store, readPool, items, catalog, clock, TTL_BATCH))
        .add(
            "TTL backfill",
            CATALOG_WORK_MILLIS,
            new ExpiryBackfiller(catalog, tables, writer, TTL_BATCH))
        .add("index backfill", CATALOG_WORK_MILLIS, new IndexBackfiller(catalog, tables, writer))
        .add("purge", CATALOG_WORK_MILLIS, new TablePurger(purgeMarkers, sourcesInUse, writer))
        .add(
            "restore", CATALOG_WORK_MILLIS, new TableRestorer(restoreJobs, tables, restoreMetering))
        .add(
            "recovery base",
            CATALOG_WORK_MILLIS,
            new RecoveryBases(recoveries, catalog, tables, writer, clock))
        .add(
            "recovery trim",
            CATALOG_WORK_MILLIS,
            new RecoveryTrimmer(recoveries, sourcesInUse, writer, clock))
        .add(
            "export",
            CATALOG_WORK_MILLIS,
            new TableExporter(exportJobs, tables, writer, readPool, exportRoot, clock))
        .add(
            "import",
            CATALOG_WORK_MILLIS,
            new TableImporter(importJobs, catalog, tables, writer, readPool, exportRoot, clock))
        .add(
            "stream trim",
            STREAM_TRIM_MILLIS,
            new StreamTrimmer(streams, catalog, writer, clock, STREAM_TRIM_BATCH))
        .add("token purge", TOKEN_PURGE_MILLIS, new TokenPurger(writer, clock, TOKEN_PURGE_BATCH));
  }

  /** Adds a job that runs a round every {@code periodMillis} (or at once while it has more). */
  private Maintenance add(String name, long periodMillis, MaintenanceJob job) {
    jobs.add(new Scheduled(name, periodMillis, job));
    return this;
  }

  /** Starts every job (the node became the one that evaluates writes). */
  public synchronized void start(Vertx vertx) {
    if (this.vertx != null) {
      return;
    }
    this.vertx = vertx;
    jobs.forEach(job -> job.start(vertx));
  }

  /** Stops every job: rounds in flight finish, no new round starts. */
  public synchronized void stop() {
    Vertx running = vertx;
    if (running == null) {
      return;
    }
    jobs.forEach(job -> job.stop(running));
    vertx = null;
  }

  private static final class Scheduled {
    private final String name;
    private final long periodMillis;
    private final MaintenanceJob job;
    private long timer = -1;
    private boolean running;
    private volatile boolean stopped;

    Scheduled(String name, long periodMillis, MaintenanceJob job) {
      this.name = name;
      this.periodMillis = periodMillis;
      this.job = job;
    }

    void start(Vertx vertx) {
      stopped = false;
      timer = vertx.setPeriodic(periodMillis, id -> tick());
    }

    void stop(Vertx vertx) {
      stopped = true;
      vertx.cancelTimer(timer);
    }

    /** On the timer's event loop, as is every continuation of the round it starts. */
    private void tick() {
      if (running || stopped) {
        return;
      }
      running = true;
      round();
    }

    private void round() {
      Future<Boolean> round;
      try {
        round = job.runRound();
      } catch (RuntimeException e) {
        round = Future.failedFuture(e);
      }
      round.onComplete(
          outcome -> {
            if (outcome.failed()) {
              LOG.warn("{} paused until its next tick: {}", name, outcome.cause().toString());
            }
            if (outcome.succeeded() && outcome.result() && !stopped) {
              // a fresh stack for the next round, even if this one completed synchronously
              Vertx.currentContext().runOnContext(next -> round());
            } else {
              running = false;
            }
          });
    }
  }
}

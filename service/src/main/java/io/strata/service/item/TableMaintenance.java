package io.strata.service.item;

import io.strata.service.model.AttributeValue;
import io.strata.service.storage.AppliedPosition;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.RetainedChanges;
import io.strata.service.storage.WriteView;
import io.strata.service.table.ExportJob;
import io.strata.service.table.ExportJobs;
import io.strata.service.table.ImportJob;
import io.strata.service.table.ImportJobs;
import io.strata.service.table.RestoreJob;
import io.strata.service.table.RestoreJobs;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.ttl.ExpiryIndex;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Work over a whole table's stored entries, done in batches of one writer op each so that even a
 * huge table never holds the writer for long: copying a table (backups, base snapshots), restoring
 * one from a copy and retained changes (and, the same way, materializing an export's instant),
 * writing an import's items, re-sealing a table after a data-key rotation, and building the entries
 * of a global index or of the expiry index for items that were there before the index was. What
 * runs these, and when, is the maintenance package's business; this class only knows how to do one
 * batch right.
 */
public final class TableMaintenance {
  /** Items re-sealed per writer op after a data-key rotation. */
  private static final int RESEAL_BATCH = 500;

  /** Items copied per writer op. */
  private static final int COPY_BATCH = 500;

  /**
   * Items copied or changes replayed per writer op of a restore: each is opened and sealed again on
   * the writer's thread, so a batch holds the writer for a few milliseconds.
   */
  private static final int RESTORE_BATCH = 250;

  private final LmdbStore store;
  private final Writer writer;
  private final WorkerExecutor readPool;
  private final TableCatalog catalog;
  private final ItemEffects effects;

  public TableMaintenance(
      LmdbStore store,
      Writer writer,
      WorkerExecutor readPool,
      TableCatalog catalog,
      ItemEffects effects) {
    this.store = store;
    this.writer = writer;
    this.readPool = readPool;
    this.catalog = catalog;
    this.effects = effects;
  }

  /**
   * A finished copy: the target's totals, and the snapshot it was read from, as the position of the
   * last write set the snapshot contains and a time no earlier than that write set's timestamp.
   */
  public record Copied(TableStats.Totals totals, LogPosition position, Instant snapshotTime) {}

  /**
   * Copies every item of {@code source} into {@code target}'s key space (same tenant, another table
   * id), re-sealed for their new keys, with {@code target}'s secondary-index entries: the item data
   * of a backup or of a base snapshot (a target without indexes). The source is read from one
   * snapshot, so the copy is consistent however long it takes, while the copies are written in
   * batches that never hold the writer for long. The caller owns {@code target}'s id ({@code
   * StorageReservations}): a copy dies with its process.
   *
   * @param clock read once the snapshot is open, so the time it gives is no earlier than the
   *     timestamp of any write set the snapshot holds
   */
  public Future<Copied> copyTable(TableMetadata source, TableMetadata target, InstantSource clock) {
    byte[] prefix = KeyCodec.tablePrefix(source.tableId());
    return readPool.executeBlocking(
        () ->
            store.read(
                view -> {
                  LogPosition position = AppliedPosition.read(view);
                  Instant snapshotTime = clock.instant();
                  CopyBatches batches = new CopyBatches(target);
                  view.scan(
                      Db.ITEMS,
                      prefix,
                      true,
                      (key, value) -> {
                        if (!CatalogKeys.startsWith(key, prefix)) {
                          return false;
                        }
                        Map<String, AttributeValue> item =
                            effects.openInWalk(source, Db.ITEMS, key, value);
                        if (item != null) {
                          batches.add(item);
                        }
                        return true;
                      });
                  return new Copied(batches.finish(), position, snapshotTime);
                }),
        false);
  }

  /**
   * Does one batch of the restore of table {@code tableId} ({@link RestoreJob}): copies up to a
   * batch of the stored copy's items, or replays up to a batch of retained changes, and saves where
   * the next batch starts, in one writer op, so the restore resumes exactly there after a crash.
   * The last batch publishes the table as {@code ACTIVE}, running {@code onFinished} in the same
   * transaction (to meter the restore with it).
   *
   * @return whether the restore has more to do
   */
  public Future<Boolean> restoreBatch(
      long tableId, BiConsumer<WriteView, TableMetadata> onFinished) {
    return writer.submit(
        view -> {
          RestoreJob job = RestoreJobs.read(view, tableId);
          TableMetadata published = catalog.byId(tableId);
          TableMetadata target =
              job == null || published == null ? null : catalog.inTransaction(view, published);
          if (job == null || target == null) {
            RestoreJobs.drop(view, tableId);
            return false;
          }
          RestoreJob next = restoreStep(view, job, target);
          if (next != null) {
            RestoreJobs.save(view, next);
            return true;
          }
          onFinished.accept(view, TableChanges.completeRestore(view, target));
          return false;
        });
  }

  /**
   * Does one batch of the materialization of an export's instant ({@link ExportJob}): the same copy
   * and replay as a point-in-time restore, onto the export's own storage id (a table without
   * indexes that no catalog names), saving where the next batch starts.
   *
   * @return whether the materialization has more to do
   */
  public Future<Boolean> materializeBatch(long scratchId) {
    return writer.submit(
        view -> {
          ExportJob job = ExportJobs.read(view, scratchId);
          if (job == null || !job.isInProgress() || job.materialized()) {
            return false;
          }
          RestoreJob next = restoreStep(view, job.materialize(), job.scratchTable());
          ExportJobs.advance(view, job, next);
          return next != null;
        });
  }

  /**
   * Hands every item of {@code table} to {@code sink}, in key order, from one snapshot (an export's
   * files: the snapshot holds still however long the sink takes). Blocking: call on the read pool.
   *
   * @return how many items the sink got
   */
  public long walkItems(TableMetadata table, ItemSink sink) {
    byte[] prefix = KeyCodec.tablePrefix(table.tableId());
    return store.read(
        view -> {
          long[] count = {0};
          view.scan(
              Db.ITEMS,
              prefix,
              true,
              (key, value) -> {
                if (!CatalogKeys.startsWith(key, prefix)) {
                  return false;
                }
                Map<String, AttributeValue> item = effects.openInWalk(table, Db.ITEMS, key, value);
                if (item != null) {
                  try {
                    sink.accept(item);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  count[0]++;
                }
                return true;
              });
          return count[0];
        });
  }

  /** Takes the items of a walk; may do blocking I/O (it runs on the read pool). */
  @FunctionalInterface
  public interface ItemSink {
    void accept(Map<String, AttributeValue> item) throws IOException;
  }

  /**
   * Writes one batch of an import's items into its {@code CREATING} table, sealed and indexed as
   * every put is, and saves the import's progress in the same transaction; the last batch publishes
   * the table. A batch read for a cursor the import has moved past (a round that raced a restart of
   * maintenance) writes nothing.
   *
   * @param from the progress the batch was read at
   * @return whether the batch was written
   */
  public Future<Boolean> importBatch(
      long tableId,
      ImportJob.Progress from,
      List<Map<String, AttributeValue>> items,
      ImportJob.Progress next,
      boolean last,
      Instant at) {
    return writer.submit(
        view -> {
          ImportJob job = ImportJobs.read(view, tableId);
          TableMetadata published = catalog.byId(tableId);
          TableMetadata table = published == null ? null : catalog.inTransaction(view, published);
          if (job == null || !job.isInProgress() || !job.progress().equals(from) || table == null) {
            return false;
          }
          for (Map<String, AttributeValue> item : items) {
            effects.copyIn(view, table, item);
          }
          ImportJobs.advance(view, job, table, next, last, at);
          return true;
        });
  }

  /** The next batch of a restore's copy or replay onto {@code target}; null when it is done. */
  private @Nullable RestoreJob restoreStep(WriteView view, RestoreJob job, TableMetadata target) {
    return switch (job.phase()) {
      case COPY -> copyBatch(view, job, target);
      case REPLAY -> replayBatch(view, job, target);
    };
  }

  /** Copies a batch of the stored copy; returns the job's next step, null when it is done. */
  private @Nullable RestoreJob copyBatch(WriteView view, RestoreJob job, TableMetadata target) {
    TableMetadata source = job.copyFrom();
    EntryBatch entries =
        EntryBatch.read(
            view, Db.ITEMS, KeyCodec.tablePrefix(source.tableId()), job.next(), RESTORE_BATCH);
    for (int i = 0; i < entries.size(); i++) {
      Map<String, AttributeValue> item =
          effects.openInWalk(source, Db.ITEMS, entries.keys().get(i), entries.values().get(i));
      if (item != null) {
        effects.copyIn(view, target, item);
      }
    }
    if (entries.next() != null) {
      return job.at(RestoreJob.Phase.COPY, entries.next());
    }
    return job.replay() == null ? null : job.at(RestoreJob.Phase.REPLAY, null);
  }

  /**
   * Replays a batch of retained changes onto the target, in log order, up to the restore's instant;
   * returns the job's next step, null when the instant is reached.
   */
  private @Nullable RestoreJob replayBatch(WriteView view, RestoreJob job, TableMetadata target) {
    RestoreJob.Replay replay = Objects.requireNonNull(job.replay());
    byte[] prefix = RetainedChanges.prefix(replay.recoveryId());
    byte[] from = job.next();
    EntryBatch entries =
        EntryBatch.read(
            view,
            Db.RECOVERY,
            prefix,
            from != null
                ? from
                : RetainedChanges.firstKeyAfter(replay.recoveryId(), replay.afterLogIndex()),
            RESTORE_BATCH);
    for (int i = 0; i < entries.size(); i++) {
      RetainedChanges.Change change =
          RetainedChanges.decode(entries.keys().get(i), entries.values().get(i));
      if (change.timestampMillis() > replay.untilMillis()) {
        return null;
      }
      byte[] restoredKey = KeyCodec.withTableId(change.itemKey(), target.tableId());
      byte[] sealed = change.sealedItem();
      if (sealed == null) {
        effects.restore(view, target, restoredKey, null);
        continue;
      }
      // The value is bound to the item's key in the source table, where it was sealed.
      Map<String, AttributeValue> item =
          effects.openInWalk(target, Db.RECOVERY, change.itemKey(), sealed);
      if (item != null) {
        effects.restore(view, target, restoredKey, item);
      }
    }
    return entries.next() == null ? null : job.at(RestoreJob.Phase.REPLAY, entries.next());
  }

  /** A stored value that does not open: where it is. */
  public record Damaged(String tenantId, String tableName, String database, String keyHex) {}

  /** What a verification found: how many values it opened, and those that would not. */
  public record Verification(long checked, List<Damaged> damaged) {}

  /**
   * Opens every stored value of {@code table}, its items and its index entries, in one snapshot on
   * the read pool, and lists those that do not open (for {@code strata admin verify-store}).
   */
  public Future<Verification> verify(TableMetadata table) {
    return readPool.executeBlocking(
        () ->
            store.read(
                view -> {
                  long[] checked = {0};
                  List<Damaged> damaged = new ArrayList<>();
                  Map<Long, Db> spaces = new LinkedHashMap<>();
                  spaces.put(table.tableId(), Db.ITEMS);
                  table.indexes().forEach(index -> spaces.put(index.indexId(), Db.INDEXES));
                  spaces.forEach(
                      (storageId, db) -> {
                        byte[] prefix = KeyCodec.tablePrefix(storageId);
                        view.scan(
                            db,
                            prefix,
                            true,
                            (key, value) -> {
                              if (!CatalogKeys.startsWith(key, prefix)) {
                                return false;
                              }
                              checked[0]++;
                              if (!effects.opens(table, key, value)) {
                                damaged.add(
                                    new Damaged(
                                        table.tenantId(),
                                        table.name(),
                                        db.name().toLowerCase(Locale.ROOT),
                                        HexFormat.of().formatHex(key)));
                              }
                              return true;
                            });
                      });
                  return new Verification(checked[0], damaged);
                }),
        false);
  }

  /**
   * Re-seals, with the tenant's current data key, every item of {@code table} sealed with an older
   * one (after a data-key rotation), and every entry of its indexes.
   *
   * @return how many values were re-sealed
   */
  public Future<Long> resealTable(TableMetadata table) {
    Future<Long> resealed =
        resealFrom(table, Db.ITEMS, KeyCodec.tablePrefix(table.tableId()), null, 0);
    for (SecondaryIndex index : table.indexes()) {
      byte[] prefix = KeyCodec.tablePrefix(index.indexId());
      resealed = resealed.compose(done -> resealFrom(table, Db.INDEXES, prefix, null, done));
    }
    return resealed;
  }

  private Future<Long> resealFrom(
      TableMetadata table, Db db, byte[] prefix, byte @Nullable [] from, long resealed) {
    return writer
        .submit(view -> resealBatch(view, table, db, prefix, from))
        .compose(
            batch ->
                batch.next() == null
                    ? Future.succeededFuture(resealed + batch.resealed())
                    : resealFrom(table, db, prefix, batch.next(), resealed + batch.resealed()));
  }

  /** One batch of a re-seal: how many values it re-sealed, and where the next one starts. */
  private record ResealBatch(long resealed, byte @Nullable [] next) {}

  private ResealBatch resealBatch(
      WriteView view, TableMetadata table, Db db, byte[] prefix, byte @Nullable [] from) {
    EntryBatch entries = EntryBatch.read(view, db, prefix, from, RESEAL_BATCH);
    long resealed = 0;
    for (int i = 0; i < entries.size(); i++) {
      byte[] key = entries.keys().get(i);
      byte[] value = entries.values().get(i);
      if (effects.isSealedWithCurrentKey(table, value)) {
        continue;
      }
      Map<String, AttributeValue> opened = effects.openInWalk(table, db, key, value);
      if (opened != null) {
        view.put(db, key, effects.seal(table, key, opened));
        resealed++;
      }
    }
    return new ResealBatch(resealed, entries.next());
  }

  /**
   * Builds the entries of a global index added to an existing table for up to {@code batch} of the
   * items already there, from {@code from} (null: the start); while it runs, every write maintains
   * the index as usual. Returns where the next batch starts, or null when done, or when the table
   * or the index is gone (nothing must be written under a purged id).
   */
  public Future<byte @Nullable []> backfillIndex(
      TableMetadata table, SecondaryIndex index, byte @Nullable [] from, int batch) {
    byte[] prefix = KeyCodec.tablePrefix(table.tableId());
    return writer.submit(
        view -> {
          TableMetadata current = catalog.inTransaction(view, table);
          if (current == null || !current.indexes().contains(index)) {
            return null;
          }
          EntryBatch entries = EntryBatch.read(view, Db.ITEMS, prefix, from, batch);
          for (int i = 0; i < entries.size(); i++) {
            byte[] key = entries.keys().get(i);
            Map<String, AttributeValue> item =
                effects.openInWalk(current, Db.ITEMS, key, entries.values().get(i));
            if (item != null) {
              effects.indexes().backfill(view, current, index, key, item);
            }
          }
          return entries.next();
        });
  }

  /**
   * Adds expiry entries for up to {@code batch} items of the table from {@code from} (null: the
   * start; TTL was just enabled); returns where the next batch starts, or null when the table is
   * done or gone.
   */
  public Future<byte @Nullable []> backfillExpiry(
      TableMetadata table, byte @Nullable [] from, int batch) {
    byte[] prefix = KeyCodec.tablePrefix(table.tableId());
    return writer.submit(
        view -> {
          TableMetadata current = catalog.inTransaction(view, table);
          if (current == null || current.expiryAttribute() == null) {
            return null;
          }
          EntryBatch entries = EntryBatch.read(view, Db.ITEMS, prefix, from, batch);
          for (int i = 0; i < entries.size(); i++) {
            byte[] key = entries.keys().get(i);
            Map<String, AttributeValue> item =
                effects.openInWalk(current, Db.ITEMS, key, entries.values().get(i));
            if (item != null) {
              ExpiryIndex.add(view, current, key, item);
            }
          }
          return entries.next();
        });
  }

  /** Items being copied into a table, written a batch per writer op as they are read. */
  private final class CopyBatches {
    private final TableMetadata target;
    private final List<Map<String, AttributeValue>> pending = new ArrayList<>();
    private TableStats.Totals totals = TableStats.Totals.EMPTY;

    CopyBatches(TableMetadata target) {
      this.target = target;
    }

    void add(Map<String, AttributeValue> item) {
      pending.add(item);
      if (pending.size() >= COPY_BATCH) {
        flush();
      }
    }

    TableStats.Totals finish() {
      flush();
      return totals;
    }

    /** Blocks this read-pool thread until the batch is durable: copies stay bounded in memory. */
    private void flush() {
      if (pending.isEmpty()) {
        return;
      }
      List<Map<String, AttributeValue>> batch = List.copyOf(pending);
      pending.clear();
      Future<TableStats.Totals> written =
          writer.submit(
              view -> {
                for (Map<String, AttributeValue> item : batch) {
                  effects.copyIn(view, target, item);
                }
                return TableStats.read(view, target.tableId());
              });
      try {
        totals = written.toCompletionStage().toCompletableFuture().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("copy interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("copy failed", e.getCause());
      }
    }
  }
}

package io.strata.service.item;

import io.strata.service.model.AttributeValue;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.WriteView;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.ttl.ExpiryIndex;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Work over a whole table's stored entries, done in batches of one writer op each so that even a
 * huge table never holds the writer for long: copying a table (backups and restores), re-sealing it
 * after a data-key rotation, and building the entries of a global index or of the expiry index for
 * items that were there before the index was. What runs these, and when, is the maintenance
 * package's business; this class only knows how to do one batch right.
 */
public final class TableMaintenance {
  /** Items re-sealed per writer op after a data-key rotation. */
  private static final int RESEAL_BATCH = 500;

  /** Items copied per writer op. */
  private static final int COPY_BATCH = 500;

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
   * Copies every item of {@code source} into {@code target}'s key space (same tenant, another table
   * id), re-sealed for their new keys, with {@code target}'s secondary-index entries: the item data
   * of a backup (a target without indexes), or a table restored from one. The source is read from
   * one snapshot, so the copy is consistent however long it takes, while the copies are written in
   * batches that never hold the writer for long.
   *
   * @return the target's totals once every item is copied
   */
  public Future<TableStats.Totals> copyTable(TableMetadata source, TableMetadata target) {
    byte[] prefix = KeyCodec.tablePrefix(source.tableId());
    return readPool.executeBlocking(
        () ->
            store.read(
                view -> {
                  CopyBatches batches = new CopyBatches(target);
                  view.scan(
                      Db.ITEMS,
                      prefix,
                      true,
                      (key, value) -> {
                        if (!CatalogKeys.startsWith(key, prefix)) {
                          return false;
                        }
                        batches.add(effects.open(source, key, value));
                        return true;
                      });
                  return batches.finish();
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
      if (!effects.isSealedWithCurrentKey(table, value)) {
        view.put(db, key, effects.seal(table, key, effects.open(table, key, value)));
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
            effects
                .indexes()
                .backfill(
                    view, current, index, key, effects.open(current, key, entries.values().get(i)));
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
            ExpiryIndex.add(
                view, current, key, effects.open(current, key, entries.values().get(i)));
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

package io.strata.service.item;

import io.strata.billing.CapacityUnits;
import io.strata.billing.CapacityUnits.WriteMode;
import io.strata.billing.UsageLedger;
import io.strata.service.cache.ItemCache;
import io.strata.service.error.DynamoException;
import io.strata.service.metering.LedgerStore;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.PrimaryKey;
import io.strata.service.model.SortKeyCondition;
import io.strata.service.model.SortKeyRange;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.IndexKeyCodec;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.SortLayout;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import io.strata.service.storage.Writer;
import io.strata.service.stream.StreamLog;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.ttl.ExpiryIndex;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Items of tables: where the item model meets LMDB. Reads run on the {@code lmdb-read} pool; every
 * change is a read-modify-write on the single writer, so a request's condition is evaluated against
 * exactly the state its write replaces, with no locks. Sealing and opening (AES-GCM with the
 * tenant's data key, bound to the item's place by associated data) happen here and nowhere else, as
 * does the bookkeeping that must share the item's transaction (table statistics).
 */
public final class ItemStore {
  /** Items re-sealed per writer op after a data-key rotation. */
  private static final int RESEAL_BATCH = 500;

  private final LmdbStore store;
  private final Writer writer;
  private final WorkerExecutor readPool;
  private final SealedItems sealed;
  private final IndexMaintainer indexes;
  private final ItemCollections collections;
  private final TableStats stats;
  private final ItemCache cache;
  private final StreamLog streams;

  public ItemStore(
      LmdbStore store,
      Writer writer,
      WorkerExecutor readPool,
      ItemSealer sealer,
      TableStats stats,
      ItemCache cache,
      StreamLog streams,
      long itemCollectionLimitBytes) {
    this.store = store;
    this.writer = writer;
    this.readPool = readPool;
    this.sealed = new SealedItems(sealer);
    this.indexes = new IndexMaintainer(sealed);
    this.stats = stats;
    this.cache = cache;
    this.streams = streams;
    this.collections = new ItemCollections(itemCollectionLimitBytes);
  }

  /** What a GetItem found, and whether the cache answered (hits cost no read capacity). */
  public record ItemRead(@Nullable Map<String, AttributeValue> item, boolean fromCache) {}

  /**
   * The item with this key, or null. Eventually consistent reads may be answered by the item cache
   * on the calling thread; everything else runs on the read pool, and what it reads is offered to
   * the cache.
   */
  public Future<ItemRead> get(TableMetadata table, PrimaryKey key, boolean consistentRead) {
    byte[] itemKey = KeyCodec.itemKey(table.tableId(), table.keySchema(), key);
    if (!consistentRead) {
      ItemCache.Lookup cached = cache.lookup(table.tenantId(), itemKey);
      if (cached.hit()) {
        return Future.succeededFuture(new ItemRead(cached.item(), true));
      }
    }
    long readSequence = cache.readSequence(table.tenantId(), table.tableId());
    return readPool.executeBlocking(
        () -> {
          Map<String, AttributeValue> item = store.read(view -> read(view, table, itemKey));
          cache.store(table.tenantId(), itemKey, item, readSequence);
          return new ItemRead(item, false);
        },
        false);
  }

  /** Where one item of a multi-item read is. */
  public record ItemAddress(TableMetadata table, PrimaryKey key) {}

  /**
   * The items at these addresses (null where absent), all read from one snapshot, as a transaction
   * sees them; strongly consistent, so the cache is not consulted.
   */
  public Future<List<@Nullable Map<String, AttributeValue>>> getAll(List<ItemAddress> addresses) {
    return readPool.executeBlocking(
        () ->
            store.read(
                view -> {
                  List<Map<String, AttributeValue>> found = new ArrayList<>(addresses.size());
                  for (ItemAddress address : addresses) {
                    TableMetadata table = address.table();
                    found.add(
                        read(
                            view,
                            table,
                            KeyCodec.itemKey(table.tableId(), table.keySchema(), address.key())));
                  }
                  return found;
                }),
        false);
  }

  /**
   * One page of a Query: the partition's items in sort order (descending unless {@code forward}),
   * within {@code condition}, after {@code exclusiveStart}; runs on the read pool.
   */
  public Future<ItemPage> query(
      TableMetadata table,
      AttributeValue partitionKey,
      @Nullable SortKeyRange condition,
      boolean forward,
      @Nullable PrimaryKey exclusiveStart,
      PageLimits limits) {
    RangeWalk.Range range =
        new RangeWalk.Range(
            Db.ITEMS,
            KeyCodec.partitionPrefix(table.tableId(), partitionKey),
            KeyCodec.LAYOUT,
            table.keySchema(),
            table.keySchema(),
            true);
    RangeWalk.Start start =
        exclusiveStart == null
            ? null
            : new RangeWalk.Start(
                KeyCodec.itemKey(table.tableId(), table.keySchema(), exclusiveStart),
                exclusiveStart.sort() == null ? List.of() : List.of(exclusiveStart.sort()));
    return walk(table, range, condition, forward, start, limits, false);
  }

  /**
   * One page of a Query on a secondary index: the index partition's entries in index sort order,
   * within {@code condition}, after {@code exclusiveStart} (the index and table keys of an entry).
   * With {@code fetchItems}, each entry is replaced by its whole item, read from the table in the
   * same snapshot (local indexes asked for attributes they do not project). On the read pool.
   *
   * @param partitionValues the index partition key, one value per partition attribute
   */
  public Future<ItemPage> queryIndex(
      TableMetadata table,
      SecondaryIndex index,
      List<AttributeValue> partitionValues,
      @Nullable SortKeyRange condition,
      boolean forward,
      @Nullable Map<String, AttributeValue> exclusiveStart,
      PageLimits limits,
      boolean fetchItems) {
    RangeWalk.Range range =
        new RangeWalk.Range(
            Db.INDEXES,
            IndexKeyCodec.partitionPrefix(index.indexId(), partitionValues),
            IndexKeyCodec.LAYOUT,
            index.keySchema(),
            table.keySchema(),
            false);
    RangeWalk.Start start =
        exclusiveStart == null
            ? null
            : new RangeWalk.Start(
                entryKey(table, index, exclusiveStart),
                index.keySchema().sortValues(exclusiveStart));
    return walk(table, range, condition, forward, start, limits, fetchItems);
  }

  private Future<ItemPage> walk(
      TableMetadata table,
      RangeWalk.Range range,
      @Nullable SortKeyRange condition,
      boolean forward,
      RangeWalk.@Nullable Start start,
      PageLimits limits,
      boolean fetchItems) {
    byte[] seek =
        KeyCodec.concat(
            range.partitionPrefix(),
            seekComponent(range.layout(), condition, forward, start == null ? null : start.sort()));
    return readPage(
        table,
        fetchItems,
        view ->
            new RangeWalk(range, condition, forward, start, limits, decoder(table))
                .run(view, seek));
  }

  /** One page of segment {@code segment} of {@code totalSegments} of a Scan; on the read pool. */
  public Future<ItemPage> scan(
      TableMetadata table,
      int segment,
      int totalSegments,
      @Nullable PrimaryKey exclusiveStart,
      PageLimits limits) {
    byte[] startKey =
        exclusiveStart == null
            ? null
            : KeyCodec.itemKey(table.tableId(), table.keySchema(), exclusiveStart);
    return scan(Db.ITEMS, table.tableId(), table, segment, totalSegments, startKey, limits, false);
  }

  /**
   * One page of a Scan segment of a secondary index, in entry-key order, after {@code
   * exclusiveStart} (the index and table keys of an entry); see {@link #queryIndex} for {@code
   * fetchItems}. On the read pool.
   */
  public Future<ItemPage> scanIndex(
      TableMetadata table,
      SecondaryIndex index,
      int segment,
      int totalSegments,
      @Nullable Map<String, AttributeValue> exclusiveStart,
      PageLimits limits,
      boolean fetchItems) {
    return scan(
        Db.INDEXES,
        index.indexId(),
        table,
        segment,
        totalSegments,
        exclusiveStart == null ? null : entryKey(table, index, exclusiveStart),
        limits,
        fetchItems);
  }

  private Future<ItemPage> scan(
      Db db,
      long storageId,
      TableMetadata table,
      int segment,
      int totalSegments,
      byte @Nullable [] startKey,
      PageLimits limits,
      boolean fetchItems) {
    byte[] seek =
        startKey != null ? startKey : KeyCodec.segmentStart(storageId, segment, totalSegments);
    long segmentEnd = KeyCodec.segmentBoundary(segment + 1, totalSegments);
    return readPage(
        table,
        fetchItems,
        view ->
            new ScanWalk(
                    db, storageId, segmentEnd, table.keySchema(), startKey, limits, decoder(table))
                .run(view, seek));
  }

  /** Runs {@code walk} in one snapshot on the read pool, fetching items for index entries. */
  private Future<ItemPage> readPage(
      TableMetadata table, boolean fetchItems, Function<ReadView, ItemPage> walk) {
    return readPool.executeBlocking(
        () -> store.read(view -> fetchedIf(fetchItems, view, table, walk.apply(view))), false);
  }

  /** Items and index entries alike are sealed under their own key. */
  private BiFunction<byte[], byte[], Map<String, AttributeValue>> decoder(TableMetadata table) {
    return (key, value) -> open(table, key, value);
  }

  /**
   * With {@code fetchItems}, the page with each index entry replaced by its item, read in the same
   * snapshot; its size and LastEvaluatedKey stay those of the entries read (the page limits apply
   * to the index, and fetches are charged apart).
   */
  private ItemPage fetchedIf(
      boolean fetchItems, ReadView view, TableMetadata table, ItemPage page) {
    if (!fetchItems) {
      return page;
    }
    List<Map<String, AttributeValue>> items = new ArrayList<>(page.items().size());
    for (Map<String, AttributeValue> entry : page.items()) {
      Map<String, AttributeValue> item =
          read(
              view,
              table,
              KeyCodec.itemKey(
                  table.tableId(), table.keySchema(), PrimaryKey.of(table.keySchema(), entry)));
      items.add(item == null ? entry : item);
    }
    return new ItemPage(items, page.bytesRead(), page.lastEvaluatedKey());
  }

  /** The entry key of the entry an ExclusiveStartKey (index and table keys) names. */
  private static byte[] entryKey(
      TableMetadata table, SecondaryIndex index, Map<String, AttributeValue> keys) {
    byte[] itemKey =
        KeyCodec.itemKey(
            table.tableId(), table.keySchema(), PrimaryKey.of(table.keySchema(), keys));
    return IndexKeyCodec.entryKey(index.indexId(), index.keySchema(), keys, itemKey);
  }

  /**
   * Where a partition walk starts: forward, at the greater of the condition's lower bound and the
   * exclusive start; backward, at the lesser of its upper bound (or prefix) and the exclusive
   * start; the walk itself skips whatever lies before the true start. A condition's bounds are its
   * equality prefix followed by its last attribute's bound, if it has one.
   */
  private static byte[] seekComponent(
      SortLayout layout,
      @Nullable SortKeyRange condition,
      boolean forward,
      @Nullable List<AttributeValue> startSort) {
    List<AttributeValue> prefix = condition == null ? List.of() : condition.equalPrefix();
    SortKeyCondition last = condition == null ? null : condition.last();
    if (forward) {
      AttributeValue lower = last == null ? null : last.lowerBound();
      byte[] fromCondition = layout.lowerSeek(lower == null ? prefix : appended(prefix, lower));
      byte[] fromStart = startSort == null ? new byte[0] : layout.lowerSeek(startSort);
      return Arrays.compareUnsigned(fromCondition, fromStart) >= 0 ? fromCondition : fromStart;
    }
    byte[] fromCondition =
        prefix.isEmpty() ? layout.maxSortComponent() : layout.upperSeek(prefix, false);
    if (last != null && last.operator() == SortKeyCondition.Operator.BEGINS_WITH) {
      fromCondition = layout.upperSeek(appended(prefix, last.first()), true);
    } else if (last != null && last.upperBound() != null) {
      fromCondition = layout.upperSeek(appended(prefix, last.upperBound()), false);
    }
    byte[] fromStart =
        startSort == null ? layout.maxSortComponent() : layout.upperSeek(startSort, false);
    return Arrays.compareUnsigned(fromCondition, fromStart) <= 0 ? fromCondition : fromStart;
  }

  private static List<AttributeValue> appended(List<AttributeValue> values, AttributeValue last) {
    List<AttributeValue> all = new ArrayList<>(values);
    all.add(last);
    return all;
  }

  /**
   * What became of one target of a change: the request's result, or the error its condition ended
   * it with; in both cases what it was charged, in write half-units: {@code writeHalfUnits} in all,
   * of which {@code indexWriteHalfUnits} on each secondary index whose entry changed.
   */
  public record Written<T>(
      @Nullable T result,
      @Nullable DynamoException failure,
      long writeHalfUnits,
      Map<SecondaryIndex, Long> indexWriteHalfUnits,
      long itemCollectionBytes) {
    /** No collection: the table has no local secondary index. */
    public static final long UNTRACKED = -1;

    /** The result, or the failure thrown. */
    public @Nullable T orThrow() {
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }

  /** Idempotency tokens of transactions committed within their window. Blocking: for startup. */
  public List<TransactionTokens.Committed> committedTransactionTokens(Instant now) {
    return TransactionTokens.load(store, now);
  }

  /** Applies {@code change} to the item with this key, durably; the outcome once committed. */
  public <T> Future<Written<T>> change(
      TableMetadata table, PrimaryKey key, ItemChange<T> change, Instant at) {
    return changeAll(
            List.of(new Target<>(table, key, change)), decisions -> {}, WriteMode.STANDARD, at)
        .map(outcomes -> outcomes.get(0));
  }

  /**
   * One item of a multi-item change: where it is and what to do with it.
   *
   * @param byService a change made by the service itself (TTL expiry): streams mark it so
   */
  public record Target<T>(
      TableMetadata table, PrimaryKey key, ItemChange<T> change, boolean byService) {
    public Target(TableMetadata table, PrimaryKey key, ItemChange<T> change) {
      this(table, key, change, false);
    }
  }

  /**
   * Decides every target against the current state, lets {@code verdict} veto the whole set (a
   * transaction whose conditions did not all hold: the veto rolls everything back), then applies
   * every decision: all of them or none, in one nested transaction of the writer. Targets are
   * decided in order and each sees the state before any of them is applied. The write capacity each
   * target costs is computed from the item sizes before and after (DynamoDB charges the larger) and
   * recorded in the usage ledger inside the same transaction.
   */
  public <T> Future<List<Written<T>>> changeAll(
      List<Target<T>> targets,
      Consumer<List<ItemChange.Decision<T>>> verdict,
      WriteMode mode,
      Instant at) {
    return changeAll(targets, verdict, mode, at, null);
  }

  /**
   * {@link #changeAll(List, Consumer, WriteMode, Instant)}, also recording the transaction's
   * idempotency {@code token} in the same transaction: if the changes commit, so does the token.
   */
  public <T> Future<List<Written<T>>> changeAll(
      List<Target<T>> targets,
      Consumer<List<ItemChange.Decision<T>>> verdict,
      WriteMode mode,
      Instant at,
      TransactionTokens.@Nullable Committed token) {
    List<byte[]> itemKeys = new ArrayList<>(targets.size());
    for (Target<T> target : targets) {
      itemKeys.add(
          KeyCodec.itemKey(target.table().tableId(), target.table().keySchema(), target.key()));
    }
    return writer.submit(
        new WriteOp<List<Written<T>>>() {
          private final Map<Long, TableStats.Totals> totals = new HashMap<>();

          @Override
          public List<Written<T>> apply(WriteView view) {
            totals.clear();
            List<Map<String, AttributeValue>> currents = new ArrayList<>(targets.size());
            List<ItemChange.Decision<T>> decisions = new ArrayList<>(targets.size());
            long[] collectionSizes = new long[targets.size()];
            Map<String, Long> runningSizes = new HashMap<>();
            for (int i = 0; i < targets.size(); i++) {
              Target<T> target = targets.get(i);
              Map<String, AttributeValue> current = read(view, target.table(), itemKeys.get(i));
              currents.add(current);
              ItemChange.Decision<T> decision =
                  withIndexKeysChecked(target.table(), decide(target.change(), current));
              collectionSizes[i] = Written.UNTRACKED;
              if (ItemCollections.tracked(target.table())
                  && (decision.action() == ItemChange.Action.PUT
                      || decision.action() == ItemChange.Action.DELETE)) {
                String collection =
                    target.table().tableId()
                        + "/"
                        + HexFormat.of()
                            .formatHex(
                                KeyCodec.partitionPrefix(
                                    target.table().tableId(), target.key().partition()));
                long before =
                    runningSizes.computeIfAbsent(
                        collection, c -> collections.size(view, target.table(), target.key()));
                long after =
                    before
                        + ItemCollections.weight(target.table(), decision.newItem())
                        - ItemCollections.weight(target.table(), current);
                try {
                  collections.requireWithinLimit(before, after);
                  runningSizes.put(collection, after);
                  collectionSizes[i] = after;
                } catch (DynamoException e) {
                  decision = ItemChange.Decision.failed(e);
                  collectionSizes[i] = before;
                }
              }
              decisions.add(decision);
            }
            verdict.accept(decisions);
            if (token != null) {
              TransactionTokens.record(view, token);
            }
            UsageLedger ledger = new UsageLedger(LedgerStore.writing(view));
            List<Written<T>> outcomes = new ArrayList<>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
              Target<T> target = targets.get(i);
              TableMetadata table = target.table();
              ItemChange.Decision<T> decision = decisions.get(i);
              Map<SecondaryIndex, Long> indexCharges =
                  carryOut(
                      view, target, itemKeys.get(i), currents.get(i), decision, mode, at, totals);
              long charged = 0;
              if (!target.byService()) {
                charged = charge(currents.get(i), decision, mode);
                for (long indexCharge : indexCharges.values()) {
                  charged += indexCharge;
                }
              }
              ledger.recordConsumed(table.tenantId(), table.name(), at, 0, charged);
              outcomes.add(
                  new Written<>(
                      decision.result(),
                      decision.failure(),
                      charged,
                      target.byService() ? Map.of() : indexCharges,
                      collectionSizes[i]));
            }
            return outcomes;
          }

          @Override
          public void afterCommit(List<Written<T>> outcomes) {
            totals.forEach(stats::publish);
          }
        });
  }

  /**
   * Deletes the items of due expiry entries that are still expired (service deletions: uncharged,
   * marked in streams), and drops every due entry; one writer op per batch, so a large backlog
   * never holds the writer for long.
   *
   * @return how many items were deleted
   */
  public Future<Integer> expire(
      List<ExpiryIndex.Due> due, Instant now, LongFunction<@Nullable TableMetadata> tableById) {
    return writer.submit(
        new WriteOp<Integer>() {
          private final Map<Long, TableStats.Totals> totals = new HashMap<>();

          @Override
          public Integer apply(WriteView view) {
            totals.clear();
            int deleted = 0;
            for (ExpiryIndex.Due entry : due) {
              ExpiryIndex.remove(view, entry);
              TableMetadata table = tableById.apply(entry.tableId());
              if (table == null) {
                continue;
              }
              Map<String, AttributeValue> current = read(view, table, entry.itemKey());
              if (!ExpiryIndex.isExpired(current, table.expiryAttribute(), now)) {
                continue;
              }
              Target<Void> target =
                  new Target<>(
                      table,
                      PrimaryKey.of(table.keySchema(), current),
                      item -> ItemChange.Decision.delete(null),
                      true);
              carryOut(
                  view,
                  target,
                  entry.itemKey(),
                  current,
                  ItemChange.Decision.delete(null),
                  WriteMode.STANDARD,
                  now,
                  totals);
              deleted++;
            }
            return deleted;
          }

          @Override
          public void afterCommit(Integer deleted) {
            totals.forEach(stats::publish);
          }
        });
  }

  /**
   * Adds expiry entries for up to {@code batch} items of the table from {@code from} (null: the
   * start; TTL was just enabled); returns where the next batch starts, or null when the table is
   * done.
   */
  public Future<byte @Nullable []> backfillExpiry(
      TableMetadata table, byte @Nullable [] from, int batch) {
    byte[] prefix = KeyCodec.tablePrefix(table.tableId());
    return writer.submit(
        view -> {
          EntryBatch entries = EntryBatch.read(view, Db.ITEMS, prefix, from, batch);
          for (int i = 0; i < entries.size(); i++) {
            byte[] key = entries.keys().get(i);
            ExpiryIndex.add(view, table, key, open(table, key, entries.values().get(i)));
          }
          return entries.next();
        });
  }

  /**
   * Copies every item of {@code source} into {@code target}'s key space (same tenant, another table
   * id), re-sealed for their new keys, with {@code target}'s secondary-index entries: the item data
   * of a backup (a target without indexes), or a table restored from one. The source is read from
   * one snapshot, so the copy is consistent however long it takes, while the copies are written in
   * batches that never hold the writer for long.
   */
  public Future<TableStats.Totals> copyTable(TableMetadata source, TableMetadata target) {
    return readPool.executeBlocking(
        () ->
            store.read(
                view -> {
                  CopyBatches batches = new CopyBatches(target);
                  view.scan(
                      Db.ITEMS,
                      KeyCodec.tablePrefix(source.tableId()),
                      true,
                      (key, value) -> {
                        if (!CatalogKeys.startsWith(key, KeyCodec.tablePrefix(source.tableId()))) {
                          return false;
                        }
                        batches.add(open(source, key, value));
                        return true;
                      });
                  return batches.finish();
                }),
        false);
  }

  /**
   * Re-seals, with the tenant's current data key, every item of {@code table} sealed with an older
   * one (after a data-key rotation); a batch per writer op, so writes keep flowing meanwhile.
   *
   * @return how many items were re-sealed
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

  /**
   * Re-seals the values under {@code prefix} in {@code db}, from {@code from} (null: the start).
   */
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

  /**
   * Builds the entries of a global index added to an existing table for the items already there,
   * {@code batch} items per writer op from {@code from} (null: the start); while it runs, every
   * write maintains the index as usual. Returns where the next batch starts, or null when done.
   */
  public Future<byte @Nullable []> backfillIndex(
      TableMetadata table, SecondaryIndex index, byte @Nullable [] from, int batch) {
    byte[] prefix = KeyCodec.tablePrefix(table.tableId());
    return writer.submit(
        new WriteOp<byte @Nullable []>() {
          private final Map<Long, TableStats.Totals> totals = new HashMap<>();

          @Override
          public byte @Nullable [] apply(WriteView view) {
            totals.clear();
            EntryBatch entries = EntryBatch.read(view, Db.ITEMS, prefix, from, batch);
            for (int i = 0; i < entries.size(); i++) {
              byte[] key = entries.keys().get(i);
              indexes.backfill(
                  view, table, index, key, open(table, key, entries.values().get(i)), totals);
            }
            return entries.next();
          }

          @Override
          public void afterCommit(byte @Nullable [] next) {
            totals.forEach(stats::publish);
          }
        });
  }

  /** One batch of a re-seal: how many items it re-sealed, and where the next one starts. */
  private record ResealBatch(long resealed, byte @Nullable [] next) {}

  private ResealBatch resealBatch(
      WriteView view, TableMetadata table, Db db, byte[] prefix, byte @Nullable [] from) {
    EntryBatch entries = EntryBatch.read(view, db, prefix, from, RESEAL_BATCH);
    long resealed = 0;
    for (int i = 0; i < entries.size(); i++) {
      byte[] key = entries.keys().get(i);
      byte[] value = entries.values().get(i);
      if (!sealed.isSealedWithCurrentKey(table, value)) {
        view.put(db, key, seal(table, key, open(table, key, value)));
        resealed++;
      }
    }
    return new ResealBatch(resealed, entries.next());
  }

  /** Items being copied into a table, written a batch per writer op as they are read. */
  private final class CopyBatches {
    private static final int ITEMS_PER_BATCH = 500;
    private final TableMetadata target;
    private final List<Map<String, AttributeValue>> pending = new ArrayList<>();
    private TableStats.Totals totals = TableStats.Totals.EMPTY;

    CopyBatches(TableMetadata target) {
      this.target = target;
    }

    void add(Map<String, AttributeValue> item) {
      pending.add(item);
      if (pending.size() >= ITEMS_PER_BATCH) {
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
      Future<Map<Long, TableStats.Totals>> written =
          writer.submit(
              view -> {
                Map<Long, TableStats.Totals> changed = new HashMap<>();
                for (Map<String, AttributeValue> item : batch) {
                  byte[] itemKey =
                      KeyCodec.itemKey(
                          target.tableId(),
                          target.keySchema(),
                          PrimaryKey.of(target.keySchema(), item));
                  TableStats.Totals updated =
                      store(view, target, itemKey, null, ItemChange.Decision.put(item, null));
                  if (updated != null) {
                    changed.put(target.tableId(), updated);
                  }
                  indexes.apply(view, target, itemKey, null, item, WriteMode.STANDARD, changed);
                  if (ItemCollections.tracked(target)) {
                    collections.change(
                        view, target, PrimaryKey.of(target.keySchema(), item), null, item);
                  }
                }
                return changed;
              });
      try {
        Map<Long, TableStats.Totals> changed =
            written.toCompletionStage().toCompletableFuture().get();
        changed.forEach(stats::publish);
        totals = changed.getOrDefault(target.tableId(), totals);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("copy interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("copy failed", e.getCause());
      }
    }
  }

  /**
   * Carries out one decision with everything that shares the item's transaction: the item itself
   * and the table's statistics, its secondary-index entries, its expiry entry, its stream record.
   *
   * @param totals receives the new totals of the table and of its indexes, by storage id
   * @return the write half-units each secondary index was charged
   */
  private Map<SecondaryIndex, Long> carryOut(
      WriteView view,
      Target<?> target,
      byte[] itemKey,
      @Nullable Map<String, AttributeValue> current,
      ItemChange.Decision<?> decision,
      WriteMode mode,
      Instant at,
      Map<Long, TableStats.Totals> totals) {
    TableMetadata table = target.table();
    TableStats.Totals updated = store(view, table, itemKey, current, decision);
    if (updated != null) {
      totals.put(table.tableId(), updated);
    }
    if (decision.action() != ItemChange.Action.PUT
        && decision.action() != ItemChange.Action.DELETE) {
      return Map.of();
    }
    if (ItemCollections.tracked(table)) {
      collections.change(view, table, target.key(), current, decision.newItem());
    }
    ExpiryIndex.update(view, table, itemKey, current, decision.newItem());
    streams.append(view, table, target.key(), current, decision.newItem(), at, target.byService());
    return indexes.apply(view, table, itemKey, current, decision.newItem(), mode, totals);
  }

  private static <T> ItemChange.Decision<T> decide(
      ItemChange<T> change, @Nullable Map<String, AttributeValue> current) {
    try {
      return change.decide(current);
    } catch (DynamoException e) {
      return ItemChange.Decision.failed(e);
    }
  }

  /**
   * The decision, or its failure if the item it would store has index key values a write may not
   * store: a per-item error of its own, which a transaction reports as that item's ValidationError
   * cancellation reason and a single write as its ValidationException.
   */
  private static <T> ItemChange.Decision<T> withIndexKeysChecked(
      TableMetadata table, ItemChange.Decision<T> decision) {
    Map<String, AttributeValue> newItem = decision.newItem();
    if (newItem != null) {
      try {
        Items.checkIndexKeys(table, newItem);
      } catch (DynamoException e) {
        return ItemChange.Decision.failed(e);
      }
    }
    return decision;
  }

  /** Write half-units for one decision: on the larger of the old and new item, at least one. */
  private static long charge(
      @Nullable Map<String, AttributeValue> current,
      ItemChange.Decision<?> decision,
      WriteMode mode) {
    long oldSize = current == null ? 0 : ItemSize.of(current);
    Map<String, AttributeValue> newItem = decision.newItem();
    return CapacityUnits.writeHalfUnits(oldSize, newItem == null ? 0 : ItemSize.of(newItem), mode);
  }

  /** Carries out one decision; returns the table's new totals if they changed. */
  private TableStats.@Nullable Totals store(
      WriteView view,
      TableMetadata table,
      byte[] itemKey,
      @Nullable Map<String, AttributeValue> current,
      ItemChange.Decision<?> decision) {
    long oldSize = current == null ? 0 : ItemSize.of(current);
    switch (decision.action()) {
      case PUT -> {
        Map<String, AttributeValue> item = Objects.requireNonNull(decision.newItem());
        view.put(Db.ITEMS, itemKey, seal(table, itemKey, item));
        return TableStats.adjust(
            view, table.tableId(), current == null ? 1 : 0, ItemSize.of(item) - oldSize);
      }
      case DELETE -> {
        if (current != null) {
          view.delete(Db.ITEMS, itemKey);
          return TableStats.adjust(view, table.tableId(), -1, -oldSize);
        }
        return null;
      }
      case KEEP, FAIL -> {
        return null;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private @Nullable Map<String, AttributeValue> read(
      ReadView view, TableMetadata table, byte[] itemKey) {
    byte[] sealed = view.get(Db.ITEMS, itemKey);
    return sealed == null ? null : open(table, itemKey, sealed);
  }

  private Map<String, AttributeValue> open(TableMetadata table, byte[] itemKey, byte[] value) {
    return sealed.open(table, itemKey, value);
  }

  private byte[] seal(TableMetadata table, byte[] itemKey, Map<String, AttributeValue> item) {
    return sealed.seal(table, itemKey, item);
  }
}

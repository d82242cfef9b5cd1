package io.strata.service.item;

import io.strata.service.cache.ItemCache;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemPage;
import io.strata.service.model.PrimaryKey;
import io.strata.service.model.SortKeyCondition;
import io.strata.service.model.SortKeyRange;
import io.strata.service.storage.DamagedValues;
import io.strata.service.storage.Db;
import io.strata.service.storage.IndexKeyCodec;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.SortLayout;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.ValueSealer;
import io.strata.service.writer.ReadBarrier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads of items: GetItem and its batch and transactional forms, Query and Scan pages of tables and
 * of their secondary indexes. Every read runs in one short LMDB read transaction on the {@code
 * lmdb-read} pool, except eventually consistent point reads the item cache answers on the calling
 * thread; whatever a point read finds is offered to the cache.
 */
public final class ItemReads {
  private final LmdbStore store;
  private final WorkerExecutor readPool;
  private final SealedItems sealed;
  private final ItemCache cache;
  private final ReadBarrier consistentReads;

  public ItemReads(
      LmdbStore store,
      WorkerExecutor readPool,
      ValueSealer sealer,
      DamagedValues damaged,
      ItemCache cache,
      ReadBarrier consistentReads) {
    this.store = store;
    this.readPool = readPool;
    this.sealed = new SealedItems(sealer, damaged);
    this.cache = cache;
    this.consistentReads = consistentReads;
  }

  /** What a GetItem found, and whether the cache answered (hits cost no read capacity). */
  public record ItemRead(@Nullable Map<String, AttributeValue> item, boolean fromCache) {}

  /**
   * The item with this key, or null. Eventually consistent reads may be answered by the item cache
   * on the calling thread; everything else runs on the read pool, and what it reads is offered to
   * the cache. A strongly consistent read first waits for {@code consistentReads}: on a replica,
   * until it has applied every write acknowledged before the read began.
   */
  public Future<ItemRead> get(TableMetadata table, PrimaryKey key, boolean consistentRead) {
    byte[] itemKey = KeyCodec.itemKey(table.tableId(), table.keySchema(), key);
    if (consistentRead) {
      return consistently(() -> readStored(table, itemKey));
    }
    ItemCache.Lookup cached = cache.lookup(table.tenantId(), itemKey);
    if (cached.hit()) {
      return Future.succeededFuture(new ItemRead(cached.item(), true));
    }
    return readStored(table, itemKey);
  }

  private Future<ItemRead> readStored(TableMetadata table, byte[] itemKey) {
    long readSequence = cache.readSequence(table.tenantId(), table.tableId());
    return readPool.executeBlocking(
        () -> {
          Map<String, AttributeValue> item = store.read(view -> read(view, table, itemKey));
          cache.store(table.tenantId(), itemKey, item, readSequence);
          return new ItemRead(item, false);
        },
        false);
  }

  /**
   * Runs {@code read} as a strongly consistent read: once {@code consistentReads} lets it, so that
   * on a replica it sees every write acknowledged before it began.
   */
  public <T> Future<T> consistently(Supplier<Future<T>> read) {
    if (consistentReads == ReadBarrier.NONE) {
      // A single node: no detour through a completed stage and back onto the event loop.
      return read.get();
    }
    return Future.fromCompletionStage(consistentReads.awaitLinearizable(), Vertx.currentContext())
        .compose(ignored -> read.get());
  }

  /** Where one item of a multi-item read is. */
  public record ItemAddress(TableMetadata table, PrimaryKey key) {}

  /**
   * The items at these addresses (null where absent), all read from one snapshot, as a transaction
   * sees them; strongly consistent, so the cache is not consulted.
   */
  public Future<List<@Nullable Map<String, AttributeValue>>> getAll(List<ItemAddress> addresses) {
    return consistently(() -> readAll(addresses));
  }

  private Future<List<@Nullable Map<String, AttributeValue>>> readAll(List<ItemAddress> addresses) {
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
            new RangeWalk(range, condition, forward, start, limits, decoder(table, range.db()))
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
                    db,
                    storageId,
                    segmentEnd,
                    table.keySchema(),
                    startKey,
                    limits,
                    decoder(table, db))
                .run(view, seek));
  }

  /** Runs {@code walk} in one snapshot on the read pool, fetching items for index entries. */
  private Future<ItemPage> readPage(
      TableMetadata table, boolean fetchItems, Function<ReadView, ItemPage> walk) {
    return readPool.executeBlocking(
        () -> store.read(view -> fetchedIf(fetchItems, view, table, walk.apply(view))), false);
  }

  /** Items and index entries alike are sealed under their own key. */
  private BiFunction<byte[], byte[], @Nullable Map<String, AttributeValue>> decoder(
      TableMetadata table, Db db) {
    return (key, value) -> sealed.openInWalk(table, db, key, value);
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

  private @Nullable Map<String, AttributeValue> read(
      ReadView view, TableMetadata table, byte[] itemKey) {
    byte[] value = view.get(Db.ITEMS, itemKey);
    return value == null ? null : sealed.open(table, Db.ITEMS, itemKey, value);
  }
}

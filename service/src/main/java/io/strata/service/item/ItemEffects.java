package io.strata.service.item;

import io.strata.billing.CapacityUnits;
import io.strata.billing.CapacityUnits.WriteMode;
import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.DamagedValues;
import io.strata.service.storage.Db;
import io.strata.service.storage.IndexKeyCodec;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteView;
import io.strata.service.stream.StreamLog;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.ValueSealer;
import io.strata.service.ttl.ExpiryIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything one item change does inside its write transaction: the sealed item itself, the table's
 * statistics, its secondary-index entries, its item collection's size, its expiry entry and its
 * stream record. Requests (item writes), TTL expiry and table copies all change items through here,
 * so none of them can leave an index, a statistic or a stream behind.
 */
public final class ItemEffects {
  private final SealedItems sealed;
  private final IndexMaintainer indexes;
  private final ItemCollections collections;
  private final StreamLog streams;

  /**
   * @param itemCollectionLimitBytes the largest item collection of a table with local indexes
   */
  public ItemEffects(
      ValueSealer sealer, DamagedValues damaged, StreamLog streams, long itemCollectionLimitBytes) {
    this.sealed = new SealedItems(sealer, damaged);
    this.indexes = new IndexMaintainer(sealed);
    this.collections = new ItemCollections(itemCollectionLimitBytes);
    this.streams = streams;
  }

  ItemCollections collections() {
    return collections;
  }

  IndexMaintainer indexes() {
    return indexes;
  }

  /**
   * Carries out one decision about the item at {@code itemKey} of {@code table}.
   *
   * @param byService a change made by the service itself (TTL expiry): streams mark it so
   * @param presealed the put's values sealed before the writer, if they were
   * @return the write half-units each secondary index was charged
   */
  Map<SecondaryIndex, Long> carryOut(
      WriteView view,
      TableMetadata table,
      PrimaryKey key,
      byte[] itemKey,
      @Nullable Map<String, AttributeValue> current,
      ItemChange.Decision<?> decision,
      WriteMode mode,
      Instant at,
      boolean byService,
      @Nullable PresealedPut presealed) {
    store(view, table, itemKey, current, decision, presealed);
    if (decision.action() != ItemChange.Action.PUT
        && decision.action() != ItemChange.Action.DELETE) {
      return Map.of();
    }
    if (ItemCollections.tracked(table)) {
      collections.change(view, table, key, current, decision.newItem());
    }
    ExpiryIndex.update(view, table, itemKey, current, decision.newItem());
    streams.append(view, table, key, current, decision.newItem(), at, byService);
    return indexes.apply(view, table, itemKey, current, decision.newItem(), mode, presealed);
  }

  /**
   * Writes a copied item (a backup's or a restored table's): the item, its statistics, index
   * entries and collection size, but no stream record or expiry entry, which belong to the life of
   * the source table and not to the copy.
   */
  void copyIn(WriteView view, TableMetadata table, Map<String, AttributeValue> item) {
    PrimaryKey key = PrimaryKey.of(table.keySchema(), item);
    byte[] itemKey = KeyCodec.itemKey(table.tableId(), table.keySchema(), key);
    store(view, table, itemKey, null, ItemChange.Decision.put(item, null), null);
    indexes.apply(view, table, itemKey, null, item, WriteMode.STANDARD, null);
    if (ItemCollections.tracked(table)) {
      collections.change(view, table, key, null, item);
    }
  }

  /**
   * Writes one item of a table being restored as a retained change left it ({@code item} null: the
   * change deleted it), over whatever the restore wrote there before: the item, its statistics,
   * index entries and collection size; like a copy, no stream record or expiry entry.
   */
  void restore(
      WriteView view,
      TableMetadata table,
      byte[] itemKey,
      @Nullable Map<String, AttributeValue> item) {
    Map<String, AttributeValue> current = read(view, table, itemKey);
    Map<String, AttributeValue> either = item != null ? item : current;
    if (either == null) {
      return;
    }
    store(
        view,
        table,
        itemKey,
        current,
        item == null ? ItemChange.Decision.delete(null) : ItemChange.Decision.put(item, null),
        null);
    indexes.apply(view, table, itemKey, current, item, WriteMode.STANDARD, null);
    if (ItemCollections.tracked(table)) {
      collections.change(view, table, PrimaryKey.of(table.keySchema(), either), current, item);
    }
  }

  /**
   * Removes an item whose stored value cannot be opened, without opening it: the item, and every
   * index entry that names it (found by the item-key digest each entry key ends with, at the cost
   * of walking the table's indexes: this is a rare repair, not a hot path). What needs the old item
   * is approximate: the table's size drops by the sealed value's length, the stream gets a REMOVE
   * record with the item's key alone, an item collection keeps the item's old weight, and the
   * expiry entry, if any, is dropped by the TTL sweep when it comes due and finds no item.
   *
   * @return the write half-units each index was charged for its removed entry
   */
  Map<SecondaryIndex, Long> removeDamaged(
      WriteView view, TableMetadata table, PrimaryKey key, byte[] itemKey, Instant at) {
    byte[] sealedItem = view.get(Db.ITEMS, itemKey);
    if (sealedItem == null) {
      return Map.of();
    }
    view.delete(Db.ITEMS, itemKey);
    TableStats.adjust(view, table.tableId(), -1, -sealedItem.length);
    Map<SecondaryIndex, Long> charges = new LinkedHashMap<>();
    for (SecondaryIndex index : table.indexes()) {
      byte[] prefix = KeyCodec.tablePrefix(index.indexId());
      List<byte[]> entries = new ArrayList<>();
      view.scan(
          Db.INDEXES,
          prefix,
          true,
          (entryKey, value) -> {
            if (!CatalogKeys.startsWith(entryKey, prefix)) {
              return false;
            }
            if (IndexKeyCodec.isEntryOf(entryKey, itemKey)) {
              entries.add(entryKey);
              TableStats.adjust(view, index.indexId(), -1, -value.length);
            }
            return true;
          });
      entries.forEach(entryKey -> view.delete(Db.INDEXES, entryKey));
      if (!entries.isEmpty()) {
        charges.put(index, CapacityUnits.writeHalfUnits(0, WriteMode.STANDARD));
      }
    }
    streams.append(view, table, key, key.toMap(table.keySchema()), null, at, false);
    return charges;
  }

  /** Writes or deletes the sealed item and adjusts the table's totals. */
  private void store(
      WriteView view,
      TableMetadata table,
      byte[] itemKey,
      @Nullable Map<String, AttributeValue> current,
      ItemChange.Decision<?> decision,
      @Nullable PresealedPut presealed) {
    long oldSize = current == null ? 0 : ItemSize.of(current);
    switch (decision.action()) {
      case PUT -> {
        Map<String, AttributeValue> item = Objects.requireNonNull(decision.newItem());
        byte[] presealedItem = presealed == null ? null : presealed.item(item);
        view.put(Db.ITEMS, itemKey, sealed.sealOr(presealedItem, table, itemKey, item));
        TableStats.adjust(
            view, table.tableId(), current == null ? 1 : 0, ItemSize.of(item) - oldSize);
      }
      case DELETE -> {
        if (current != null) {
          view.delete(Db.ITEMS, itemKey);
          TableStats.adjust(view, table.tableId(), -1, -oldSize);
        }
      }
      case KEEP, FAIL -> {}
    }
  }

  /** The item stored at {@code itemKey}, opened; null when there is none. */
  @Nullable Map<String, AttributeValue> read(ReadView view, TableMetadata table, byte[] itemKey) {
    byte[] value = view.get(Db.ITEMS, itemKey);
    return value == null ? null : sealed.open(table, Db.ITEMS, itemKey, value);
  }

  /** A value met by a walk over many; null when it is damaged and walks skip those. */
  @Nullable Map<String, AttributeValue> openInWalk(
      TableMetadata table, Db db, byte[] key, byte[] value) {
    return sealed.openInWalk(table, db, key, value);
  }

  byte[] seal(TableMetadata table, byte[] key, Map<String, AttributeValue> item) {
    return sealed.seal(table, key, item);
  }

  /** Seals what a put of {@code item} will store; null if the tenant is gone (it fails later). */
  @Nullable PresealedPut preseal(
      TableMetadata table, byte[] itemKey, Map<String, AttributeValue> item) {
    try {
      return PresealedPut.of(sealed, table, itemKey, item);
    } catch (DynamoException tenantGone) {
      // the writer fails the request the way it always has
      return null;
    }
  }

  boolean opens(TableMetadata table, byte[] key, byte[] value) {
    return sealed.opens(table, key, value);
  }

  boolean isSealedWithCurrentKey(TableMetadata table, byte[] value) {
    return sealed.isSealedWithCurrentKey(table, value);
  }
}

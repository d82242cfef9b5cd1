package io.strata.service.item;

import io.strata.billing.CapacityUnits;
import io.strata.billing.CapacityUnits.WriteMode;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.storage.Db;
import io.strata.service.storage.IndexKeyCodec;
import io.strata.service.storage.WriteView;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a table's secondary indexes in step with its items, inside the writer transaction that
 * changes the item, so an index never shows a state the table did not commit. For each index: the
 * old item's entry goes if the old item was in the index, the new item's entry comes if the new
 * item has all the index's key attributes (indexes are sparse), and an entry whose key and content
 * are unchanged is left alone (and, as in DynamoDB, costs nothing).
 *
 * <p><b>Entry value: the projected item, sealed</b> like an item (associated data binds it to the
 * tenant and the entry key), rather than a pointer to the base item. A Query on an index then reads
 * one range of one database, the way DynamoDB's indexes are separate tables, and its page limits
 * and capacity are computed on what the index holds (for KEYS_ONLY and INCLUDE indexes much less
 * than the items). The price is writing the projection twice, which DynamoDB charges too. Only
 * local indexes ever need the base item (Select ALL_ATTRIBUTES or non-projected attributes), and
 * those readers fetch it by the table keys every entry holds, in the same read transaction.
 *
 * <p>Each index's item count and size ({@link TableStats}, under the index's storage id) change in
 * the same transaction.
 */
final class IndexMaintainer {
  private final SealedItems sealed;

  IndexMaintainer(SealedItems sealed) {
    this.sealed = sealed;
  }

  /**
   * Applies one item change to every index of the table.
   *
   * @param itemKey the item's key in the table
   * @param presealed the new item's entries sealed before the writer, if they were
   * @return the write half-units of each index whose entry was added, removed or changed
   */
  Map<SecondaryIndex, Long> apply(
      WriteView view,
      TableMetadata table,
      byte[] itemKey,
      @Nullable Map<String, AttributeValue> oldItem,
      @Nullable Map<String, AttributeValue> newItem,
      WriteMode mode,
      @Nullable PresealedPut presealed) {
    Map<SecondaryIndex, Long> charges = new LinkedHashMap<>();
    for (SecondaryIndex index : table.indexes()) {
      Entry before = Entry.of(index, table, itemKey, oldItem);
      Entry after = Entry.of(index, table, itemKey, newItem);
      if (before == null && after == null) {
        continue;
      }
      boolean sameKey = before != null && after != null && Arrays.equals(before.key, after.key);
      if (sameKey && before.projected.equals(after.projected)) {
        continue;
      }
      long charge = 0;
      if (before != null && !sameKey) {
        view.delete(Db.INDEXES, before.key);
        charge += CapacityUnits.writeHalfUnits(before.sizeBytes(), mode);
      }
      if (after != null) {
        byte[] presealedEntry =
            presealed == null ? null : presealed.entry(newItem, index, after.key);
        view.put(
            Db.INDEXES,
            after.key,
            sealed.sealOr(presealedEntry, table, after.key, after.projected));
        charge +=
            sameKey
                ? CapacityUnits.writeHalfUnits(before.sizeBytes(), after.sizeBytes(), mode)
                : CapacityUnits.writeHalfUnits(after.sizeBytes(), mode);
      }
      charges.put(index, charge);
      long countDelta = (after == null ? 0 : 1) - (before == null ? 0 : 1);
      long sizeDelta =
          (after == null ? 0 : after.sizeBytes()) - (before == null ? 0 : before.sizeBytes());
      TableStats.adjust(view, index.indexId(), countDelta, sizeDelta);
    }
    return charges;
  }

  /**
   * Writes an existing item's entry into an index being backfilled, unless a write since the index
   * was added already did (every write maintains backfilling indexes too), or the item's index key
   * values are ones a write would refuse (wrong type, empty, too large): DynamoDB leaves those
   * items out of the new index (developer guide, GSI.OnlineOps.ViolationDetection: "index key
   * violations" are skipped by the backfill and can be listed afterwards).
   */
  void backfill(
      WriteView view,
      TableMetadata table,
      SecondaryIndex index,
      byte[] itemKey,
      Map<String, AttributeValue> item) {
    if (Items.hasRefusedIndexKey(index, item)) {
      return;
    }
    Entry entry = Entry.of(index, table, itemKey, item);
    if (entry == null || view.get(Db.INDEXES, entry.key) != null) {
      return;
    }
    view.put(Db.INDEXES, entry.key, sealed.seal(table, entry.key, entry.projected));
    TableStats.adjust(view, index.indexId(), 1, entry.sizeBytes());
  }

  /** An item's entry in one index. */
  record Entry(byte[] key, Map<String, AttributeValue> projected) {
    static @Nullable Entry of(
        SecondaryIndex index,
        TableMetadata table,
        byte[] itemKey,
        @Nullable Map<String, AttributeValue> item) {
      if (item == null || !index.covers(item)) {
        return null;
      }
      return new Entry(
          IndexKeyCodec.entryKey(index.indexId(), index.keySchema(), item, itemKey),
          index.project(item, table.keySchema()));
    }

    long sizeBytes() {
      return ItemSize.of(projected);
    }
  }
}

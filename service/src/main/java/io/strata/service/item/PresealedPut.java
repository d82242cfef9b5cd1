package io.strata.service.item;

import io.strata.service.model.AttributeValue;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The sealed forms of what a put will store, made on the caller's thread before the op is queued,
 * so the single writer does not spend its time in AES-GCM: the item under its item key, and its
 * entry in each secondary index of the table as the request was parsed against it.
 *
 * <p>Why this keeps the read-modify-write contract: sealing binds a value to its tenant and to the
 * exact key it is stored under (the associated data), not to the writer or to the moment. The item
 * key depends only on the table's storage id, which the writer checks is unchanged before it writes
 * ({@code TableCatalog.inTransaction}); an index entry's key depends on the index's storage id and
 * the item, and is compared byte for byte before its sealed value is used. The one thing that can
 * change between here and the writer is the tenant's current data key (a rotation committed in
 * between); {@link SealedItems#sealOr} then seals again on the writer, so nothing new is ever
 * stored under a retired key. Anything else the writer decides (the condition, the old item's
 * entries, the stream record, which needs the old image) is still decided there.
 */
final class PresealedPut {
  /** Above this, sealing on the event loop would take longer than its budget: the writer seals. */
  static final long MAX_PRESEALED_BYTES = 256 * 1024;

  private final Map<String, AttributeValue> item;
  private final byte[] sealedItem;
  private final Map<Long, IndexEntry> entries;

  private record IndexEntry(byte[] key, byte[] sealed) {}

  private PresealedPut(
      Map<String, AttributeValue> item, byte[] sealedItem, Map<Long, IndexEntry> entries) {
    this.item = item;
    this.sealedItem = sealedItem;
    this.entries = entries;
  }

  /** Seals {@code item} for {@code itemKey} of {@code table}, and its index entries. */
  static PresealedPut of(
      SealedItems sealed, TableMetadata table, byte[] itemKey, Map<String, AttributeValue> item) {
    Map<Long, IndexEntry> entries = new HashMap<>();
    for (SecondaryIndex index : table.indexes()) {
      IndexMaintainer.Entry entry = IndexMaintainer.Entry.of(index, table, itemKey, item);
      if (entry != null) {
        entries.put(
            index.indexId(),
            new IndexEntry(entry.key(), sealed.seal(table, entry.key(), entry.projected())));
      }
    }
    return new PresealedPut(item, sealed.seal(table, itemKey, item), entries);
  }

  /** The sealed item, if {@code decided} is the item sealed here; else null. */
  byte @Nullable [] item(Map<String, AttributeValue> decided) {
    return decided == item ? sealedItem : null;
  }

  /** The sealed entry of {@code decided} in {@code index}, if it was sealed for this key. */
  byte @Nullable [] entry(
      Map<String, AttributeValue> decided, SecondaryIndex index, byte[] entryKey) {
    IndexEntry entry = decided == item ? entries.get(index.indexId()) : null;
    return entry != null && Arrays.equals(entry.key(), entryKey) ? entry.sealed() : null;
  }
}

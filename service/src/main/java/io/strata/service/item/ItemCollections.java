package io.strata.service.item;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteView;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Item collections of tables with local secondary indexes: all items sharing a partition key plus
 * their local-index entries, which DynamoDB keeps together and limits to 10 GB. Each collection's
 * size is a record in the catalog, changed in the same transaction as the writes that change it.
 */
final class ItemCollections {
  private static final String RECORD = "collection";

  private final long limitBytes;

  ItemCollections(long limitBytes) {
    this.limitBytes = limitBytes;
  }

  /** Whether the table has item collections to watch at all. */
  static boolean tracked(TableMetadata table) {
    return table.indexes().stream().anyMatch(index -> !index.isGlobal());
  }

  /** The collection's size in bytes now. */
  long size(ReadView view, TableMetadata table, PrimaryKey key) {
    byte[] stored = view.get(Db.CATALOG, recordKey(table, key));
    return stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
  }

  /** What one item weighs in its collection: itself and its local-index entries. */
  static long weight(TableMetadata table, @Nullable Map<String, AttributeValue> item) {
    if (item == null) {
      return 0;
    }
    long weight = ItemSize.of(item);
    for (SecondaryIndex index : table.indexes()) {
      if (!index.isGlobal() && index.covers(item)) {
        weight += ItemSize.of(index.project(item, table.keySchema()));
      }
    }
    return weight;
  }

  /** Refuses a change that would grow a collection past the limit. */
  void requireWithinLimit(long sizeBefore, long sizeAfter) {
    if (sizeAfter > sizeBefore && sizeAfter > limitBytes) {
      throw new DynamoException(
          ErrorCode.ITEM_COLLECTION_SIZE_LIMIT_EXCEEDED, "Collection size exceeded.");
    }
  }

  /** Applies a change of one item to its collection's size (every write path goes through here). */
  void change(
      WriteView view,
      TableMetadata table,
      PrimaryKey key,
      @Nullable Map<String, AttributeValue> before,
      @Nullable Map<String, AttributeValue> after) {
    long size = size(view, table, key) + weight(table, after) - weight(table, before);
    byte[] record = recordKey(table, key);
    if (size <= 0) {
      view.delete(Db.CATALOG, record);
    } else {
      view.put(Db.CATALOG, record, ByteBuffer.allocate(Long.BYTES).putLong(size).array());
    }
  }

  private static byte[] recordKey(TableMetadata table, PrimaryKey key) {
    return CatalogKeys.key(
        RECORD,
        Long.toString(table.tableId()),
        HexFormat.of().formatHex(KeyCodec.partitionPrefix(table.tableId(), key.partition())));
  }
}

package io.strata.service.item;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemPage;
import io.strata.service.model.ItemSize;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.ReadView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads one page of a Scan segment in storage order: partitions by hash, as DynamoDB scans, and
 * within a partition by key bytes. That order is total and repeatable, so an exclusive start key
 * resumes exactly after the item it names even where sort order would need re-sorting (truncated
 * keys); Scan promises no order.
 */
final class ScanWalk implements ReadView.EntryVisitor {
  private final Db db;
  private final byte[] tablePrefix;
  private final long segmentEndHash;
  private final KeySchema schema;
  private final byte @Nullable [] exclusiveStartKey;
  private final PageLimits limits;
  private final BiFunction<byte[], byte[], Map<String, AttributeValue>> decoder;

  private final List<Map<String, AttributeValue>> items = new ArrayList<>();
  private long bytesRead;
  private @Nullable PrimaryKey lastEvaluatedKey;

  /**
   * @param db items, or index entries (whose keys begin like item keys, with the index's id)
   * @param tableId the table's or index's storage id
   * @param schema the table's key schema, which names the page's LastEvaluatedKey
   */
  ScanWalk(
      Db db,
      long tableId,
      long segmentEndHash,
      KeySchema schema,
      byte @Nullable [] exclusiveStartKey,
      PageLimits limits,
      BiFunction<byte[], byte[], Map<String, AttributeValue>> decoder) {
    this.db = db;
    this.tablePrefix = KeyCodec.tablePrefix(tableId);
    this.segmentEndHash = segmentEndHash;
    this.schema = schema;
    this.exclusiveStartKey = exclusiveStartKey;
    this.limits = limits;
    this.decoder = decoder;
  }

  ItemPage run(ReadView view, byte[] seekKey) {
    view.scan(db, seekKey, true, this);
    return new ItemPage(List.copyOf(items), bytesRead, lastEvaluatedKey);
  }

  @Override
  public boolean visit(byte[] key, byte[] value) {
    if (!CatalogKeys.startsWith(key, tablePrefix)
        || KeyCodec.unsignedPartitionHash(key) >= segmentEndHash) {
      return false;
    }
    if (exclusiveStartKey != null && Arrays.equals(key, exclusiveStartKey)) {
      return true;
    }
    Map<String, AttributeValue> item = decoder.apply(key, value);
    items.add(item);
    bytesRead += ItemSize.of(item);
    if (items.size() >= limits.maxItems() || bytesRead >= limits.maxBytes()) {
      lastEvaluatedKey = PrimaryKey.of(schema, item);
      return false;
    }
    return true;
  }
}

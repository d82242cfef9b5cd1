package io.strata.service.item;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemPage;
import io.strata.service.model.ItemSize;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import io.strata.service.model.ScalarOrder;
import io.strata.service.model.SortKeyRange;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.SortLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads one page of a partition in sort-key order (Query on a table or an index), streaming from an
 * LMDB cursor so that a page never holds more than its own items, whatever the partition's size.
 *
 * <p>The order walked is (sort value, key bytes): sort values are unique within a table partition,
 * but an index's may repeat, and its entries with equal values follow their key bytes. Keys arrive
 * in byte order, which is that order except inside a group of truncated keys (sort keys too long to
 * store whole, sharing their stored prefix; see {@link SortLayout}), where it is digest order. Such
 * a group is buffered, sorted and then processed, so results are always in DynamoDB's order. The
 * walk starts at a seek position that may lie before the first admissible value (bounds inside a
 * truncated group, the exclusive start key); values on the near side of the range are therefore
 * skipped, and the first value past the far side ends the walk.
 */
final class RangeWalk implements ReadView.EntryVisitor {
  /**
   * What is walked: one partition ({@code partitionPrefix}) of {@code db}, whose keys store sort
   * values as {@code layout} says, ordered by {@code schema}'s sort key (the table's or the
   * index's); {@code tableSchema} names the keys of the page's LastEvaluatedKey.
   */
  record Range(
      Db db,
      byte[] partitionPrefix,
      SortLayout layout,
      KeySchema schema,
      KeySchema tableSchema,
      boolean uniqueSortValues) {}

  /** The exclusive start: its stored key and its sort values (none without a sort key). */
  record Start(byte[] key, List<AttributeValue> sort) {}

  private record Entry(byte[] key, Map<String, AttributeValue> item) {}

  private final Range range;
  private final byte[] partitionPrefix;
  private final KeySchema schema;
  private final @Nullable SortKeyRange condition;
  private final boolean forward;
  private final @Nullable Start exclusiveStart;
  private final PageLimits limits;
  private final BiFunction<byte[], byte[], Map<String, AttributeValue>> decoder;

  private final List<Map<String, AttributeValue>> items = new ArrayList<>();
  private final List<Entry> group = new ArrayList<>();
  private byte @Nullable [] groupPrefix;
  private long bytesRead;
  private @Nullable PrimaryKey lastEvaluatedKey;
  private boolean done;

  RangeWalk(
      Range range,
      @Nullable SortKeyRange condition,
      boolean forward,
      @Nullable Start exclusiveStart,
      PageLimits limits,
      BiFunction<byte[], byte[], Map<String, AttributeValue>> decoder) {
    this.range = range;
    this.partitionPrefix = range.partitionPrefix();
    this.schema = range.schema();
    this.condition = condition;
    this.forward = forward;
    this.exclusiveStart = exclusiveStart;
    this.limits = limits;
    this.decoder = decoder;
  }

  /** Runs the walk over {@code view} and returns the page. */
  ItemPage run(ReadView view, byte[] seekKey) {
    view.scan(range.db(), seekKey, forward, this);
    flushGroup();
    return new ItemPage(List.copyOf(items), bytesRead, lastEvaluatedKey);
  }

  @Override
  public boolean visit(byte[] key, byte[] value) {
    if (!CatalogKeys.startsWith(key, partitionPrefix)) {
      return false;
    }
    if (range.layout().isTruncated(key)) {
      byte[] prefix = Arrays.copyOf(key, range.layout().truncatedGroupPrefixBytes());
      if (groupPrefix != null && !Arrays.equals(groupPrefix, prefix)) {
        flushGroup();
      }
      groupPrefix = prefix;
      group.add(new Entry(key, decoder.apply(key, value)));
      return !done;
    }
    flushGroup();
    if (!done) {
      accept(new Entry(key, decoder.apply(key, value)));
    }
    return !done;
  }

  private void flushGroup() {
    if (group.isEmpty()) {
      return;
    }
    Comparator<Entry> order = this::compare;
    group.sort(forward ? order : order.reversed());
    for (Entry entry : group) {
      if (done) {
        break;
      }
      accept(entry);
    }
    group.clear();
    groupPrefix = null;
  }

  private void accept(Entry entry) {
    if (isBeforeStart(entry)) {
      return;
    }
    Map<String, AttributeValue> item = entry.item();
    if (condition != null) {
      List<AttributeValue> sort = sortValues(item);
      boolean nearSide = forward ? condition.isBelowRange(sort) : condition.isAboveRange(sort);
      boolean farSide = forward ? condition.isAboveRange(sort) : condition.isBelowRange(sort);
      if (farSide) {
        done = true;
        return;
      }
      if (nearSide) {
        return;
      }
    }
    items.add(item);
    bytesRead += ItemSize.of(item);
    if (items.size() >= limits.maxItems() || bytesRead >= limits.maxBytes()) {
      done = true;
      if (condition == null
          || !range.uniqueSortValues()
          || !condition.isLastAdmitted(sortValues(item), forward)) {
        lastEvaluatedKey = PrimaryKey.of(range.tableSchema(), item);
      }
    }
  }

  /** Whether the entry is at or before the exclusive start key, in walk order. */
  private boolean isBeforeStart(Entry entry) {
    if (exclusiveStart == null) {
      return false;
    }
    int comparison = compare(entry, exclusiveStart.key(), exclusiveStart.sort());
    return forward ? comparison <= 0 : comparison >= 0;
  }

  /** The walk's ascending order: by sort values attribute by attribute, then by key bytes. */
  private int compare(Entry left, Entry right) {
    return compare(left, right.key(), sortValues(right.item()));
  }

  private int compare(Entry left, byte[] rightKey, List<AttributeValue> rightSort) {
    if (!rightSort.isEmpty()) {
      int bySort = ScalarOrder.compare(sortValues(left.item()), rightSort);
      if (bySort != 0) {
        return bySort;
      }
    }
    return Arrays.compareUnsigned(left.key(), rightKey);
  }

  /** The item's sort key in schema order; every walked item has it (indexes are sparse). */
  private List<AttributeValue> sortValues(Map<String, AttributeValue> item) {
    return schema.sortValues(item);
  }
}

package io.strata.service.item;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import io.strata.service.model.ScalarOrder;
import io.strata.service.model.SortKeyCondition;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.ReadView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads one page of a partition in sort-key order (Query), streaming from an LMDB cursor so that a
 * page never holds more than its own items, whatever the partition's size.
 *
 * <p>Keys arrive in byte order, which is sort-key order except inside a group of truncated keys
 * (sort keys longer than {@code KeyCodec} can store whole, sharing their stored prefix), where it
 * is digest order. Such a group is buffered, sorted by the full values and then processed, so
 * results are always in DynamoDB's order. The walk starts at a seek position that may lie before
 * the first admissible value (bounds inside a truncated group, the exclusive start key); values on
 * the near side of the range are therefore skipped, and the first value past the far side ends the
 * walk.
 */
final class RangeWalk implements ReadView.EntryVisitor {
  private final byte[] partitionPrefix;
  private final KeySchema schema;
  private final @Nullable SortKeyCondition condition;
  private final boolean forward;
  private final @Nullable PrimaryKey exclusiveStart;
  private final PageLimits limits;
  private final BiFunction<byte[], byte[], Map<String, AttributeValue>> decoder;

  private final List<Map<String, AttributeValue>> items = new ArrayList<>();
  private final List<Map<String, AttributeValue>> group = new ArrayList<>();
  private byte @Nullable [] groupPrefix;
  private long bytesRead;
  private @Nullable PrimaryKey lastEvaluatedKey;
  private boolean done;

  RangeWalk(
      byte[] partitionPrefix,
      KeySchema schema,
      @Nullable SortKeyCondition condition,
      boolean forward,
      @Nullable PrimaryKey exclusiveStart,
      PageLimits limits,
      BiFunction<byte[], byte[], Map<String, AttributeValue>> decoder) {
    this.partitionPrefix = partitionPrefix;
    this.schema = schema;
    this.condition = condition;
    this.forward = forward;
    this.exclusiveStart = exclusiveStart;
    this.limits = limits;
    this.decoder = decoder;
  }

  /** Runs the walk over {@code view} and returns the page. */
  ItemPage run(ReadView view, byte[] seekKey) {
    view.scan(Db.ITEMS, seekKey, forward, this);
    flushGroup();
    return new ItemPage(List.copyOf(items), bytesRead, lastEvaluatedKey);
  }

  @Override
  public boolean visit(byte[] key, byte[] value) {
    if (!CatalogKeys.startsWith(key, partitionPrefix)) {
      return false;
    }
    if (KeyCodec.isTruncated(key)) {
      byte[] prefix = Arrays.copyOf(key, KeyCodec.truncatedGroupPrefixBytes());
      if (groupPrefix != null && !Arrays.equals(groupPrefix, prefix)) {
        flushGroup();
      }
      groupPrefix = prefix;
      group.add(decoder.apply(key, value));
      return !done;
    }
    flushGroup();
    if (!done) {
      accept(decoder.apply(key, value));
    }
    return !done;
  }

  private void flushGroup() {
    if (group.isEmpty()) {
      return;
    }
    Comparator<Map<String, AttributeValue>> order =
        Comparator.comparing(this::sortValue, ScalarOrder.COMPARATOR);
    group.sort(forward ? order : order.reversed());
    for (Map<String, AttributeValue> item : group) {
      if (done) {
        break;
      }
      accept(item);
    }
    group.clear();
    groupPrefix = null;
  }

  private void accept(Map<String, AttributeValue> item) {
    if (isBeforeStart(item)) {
      return;
    }
    if (condition != null) {
      AttributeValue sort = sortValue(item);
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
      if (condition == null || !condition.isLastAdmitted(sortValue(item), forward)) {
        lastEvaluatedKey = PrimaryKey.of(schema, item);
      }
    }
  }

  /** Whether the item is at or before the exclusive start key, in walk order. */
  private boolean isBeforeStart(Map<String, AttributeValue> item) {
    if (exclusiveStart == null) {
      return false;
    }
    AttributeValue startSort = exclusiveStart.sort();
    if (startSort == null) {
      return true;
    }
    int comparison = ScalarOrder.compare(sortValue(item), startSort);
    return forward ? comparison <= 0 : comparison >= 0;
  }

  /** Only called for tables with a sort key: conditions and truncated keys need one. */
  private AttributeValue sortValue(Map<String, AttributeValue> item) {
    return Objects.requireNonNull(item.get(Objects.requireNonNull(schema.sortKey()).name()));
  }
}

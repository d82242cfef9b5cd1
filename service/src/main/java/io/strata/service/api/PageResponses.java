package io.strata.service.api;

import io.strata.billing.CapacityUnits;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemPage;
import io.strata.service.model.ItemSize;
import io.strata.service.model.KeySchema;
import io.strata.service.table.TableMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The response of one Query or Scan page. */
final class PageResponses {
  private PageResponses() {}

  /**
   * What a page returns once its filter and projection ran: the selected items (none for Select
   * COUNT), how many passed the filter, how many were read, and where to resume (null at the end;
   * for an index, the index's keys and the table's).
   */
  record Page(
      List<Map<String, AttributeValue>> items,
      int count,
      int scannedCount,
      @Nullable Map<String, AttributeValue> lastEvaluatedKey,
      long bytesRead,
      boolean countOnly) {}

  /**
   * Charges the reads of a page and returns the half-units charged. A page of an index is charged
   * to the index on the entries it read; items fetched from the table through a local index are
   * charged to the table, each as a read of its own (rounded up to 4 KB), as the developer guide
   * describes local index fetches and DynamoDB Local charges them.
   */
  static long charge(
      ItemPage page,
      TableMetadata table,
      @Nullable IndexRead indexRead,
      CapacityUnits.ReadMode readMode,
      Consumption consumption) {
    long halfUnits = CapacityUnits.pageReadHalfUnits(page.bytesRead(), readMode);
    if (indexRead == null) {
      consumption.read(table, halfUnits);
      return halfUnits;
    }
    consumption.readIndex(table, indexRead.index(), halfUnits);
    long charged = halfUnits;
    if (indexRead.fetchItems()) {
      for (Map<String, AttributeValue> item : page.items()) {
        long fetch = CapacityUnits.readHalfUnits(ItemSize.of(item), readMode);
        consumption.read(table, fetch);
        charged += fetch;
      }
    }
    return charged;
  }

  /**
   * @param indexKeys for a page of a secondary index, its key schema: its LastEvaluatedKey holds
   *     the index's keys and the table's
   */
  static Page select(
      ItemPage page, PageSelection selection, KeySchema keys, @Nullable KeySchema indexKeys) {
    PageSelection.Selected selected = selection.apply(page.items());
    return new Page(
        selected.items(),
        selected.count(),
        page.items().size(),
        page.lastEvaluatedKey() == null ? null : lastEvaluatedKey(page, keys, indexKeys),
        page.bytesRead(),
        selection.select() == PageSelection.Select.COUNT);
  }

  /**
   * {@code Items} (left out for Select COUNT), {@code Count}, {@code ScannedCount}, {@code
   * LastEvaluatedKey} when there is more to read, and {@code ConsumedCapacity} if asked for.
   */
  static ResponseBody body(Page page, ItemParameters.Reporting reporting, Consumption consumption) {
    return json -> {
      json.writeStartObject();
      if (!page.countOnly()) {
        json.writeArrayFieldStart("Items");
        for (Map<String, AttributeValue> item : page.items()) {
          AttributeValueJson.writeMap(json, item);
        }
        json.writeEndArray();
      }
      json.writeNumberField("Count", page.count());
      json.writeNumberField("ScannedCount", page.scannedCount());
      if (page.lastEvaluatedKey() != null) {
        json.writeFieldName("LastEvaluatedKey");
        AttributeValueJson.writeMap(json, page.lastEvaluatedKey());
      }
      ConsumedCapacityJson.writeField(json, reporting.returnConsumedCapacity(), consumption, false);
      json.writeEndObject();
    };
  }

  private static Map<String, AttributeValue> lastEvaluatedKey(
      ItemPage page, KeySchema keys, @Nullable KeySchema indexKeys) {
    Map<String, AttributeValue> tableKey = page.lastEvaluatedKey().toMap(keys);
    if (indexKeys == null) {
      return tableKey;
    }
    Map<String, AttributeValue> last = page.items().get(page.items().size() - 1);
    Map<String, AttributeValue> key = new LinkedHashMap<>(indexKeys.keyOf(last));
    key.putAll(tableKey);
    return key;
  }
}

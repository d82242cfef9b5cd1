package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.error.JsonValue;
import io.strata.service.item.ItemWrites;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.PrimaryKey;
import io.strata.service.table.TableMetadata;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Response bodies of the single-item operations. */
final class ItemResponses {
  private ItemResponses() {}

  /**
   * {@code {"<member>": {item}, "ConsumedCapacity": ...}}; members are left out when there is no
   * item or the capacity was not asked for.
   */
  static ResponseBody withItem(
      String member,
      @Nullable Map<String, AttributeValue> item,
      ItemParameters.Reporting reporting,
      Consumption consumption) {
    return body(member, item, reporting, consumption, null);
  }

  /**
   * Settles a single-item write: meters what it cost, then answers with the old or new attributes
   * it returns ({@code Attributes}, left out when there are none) or throws its failure. With
   * {@code ReturnItemCollectionMetrics=SIZE} on a table with local secondary indexes the answer
   * also carries {@code ItemCollectionMetrics}: the item's partition key and its collection's size
   * as a range of whole gigabytes.
   */
  static ResponseBody afterWrite(
      ItemWrites.Written<Map<String, AttributeValue>> written,
      TableMetadata table,
      PrimaryKey key,
      ItemParameters.Reporting reporting,
      Consumption consumption) {
    Map<String, AttributeValue> attributes = settle(written, table, consumption);
    long collectionBytes = written.itemCollectionBytes();
    JsonValue metrics =
        "SIZE".equals(reporting.returnItemCollectionMetrics())
                && collectionBytes != ItemWrites.Written.UNTRACKED
            ? json -> {
              json.writeFieldName("ItemCollectionMetrics");
              writeItemCollection(json, table, key, collectionBytes);
            }
            : null;
    return body(
        "Attributes",
        attributes == null || attributes.isEmpty() ? null : attributes,
        reporting,
        consumption,
        metrics);
  }

  /** Meters what a single-item write cost; its returned attributes, or its failure thrown. */
  static @Nullable Map<String, AttributeValue> settle(
      ItemWrites.Written<Map<String, AttributeValue>> written,
      TableMetadata table,
      Consumption consumption) {
    consumption.wrote(table, written.writeHalfUnits(), written.indexWriteHalfUnits());
    return written.orThrow();
  }

  /**
   * One item collection a write touched: {@code {"ItemCollectionKey": {partition key},
   * "SizeEstimateRangeGB": [low, high]}}, the size as the range of whole gigabytes it falls in.
   */
  static void writeItemCollection(
      JsonGenerator json, TableMetadata table, PrimaryKey key, long collectionBytes)
      throws IOException {
    json.writeStartObject();
    json.writeFieldName("ItemCollectionKey");
    AttributeValueJson.writeMap(
        json, Map.of(table.keySchema().partitionKey().name(), key.partition()));
    long gigabytes = collectionBytes >> 30;
    json.writeArrayFieldStart("SizeEstimateRangeGB");
    json.writeNumber((double) gigabytes);
    json.writeNumber((double) gigabytes + 1);
    json.writeEndArray();
    json.writeEndObject();
  }

  private static ResponseBody body(
      String member,
      @Nullable Map<String, AttributeValue> item,
      ItemParameters.Reporting reporting,
      Consumption consumption,
      @Nullable JsonValue extra) {
    return json -> {
      json.writeStartObject();
      writeItemField(json, member, item);
      ConsumedCapacityJson.writeField(json, reporting.returnConsumedCapacity(), consumption, false);
      if (extra != null) {
        extra.write(json);
      }
      json.writeEndObject();
    };
  }

  static void writeItemField(
      JsonGenerator json, String member, @Nullable Map<String, AttributeValue> item)
      throws IOException {
    if (item != null) {
      json.writeFieldName(member);
      AttributeValueJson.writeMap(json, item);
    }
  }
}

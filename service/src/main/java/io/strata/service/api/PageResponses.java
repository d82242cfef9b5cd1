package io.strata.service.api;

import io.strata.service.item.ItemPage;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import java.util.Map;

/** The response of one Query or Scan page. */
final class PageResponses {
  private PageResponses() {}

  /**
   * {@code Items} (left out for Select COUNT), {@code Count}, {@code ScannedCount}, {@code
   * LastEvaluatedKey} when there is more to read, and {@code ConsumedCapacity} if asked for.
   */
  static ResponseBody of(
      ItemPage page,
      PageSelection selection,
      KeySchema keys,
      ItemParameters.Reporting reporting,
      Consumption consumption) {
    PageSelection.Selected selected = selection.apply(page.items());
    return json -> {
      json.writeStartObject();
      if (selection.select() != PageSelection.Select.COUNT) {
        json.writeArrayFieldStart("Items");
        for (Map<String, AttributeValue> item : selected.items()) {
          AttributeValueJson.writeMap(json, item);
        }
        json.writeEndArray();
      }
      json.writeNumberField("Count", selected.count());
      json.writeNumberField("ScannedCount", page.items().size());
      if (page.lastEvaluatedKey() != null) {
        json.writeFieldName("LastEvaluatedKey");
        AttributeValueJson.writeMap(json, page.lastEvaluatedKey().toMap(keys));
      }
      ConsumedCapacityJson.writeField(json, reporting.returnConsumedCapacity(), consumption, false);
      json.writeEndObject();
    };
  }
}

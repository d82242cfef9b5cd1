package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
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
    return json -> {
      json.writeStartObject();
      writeItemField(json, member, item);
      ConsumedCapacityJson.writeField(json, reporting.returnConsumedCapacity(), consumption, false);
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

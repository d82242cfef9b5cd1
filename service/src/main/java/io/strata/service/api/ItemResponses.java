package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.model.AttributeValue;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Response bodies of the single-item operations. */
final class ItemResponses {
  private ItemResponses() {}

  /** {@code {"<member>": {item}}}, or {@code {}} when there is no item to return. */
  static ResponseBody withItem(String member, @Nullable Map<String, AttributeValue> item) {
    return json -> {
      json.writeStartObject();
      writeItemField(json, member, item);
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

package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A successful response, written straight to JSON: large results (Query pages, batch gets) are
 * streamed into the output buffer instead of being built as a tree first.
 */
@FunctionalInterface
public interface ResponseBody {
  ResponseBody EMPTY =
      json -> {
        json.writeStartObject();
        json.writeEndObject();
      };

  /** No body at all: what DynamoDB answers TagResource and UntagResource with. */
  ResponseBody NONE = json -> {};

  void write(JsonGenerator json) throws IOException;
}

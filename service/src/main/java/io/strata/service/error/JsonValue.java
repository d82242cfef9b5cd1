package io.strata.service.error;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** One extra member of an error body, written by whoever knows its shape. */
@FunctionalInterface
public interface JsonValue {
  void write(JsonGenerator json) throws IOException;
}

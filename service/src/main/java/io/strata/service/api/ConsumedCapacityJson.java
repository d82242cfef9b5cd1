package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.billing.CapacityUnits;
import io.strata.service.metering.Consumption;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ConsumedCapacity} member: written when the request asked for TOTAL or INDEXES, as one
 * object for single-table operations and a list (one per table) for batches and transactions.
 */
final class ConsumedCapacityJson {
  private ConsumedCapacityJson() {}

  static void writeField(
      JsonGenerator json,
      @Nullable String returnConsumedCapacity,
      Consumption consumption,
      boolean asList)
      throws IOException {
    if (returnConsumedCapacity == null || returnConsumedCapacity.equals("NONE")) {
      return;
    }
    boolean indexes = returnConsumedCapacity.equals("INDEXES");
    List<Consumption.TableUnits> tables = consumption.byTable();
    json.writeFieldName("ConsumedCapacity");
    if (asList) {
      json.writeStartArray();
      for (Consumption.TableUnits units : tables) {
        writeTable(json, units, indexes);
      }
      json.writeEndArray();
    } else if (!tables.isEmpty()) {
      writeTable(json, tables.get(0), indexes);
    }
  }

  private static void writeTable(JsonGenerator json, Consumption.TableUnits units, boolean indexes)
      throws IOException {
    double total = CapacityUnits.toWireUnits(units.totalHalfUnits());
    json.writeStartObject();
    json.writeStringField("TableName", units.table().name());
    json.writeNumberField("CapacityUnits", total);
    if (indexes) {
      json.writeObjectFieldStart("Table");
      json.writeNumberField("CapacityUnits", total);
      json.writeEndObject();
    }
    json.writeEndObject();
  }
}

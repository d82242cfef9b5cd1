package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.billing.CapacityUnits;
import io.strata.service.metering.Consumption;
import io.strata.service.table.SecondaryIndex;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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

  /**
   * One table's figures. With INDEXES, {@code Table} is the table's own share and each index that
   * was read or written gets its share under {@code LocalSecondaryIndexes} or {@code
   * GlobalSecondaryIndexes} (maps left out when empty), as DynamoDB reports them.
   */
  private static void writeTable(JsonGenerator json, Consumption.TableUnits units, boolean indexes)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("TableName", units.table().name());
    json.writeNumberField("CapacityUnits", CapacityUnits.toWireUnits(units.totalHalfUnits()));
    if (indexes) {
      json.writeObjectFieldStart("Table");
      json.writeNumberField("CapacityUnits", CapacityUnits.toWireUnits(units.tableHalfUnits()));
      json.writeEndObject();
      writeIndexShares(json, units, SecondaryIndex.Kind.LOCAL, "LocalSecondaryIndexes");
      writeIndexShares(json, units, SecondaryIndex.Kind.GLOBAL, "GlobalSecondaryIndexes");
    }
    json.writeEndObject();
  }

  private static void writeIndexShares(
      JsonGenerator json, Consumption.TableUnits units, SecondaryIndex.Kind kind, String field)
      throws IOException {
    boolean started = false;
    for (Map.Entry<SecondaryIndex, Long> share : units.indexHalfUnits().entrySet()) {
      if (share.getKey().kind() != kind) {
        continue;
      }
      if (!started) {
        json.writeObjectFieldStart(field);
        started = true;
      }
      json.writeObjectFieldStart(share.getKey().name());
      json.writeNumberField("CapacityUnits", CapacityUnits.toWireUnits(share.getValue()));
      json.writeEndObject();
    }
    if (started) {
      json.writeEndObject();
    }
  }
}

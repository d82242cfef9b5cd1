package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.billing.CapacityUnits;
import io.strata.service.error.DynamoException;
import io.strata.service.expr.CompiledProjection;
import io.strata.service.expr.RequestExpressions;
import io.strata.service.item.ItemReads;
import io.strata.service.item.Items;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Constraints;
import io.strata.service.json.Json;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.PrimaryKey;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.tenancy.CapacityDecision;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * BatchGetItem: up to 100 items by key from any of the caller's tables. Items are read
 * independently (a consistent view of each, not of the batch); keys beyond the 16 MB response
 * limit, or refused by capacity, come back as {@code UnprocessedKeys}.
 */
public final class BatchGetItem implements Operation<BatchGetItem.Request> {
  static final int MAX_KEYS = 100;
  static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

  /** One table's entry of RequestItems; {@code entry} is echoed in UnprocessedKeys. */
  record TableRead(
      String requestedTable,
      TableMetadata table,
      List<PrimaryKey> keys,
      boolean consistentRead,
      @Nullable CompiledProjection projection,
      JsonNode entry) {
    CapacityUnits.ReadMode readMode() {
      return CapacityUnits.ReadMode.of(consistentRead);
    }
  }

  record Request(List<TableRead> tables, ItemParameters.Reporting reporting) {}

  private final TableCatalog catalog;
  private final ItemReads items;

  public BatchGetItem(TableCatalog catalog, ItemReads items) {
    this.catalog = catalog;
    this.items = items;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    Map<String, JsonRequest> requestItems = body.map("RequestItems", JsonRequest::asStructure);
    Constraints constraints = new Constraints();
    constraints.notNull("requestItems", requestItems);
    ItemParameters.Reporting reporting = ItemParameters.readReporting(body, constraints);
    constraints.check();
    if (requestItems.isEmpty()) {
      throw DynamoException.validation("BatchGetItem must have some requests set");
    }
    int total = 0;
    List<TableRead> tables = new ArrayList<>();
    for (Map.Entry<String, JsonRequest> entry : requestItems.entrySet()) {
      List<Map<String, AttributeValue>> keys =
          entry.getValue().list("Keys", AttributeValueJson::readMap);
      if (keys == null || keys.isEmpty()) {
        throw DynamoException.validation(
            "The list of keys in RequestItems for BatchGetItem is required: "
                + entry.getKey()
                + " has empty list");
      }
      total += keys.size();
      if (total > MAX_KEYS) {
        throw DynamoException.validation("Too many items requested for the BatchGetItem call");
      }
      tables.add(readTable(entry.getKey(), entry.getValue(), keys, context));
    }
    return new Request(tables, reporting);
  }

  private TableRead readTable(
      String requestedTable,
      JsonRequest entry,
      List<Map<String, AttributeValue>> keys,
      RequestContext context) {
    TableMetadata table = Tables.forItems(catalog, context, requestedTable, "BatchGetItem");
    Set<PrimaryKey> seen = new HashSet<>();
    List<PrimaryKey> primaryKeys = new ArrayList<>(keys.size());
    for (Map<String, AttributeValue> key : keys) {
      PrimaryKey primaryKey = Items.checkKey(table.keySchema(), key);
      if (!seen.add(primaryKey)) {
        throw DynamoException.validation("Provided list of item keys contains duplicates");
      }
      primaryKeys.add(primaryKey);
    }
    CompiledProjection projection =
        RequestExpressions.shared()
            .compile(RequestExpressions.Operation.BATCH_GET_ITEM, entry, table.keySchema())
            .projection()
            .orElse(null);
    return new TableRead(
        requestedTable,
        table,
        primaryKeys,
        Boolean.TRUE.equals(entry.bool("ConsistentRead")),
        projection,
        entry.node());
  }

  /**
   * Reads what capacity admits, table by table; a refused table's keys come back unprocessed, and
   * only when nothing at all is admitted does the request fail with the throttling error.
   */
  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    Consumption consumption = context.consumption();
    List<TableRead> admitted = new ArrayList<>();
    List<TableRead> refused = new ArrayList<>();
    CapacityDecision.Throttled refusal = null;
    for (TableRead read : request.tables()) {
      CapacityDecision.Throttled refusedNow =
          consumption.tryAdmit(
              read.table(),
              CapacityUnits.readHalfUnits(0, read.readMode()) * read.keys().size(),
              0);
      if (refusedNow == null) {
        admitted.add(read);
      } else {
        refusal = refusedNow;
        refused.add(read);
      }
    }
    if (admitted.isEmpty() && refusal != null) {
      return Future.failedFuture(Consumption.throttlingError(refused.get(0).table(), refusal));
    }
    List<Future<ItemReads.ItemRead>> reads = new ArrayList<>();
    for (TableRead read : admitted) {
      for (PrimaryKey key : read.keys()) {
        reads.add(items.get(read.table(), key, read.consistentRead()));
      }
    }
    return Future.all(reads)
        .map(
            done -> {
              Iterator<Future<ItemReads.ItemRead>> results = reads.iterator();
              Map<TableRead, List<Map<String, AttributeValue>>> found = new LinkedHashMap<>();
              Map<TableRead, List<PrimaryKey>> unprocessed = new LinkedHashMap<>();
              refused.forEach(read -> unprocessed.put(read, read.keys()));
              long responseBytes = 0;
              for (TableRead read : admitted) {
                List<Map<String, AttributeValue>> tableItems = new ArrayList<>();
                found.put(read, tableItems);
                long halfUnits = 0;
                for (PrimaryKey key : read.keys()) {
                  ItemReads.ItemRead result = results.next().result();
                  Map<String, AttributeValue> item = result.item();
                  long size = item == null ? 0 : ItemSize.of(item);
                  if (responseBytes + size > MAX_RESPONSE_BYTES) {
                    unprocessed.computeIfAbsent(read, r -> new ArrayList<>()).add(key);
                    continue;
                  }
                  responseBytes += size;
                  long itemHalfUnits =
                      item == null ? 0 : CapacityUnits.readHalfUnits(size, read.readMode());
                  halfUnits += itemHalfUnits;
                  if (result.fromCache()) {
                    consumption.cacheHit(read.table(), itemHalfUnits);
                  } else if (!read.consistentRead()) {
                    consumption.cacheMiss(read.table());
                  }
                  if (item != null) {
                    tableItems.add(
                        read.projection() == null ? item : read.projection().apply(item));
                  }
                }
                consumption.read(read.table(), halfUnits);
              }
              return json -> {
                json.writeStartObject();
                json.writeObjectFieldStart("Responses");
                for (Map.Entry<TableRead, List<Map<String, AttributeValue>>> table :
                    found.entrySet()) {
                  json.writeArrayFieldStart(table.getKey().requestedTable());
                  for (Map<String, AttributeValue> item : table.getValue()) {
                    AttributeValueJson.writeMap(json, item);
                  }
                  json.writeEndArray();
                }
                json.writeEndObject();
                writeUnprocessed(json, unprocessed);
                ConsumedCapacityJson.writeField(
                    json, request.reporting().returnConsumedCapacity(), consumption, true);
                json.writeEndObject();
              };
            });
  }

  /** {@code UnprocessedKeys}: each table's entry as requested, with only the keys left to read. */
  private static void writeUnprocessed(
      JsonGenerator json, Map<TableRead, List<PrimaryKey>> unprocessed) throws IOException {
    json.writeObjectFieldStart("UnprocessedKeys");
    for (Map.Entry<TableRead, List<PrimaryKey>> table : unprocessed.entrySet()) {
      TableRead read = table.getKey();
      json.writeObjectFieldStart(read.requestedTable());
      json.writeArrayFieldStart("Keys");
      for (PrimaryKey key : table.getValue()) {
        AttributeValueJson.writeMap(json, key.toMap(read.table().keySchema()));
      }
      json.writeEndArray();
      Iterator<Map.Entry<String, JsonNode>> members = read.entry().fields();
      while (members.hasNext()) {
        Map.Entry<String, JsonNode> member = members.next();
        if (!member.getKey().equals("Keys")) {
          json.writeFieldName(member.getKey());
          Json.MAPPER.writeTree(json, member.getValue());
        }
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }
}

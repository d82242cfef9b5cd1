package io.strata.service.api;

import io.strata.billing.CapacityUnits;
import io.strata.service.error.DynamoException;
import io.strata.service.expr.CompiledProjection;
import io.strata.service.expr.RequestExpressions;
import io.strata.service.item.ItemReads;
import io.strata.service.item.Items;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.PrimaryKey;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * TransactGetItems: up to 100 items read from one snapshot, so they are mutually consistent, each
 * charged as a transactional read (twice a strongly consistent one, absent items included).
 */
public final class TransactGetItems implements Operation<TransactGetItems.Request> {
  static final int MAX_ITEMS = 100;

  record Get(ItemReads.ItemAddress address, @Nullable CompiledProjection projection) {}

  record Request(List<Get> gets, ItemParameters.Reporting reporting) {}

  private final TableCatalog catalog;
  private final ItemReads items;

  public TransactGetItems(TableCatalog catalog, ItemReads items) {
    this.catalog = catalog;
    this.items = items;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    List<JsonRequest> transactItems = body.structureList("TransactItems");
    Constraints constraints = new Constraints();
    constraints
        .notNull("transactItems", transactItems)
        .minSize("transactItems", transactItems, 1, "[]")
        .maxSize("transactItems", transactItems, MAX_ITEMS, "[...]");
    ItemParameters.Reporting reporting = ItemParameters.readReporting(body, constraints);
    constraints.check();
    List<Get> gets = new ArrayList<>(transactItems.size());
    Set<TransactionItems.ItemId> seen = new HashSet<>();
    for (JsonRequest element : transactItems) {
      JsonRequest get = element.structure("Get");
      if (get == null) {
        throw DynamoException.validation(
            "Invalid Request: TransactGetItem should contain a Get request");
      }
      String tableName = get.string("TableName");
      Map<String, AttributeValue> key = get.attributeMap("Key");
      new Constraints().tableNameOrArn("tableName", tableName).notNull("key", key).check();
      TableMetadata table = Tables.forItems(catalog, context, tableName, "TransactGetItems");
      PrimaryKey primaryKey = Items.checkKey(table.keySchema(), key);
      TransactionItems.requireUnique(seen, table, primaryKey);
      CompiledProjection projection =
          RequestExpressions.shared()
              .compile(RequestExpressions.Operation.TRANSACT_GET_ITEMS, get, table.keySchema())
              .projection()
              .orElse(null);
      gets.add(new Get(new ItemReads.ItemAddress(table, primaryKey), projection));
    }
    return new Request(gets, reporting);
  }

  @Override
  public void admit(Request request, Consumption consumption) {
    for (Get get : request.gets()) {
      consumption.admit(
          get.address().table(),
          CapacityUnits.readHalfUnits(0, CapacityUnits.ReadMode.TRANSACTIONAL),
          0);
    }
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    Consumption consumption = context.consumption();
    return items
        .getAll(request.gets().stream().map(Get::address).toList())
        .map(
            found -> {
              List<Map<String, AttributeValue>> responses = new ArrayList<>(found.size());
              for (int i = 0; i < found.size(); i++) {
                Get get = request.gets().get(i);
                Map<String, AttributeValue> item = found.get(i);
                long size = item == null ? 0 : ItemSize.of(item);
                consumption.read(
                    get.address().table(),
                    CapacityUnits.readHalfUnits(size, CapacityUnits.ReadMode.TRANSACTIONAL));
                responses.add(
                    item == null || get.projection() == null ? item : get.projection().apply(item));
              }
              return json -> {
                json.writeStartObject();
                ConsumedCapacityJson.writeField(
                    json, request.reporting().returnConsumedCapacity(), consumption, true);
                json.writeArrayFieldStart("Responses");
                for (Map<String, AttributeValue> item : responses) {
                  json.writeStartObject();
                  ItemResponses.writeItemField(json, "Item", item);
                  json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
              };
            });
  }
}

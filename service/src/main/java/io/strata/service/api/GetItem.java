package io.strata.service.api;

import io.strata.billing.CapacityUnits;
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
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** GetItem: one item by its full primary key. */
public final class GetItem implements Operation<GetItem.Request> {
  record Request(
      TableMetadata table,
      PrimaryKey key,
      boolean consistentRead,
      @Nullable CompiledProjection projection,
      ItemParameters.Reporting reporting) {
    CapacityUnits.ReadMode readMode() {
      return CapacityUnits.ReadMode.of(consistentRead);
    }
  }

  private final TableCatalog catalog;
  private final ItemReads items;

  public GetItem(TableCatalog catalog, ItemReads items) {
    this.catalog = catalog;
    this.items = items;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String tableName = body.string("TableName");
    Map<String, AttributeValue> key = body.attributeMap("Key");
    Boolean consistentRead = body.bool("ConsistentRead");
    Constraints constraints = new Constraints();
    constraints.tableNameOrArn("tableName", tableName).notNull("key", key);
    ItemParameters.Reporting reporting = ItemParameters.readReporting(body, constraints);
    constraints.check();
    TableMetadata table = Tables.forItems(catalog, context, tableName, "GetItem");
    PrimaryKey primaryKey = Items.checkKey(table.keySchema(), key);
    CompiledProjection projection =
        RequestExpressions.shared()
            .compile(RequestExpressions.Operation.GET_ITEM, body, table.keySchema())
            .projection()
            .orElse(null);
    return new Request(
        table, primaryKey, Boolean.TRUE.equals(consistentRead), projection, reporting);
  }

  @Override
  public void admit(Request request, Consumption consumption) {
    consumption.admit(request.table(), CapacityUnits.readHalfUnits(0, request.readMode()), 0);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    return read(request, context)
        .map(
            item ->
                ItemResponses.withItem("Item", item, request.reporting(), context.consumption()));
  }

  /** The item (projected), metered; null when there is none. */
  Future<@Nullable Map<String, AttributeValue>> read(Request request, RequestContext context) {
    Consumption consumption = context.consumption();
    return items
        .get(request.table(), request.key(), request.consistentRead())
        .map(
            read -> {
              Map<String, AttributeValue> item = read.item();
              long halfUnits =
                  CapacityUnits.readHalfUnits(
                      item == null ? 0 : ItemSize.of(item), request.readMode());
              consumption.read(request.table(), halfUnits);
              if (read.fromCache()) {
                consumption.cacheHit(request.table(), halfUnits);
              } else if (!request.consistentRead()) {
                consumption.cacheMiss(request.table());
              }
              return item == null || request.projection() == null
                  ? item
                  : request.projection().apply(item);
            });
  }
}

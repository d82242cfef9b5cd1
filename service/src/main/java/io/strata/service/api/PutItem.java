package io.strata.service.api;

import io.strata.billing.CapacityUnits;
import io.strata.service.expr.RequestExpressions;
import io.strata.service.item.ItemChange;
import io.strata.service.item.ItemWrites;
import io.strata.service.item.Items;
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

/** PutItem: writes a whole item, replacing any item with the same key. */
public final class PutItem implements Operation<PutItem.Request> {
  record Request(
      TableMetadata table,
      PrimaryKey key,
      Map<String, AttributeValue> item,
      WriteCondition condition,
      boolean returnOld,
      ItemParameters.Reporting reporting) {}

  private final TableCatalog catalog;
  private final ItemWrites items;

  public PutItem(TableCatalog catalog, ItemWrites items) {
    this.catalog = catalog;
    this.items = items;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    ItemParameters.ItemWrite write = ItemParameters.ItemWrite.read(body, "Item");
    boolean returnOld = ItemParameters.returnsOldItemOnly(write.returnValues());
    TableMetadata table = Tables.forItems(catalog, context, write.tableName(), "PutItem");
    Map<String, AttributeValue> item = ItemSize.sized(write.target());
    PrimaryKey key = Items.checkItem(table.keySchema(), item);
    WriteCondition condition =
        WriteCondition.of(
            RequestExpressions.shared()
                .compile(RequestExpressions.Operation.PUT_ITEM, body, table.keySchema()),
            write.returnOldOnFailure());
    return new Request(table, key, item, condition, returnOld, write.reporting());
  }

  @Override
  public void admit(Request request, Consumption consumption) {
    consumption.admit(
        request.table(),
        0,
        CapacityUnits.writeHalfUnits(
            ItemSize.of(request.item()), CapacityUnits.WriteMode.STANDARD));
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    return change(request, context)
        .map(
            written ->
                ItemResponses.afterWrite(
                    written,
                    request.table(),
                    request.key(),
                    request.reporting(),
                    context.consumption()));
  }

  /** The write, metered: the attributes it returns (null for none), or its failure. */
  Future<@Nullable Map<String, AttributeValue>> write(Request request, RequestContext context) {
    return change(request, context)
        .map(written -> ItemResponses.settle(written, request.table(), context.consumption()));
  }

  private Future<ItemWrites.Written<Map<String, AttributeValue>>> change(
      Request request, RequestContext context) {
    return items.change(
        request.table(),
        request.key(),
        ItemChange.putting(
            request.item(),
            (@Nullable Map<String, AttributeValue> current) -> {
              request.condition().require(current);
              return ItemChange.Decision.put(request.item(), request.returnOld() ? current : null);
            }),
        context.receivedAt(),
        context.requestBytes());
  }
}

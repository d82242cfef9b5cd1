package io.strata.service.api;

import io.strata.billing.CapacityUnits;
import io.strata.service.expr.CompiledExpressions;
import io.strata.service.expr.CompiledUpdate;
import io.strata.service.expr.RequestExpressions;
import io.strata.service.expr.ReturnValue;
import io.strata.service.expr.UpdateResult;
import io.strata.service.item.ItemChange;
import io.strata.service.item.ItemWrites;
import io.strata.service.item.Items;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.PrimaryKey;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * UpdateItem: edits an item's attributes in place (creating the item if needed), under an optional
 * condition. The update runs on the writer thread against the stored item, so concurrent updates of
 * one item never lose each other's changes.
 */
public final class UpdateItem implements Operation<UpdateItem.Request> {
  record Request(
      TableMetadata table,
      PrimaryKey key,
      Map<String, AttributeValue> keyAttributes,
      @Nullable CompiledUpdate update,
      WriteCondition condition,
      ReturnValue returnValues,
      ItemParameters.Reporting reporting) {}

  private final TableCatalog catalog;
  private final ItemWrites items;

  public UpdateItem(TableCatalog catalog, ItemWrites items) {
    this.catalog = catalog;
    this.items = items;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    ItemParameters.ItemWrite write = ItemParameters.ItemWrite.read(body, "Key");
    TableMetadata table = Tables.forItems(catalog, context, write.tableName(), "UpdateItem");
    Map<String, AttributeValue> key = write.target();
    PrimaryKey primaryKey = Items.checkKey(table.keySchema(), key);
    CompiledExpressions expressions =
        RequestExpressions.shared()
            .compile(RequestExpressions.Operation.UPDATE_ITEM, body, table.keySchema());
    return new Request(
        table,
        primaryKey,
        key,
        expressions.update().orElse(null),
        WriteCondition.of(expressions, write.returnOldOnFailure()),
        write.returnValues() == null ? ReturnValue.NONE : ReturnValue.valueOf(write.returnValues()),
        write.reporting());
  }

  @Override
  public void admit(Request request, Consumption consumption) {
    consumption.admit(
        request.table(), 0, CapacityUnits.writeHalfUnits(0, CapacityUnits.WriteMode.STANDARD));
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
        current -> decide(request, current),
        context.receivedAt(),
        context.requestBytes());
  }

  /** What the update makes of the stored item; the response's Attributes as the result. */
  private static ItemChange.Decision<Map<String, AttributeValue>> decide(
      Request request, @Nullable Map<String, AttributeValue> current) {
    request.condition().require(current);
    if (request.update() == null) {
      Map<String, AttributeValue> item = current == null ? request.keyAttributes() : current;
      Map<String, AttributeValue> attributes =
          switch (request.returnValues()) {
            case ALL_OLD -> current;
            case ALL_NEW -> item;
            case NONE, UPDATED_OLD, UPDATED_NEW -> null;
          };
      return ItemChange.Decision.put(item, attributes);
    }
    UpdateResult result = request.update().apply(current, request.keyAttributes());
    Map<String, AttributeValue> attributes = result.attributes(request.returnValues());
    Map<String, AttributeValue> newItem = result.newItem().orElse(null);
    if (newItem == null) {
      return ItemChange.Decision.keep(attributes);
    }
    Items.checkUpdatedItem(newItem);
    return ItemChange.Decision.put(newItem, attributes);
  }
}

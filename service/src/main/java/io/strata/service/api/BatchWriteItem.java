package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.item.ItemChange;
import io.strata.service.item.ItemStore;
import io.strata.service.item.Items;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
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
 * BatchWriteItem: up to 25 puts and deletes over any of the caller's tables. They are applied
 * together by the writer (one commit), each without conditions, as DynamoDB applies them
 * individually; nothing is left unprocessed unless capacity runs out.
 */
public final class BatchWriteItem implements Operation<BatchWriteItem.Request> {
  static final int MAX_REQUESTS = 25;

  /** One put (item present) or delete (item absent) on one table. */
  record Write(TableMetadata table, PrimaryKey key, @Nullable Map<String, AttributeValue> item) {}

  record Request(List<Write> writes) {}

  private final TableCatalog catalog;
  private final ItemStore items;

  public BatchWriteItem(TableCatalog catalog, ItemStore items) {
    this.catalog = catalog;
    this.items = items;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    Map<String, List<JsonRequest>> requestItems =
        body.map("RequestItems", JsonRequest::asStructureList);
    Constraints constraints = new Constraints();
    constraints
        .notNull("requestItems", requestItems)
        .minEntries("requestItems", requestItems, 1)
        .mapValueSizes("requestItems", requestItems, 1, MAX_REQUESTS);
    ItemParameters.readReporting(body, constraints);
    constraints.check();
    if (requestItems.values().stream().mapToInt(List::size).sum() > MAX_REQUESTS) {
      throw DynamoException.validation("Too many items requested for the BatchWriteItem call");
    }
    List<Write> writes = new ArrayList<>();
    for (Map.Entry<String, List<JsonRequest>> entry : requestItems.entrySet()) {
      TableMetadata table = Tables.forItems(catalog, context, entry.getKey(), "BatchWriteItem");
      Set<PrimaryKey> seen = new HashSet<>();
      for (JsonRequest writeRequest : entry.getValue()) {
        Write write = readWrite(table, writeRequest);
        if (!seen.add(write.key())) {
          throw DynamoException.validation("Provided list of item keys contains duplicates");
        }
        writes.add(write);
      }
    }
    return new Request(writes);
  }

  private static Write readWrite(TableMetadata table, JsonRequest writeRequest) {
    JsonRequest put = writeRequest.structure("PutRequest");
    JsonRequest delete = writeRequest.structure("DeleteRequest");
    if ((put == null) == (delete == null)) {
      throw DynamoException.validation(
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of"
              + " the supported datatypes");
    }
    if (put != null) {
      Map<String, AttributeValue> item = put.attributeMap("Item");
      new Constraints().notNull("item", item).check();
      return new Write(table, Items.checkItem(table.keySchema(), item), item);
    }
    Map<String, AttributeValue> key = delete.attributeMap("Key");
    new Constraints().notNull("key", key).check();
    return new Write(table, Items.checkKey(table.keySchema(), key), null);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    List<ItemStore.Target<Void>> targets = new ArrayList<>();
    for (Write write : request.writes()) {
      Map<String, AttributeValue> item = write.item();
      targets.add(
          new ItemStore.Target<>(
              write.table(),
              write.key(),
              current ->
                  item == null
                      ? ItemChange.Decision.delete(null)
                      : ItemChange.Decision.put(item, null)));
    }
    return items
        .changeAll(targets, decisions -> {})
        .map(
            ignored ->
                json -> {
                  json.writeStartObject();
                  json.writeObjectFieldStart("UnprocessedItems");
                  json.writeEndObject();
                  json.writeEndObject();
                });
  }
}

package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.strata.billing.CapacityUnits;
import io.strata.service.error.DynamoException;
import io.strata.service.item.ItemChange;
import io.strata.service.item.ItemWrites;
import io.strata.service.item.Items;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Constraints;
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
import java.util.LinkedHashMap;
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

  /**
   * One put (item present) or delete (item absent) on one table, with the table as the request
   * named it (unprocessed items are returned under that name).
   */
  record Write(
      String requestedTable,
      TableMetadata table,
      PrimaryKey key,
      @Nullable Map<String, AttributeValue> item) {
    long estimatedWriteHalfUnits() {
      return CapacityUnits.writeHalfUnits(
          item == null ? 0 : ItemSize.of(item), CapacityUnits.WriteMode.STANDARD);
    }
  }

  record Request(List<Write> writes, ItemParameters.Reporting reporting) {}

  private final TableCatalog catalog;
  private final ItemWrites items;

  public BatchWriteItem(TableCatalog catalog, ItemWrites items) {
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
        .mapValueSizes("requestItems", requestItems, 1, MAX_REQUESTS, BatchWriteItem::describe);
    ItemParameters.Reporting reporting = ItemParameters.readReporting(body, constraints);
    constraints.check();
    if (requestItems.values().stream().mapToInt(List::size).sum() > MAX_REQUESTS) {
      throw DynamoException.validation("Too many items requested for the BatchWriteItem call");
    }
    List<Write> writes = new ArrayList<>();
    for (Map.Entry<String, List<JsonRequest>> entry : requestItems.entrySet()) {
      TableMetadata table = Tables.forItems(catalog, context, entry.getKey(), "BatchWriteItem");
      Set<PrimaryKey> seen = new HashSet<>();
      for (JsonRequest writeRequest : entry.getValue()) {
        Write write = readWrite(entry.getKey(), table, writeRequest);
        if (!seen.add(write.key())) {
          throw DynamoException.validation("Provided list of item keys contains duplicates");
        }
        writes.add(write);
      }
    }
    return new Request(writes, reporting);
  }

  /**
   * A WriteRequest as DynamoDB prints it in a constraint message: its Java model's {@code
   * toString}, in which attribute values appear as object names, the same for equal values.
   * Captured from DynamoDB (2024, in risingwavelabs/risingwave issue 17572):
   *
   * <pre>
   * WriteRequest(putRequest=PutRequest(item={v1=com.amazonaws.dynamodb.v20120810.AttributeValue@79175931},
   *     workloadProfileName=null), deleteRequest=null)
   * </pre>
   *
   * The DeleteRequest side is the same model's, by analogy (no capture of it was found). The hash
   * is our own value's, so it differs from DynamoDB's as DynamoDB's differs between runs.
   */
  private static String describe(JsonRequest writeRequest) {
    JsonRequest put = writeRequest.structure("PutRequest");
    JsonRequest delete = writeRequest.structure("DeleteRequest");
    return "WriteRequest(putRequest="
        + (put == null
            ? "null"
            : "PutRequest(item=" + describeAttributes(put, "Item") + ", workloadProfileName=null)")
        + ", deleteRequest="
        + (delete == null ? "null" : "DeleteRequest(key=" + describeAttributes(delete, "Key") + ")")
        + ")";
  }

  private static String describeAttributes(JsonRequest request, String member) {
    Map<String, Integer> hashes = request.map(member, JsonNode::hashCode);
    if (hashes == null) {
      return "null";
    }
    StringBuilder described = new StringBuilder("{");
    hashes.forEach(
        (name, hash) ->
            described
                .append(described.length() > 1 ? ", " : "")
                .append(name)
                .append("=com.amazonaws.dynamodb.v20120810.AttributeValue@")
                .append(Integer.toHexString(hash)));
    return described.append('}').toString();
  }

  private static Write readWrite(
      String requestedTable, TableMetadata table, JsonRequest writeRequest) {
    JsonRequest put = writeRequest.structure("PutRequest");
    JsonRequest delete = writeRequest.structure("DeleteRequest");
    if ((put == null) == (delete == null)) {
      throw DynamoException.validation(
          "Supplied AttributeValue has more than one datatypes set, must contain exactly one of"
              + " the supported datatypes");
    }
    if (put != null) {
      Map<String, AttributeValue> parsed = put.attributeMap("Item");
      new Constraints().notNull("item", parsed).check();
      Map<String, AttributeValue> item = ItemSize.sized(parsed);
      PrimaryKey key = Items.checkItem(table.keySchema(), item);
      // A batch reports no per-item errors: index key values are refused for the whole request.
      Items.checkIndexKeys(table, item);
      return new Write(requestedTable, table, key, item);
    }
    Map<String, AttributeValue> key = delete.attributeMap("Key");
    new Constraints().notNull("key", key).check();
    return new Write(requestedTable, table, Items.checkKey(table.keySchema(), key), null);
  }

  /**
   * Writes what capacity admits and returns the rest as {@code UnprocessedItems}, as DynamoDB does;
   * only when nothing at all can be written does the request fail with the throttling error.
   */
  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    Consumption consumption = context.consumption();
    List<Write> admitted = new ArrayList<>();
    List<Write> unprocessed = new ArrayList<>();
    CapacityDecision.Throttled refusal = null;
    for (Write write : request.writes()) {
      CapacityDecision.Throttled refused =
          consumption.tryAdmit(write.table(), 0, write.estimatedWriteHalfUnits());
      if (refused == null) {
        admitted.add(write);
      } else {
        refusal = refused;
        unprocessed.add(write);
      }
    }
    if (admitted.isEmpty() && refusal != null) {
      return Future.failedFuture(Consumption.throttlingError(unprocessed.get(0).table(), refusal));
    }
    List<ItemWrites.Target<Void>> targets = new ArrayList<>();
    for (Write write : admitted) {
      Map<String, AttributeValue> item = write.item();
      targets.add(
          new ItemWrites.Target<>(
              write.table(),
              write.key(),
              item == null
                  ? ItemChange.unconditionalDelete()
                  : ItemChange.putting(item, current -> ItemChange.Decision.put(item, null))));
    }
    return items
        .changeAll(
            targets,
            decisions -> {},
            CapacityUnits.WriteMode.STANDARD,
            context.receivedAt(),
            null,
            context.requestBytes())
        .map(
            outcomes -> {
              for (int i = 0; i < outcomes.size(); i++) {
                consumption.wrote(
                    admitted.get(i).table(),
                    outcomes.get(i).writeHalfUnits(),
                    outcomes.get(i).indexWriteHalfUnits());
              }
              return json -> {
                json.writeStartObject();
                writeUnprocessed(json, unprocessed);
                ConsumedCapacityJson.writeField(
                    json, request.reporting().returnConsumedCapacity(), consumption, true);
                if ("SIZE".equals(request.reporting().returnItemCollectionMetrics())) {
                  writeItemCollections(json, admitted, outcomes);
                }
                json.writeEndObject();
              };
            });
  }

  /**
   * {@code ItemCollectionMetrics}: for each table (as the request named it) with local secondary
   * indexes, every item collection its writes touched, once, with its size after the batch.
   */
  private static void writeItemCollections(
      JsonGenerator json, List<Write> written, List<ItemWrites.Written<Void>> outcomes)
      throws IOException {
    Map<String, Map<AttributeValue, Integer>> lastWriteByCollection = new LinkedHashMap<>();
    for (int i = 0; i < written.size(); i++) {
      if (outcomes.get(i).itemCollectionBytes() != ItemWrites.Written.UNTRACKED) {
        Write write = written.get(i);
        lastWriteByCollection
            .computeIfAbsent(write.requestedTable(), name -> new LinkedHashMap<>())
            .put(write.key().partition(), i);
      }
    }
    json.writeObjectFieldStart("ItemCollectionMetrics");
    for (Map.Entry<String, Map<AttributeValue, Integer>> table : lastWriteByCollection.entrySet()) {
      json.writeArrayFieldStart(table.getKey());
      for (int i : table.getValue().values()) {
        Write write = written.get(i);
        ItemResponses.writeItemCollection(
            json, write.table(), write.key(), outcomes.get(i).itemCollectionBytes());
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  private static void writeUnprocessed(JsonGenerator json, List<Write> unprocessed)
      throws IOException {
    Map<String, List<Write>> byTable = new LinkedHashMap<>();
    for (Write write : unprocessed) {
      byTable.computeIfAbsent(write.requestedTable(), name -> new ArrayList<>()).add(write);
    }
    json.writeObjectFieldStart("UnprocessedItems");
    for (Map.Entry<String, List<Write>> table : byTable.entrySet()) {
      json.writeArrayFieldStart(table.getKey());
      for (Write write : table.getValue()) {
        json.writeStartObject();
        Map<String, AttributeValue> item = write.item();
        if (item != null) {
          json.writeObjectFieldStart("PutRequest");
          json.writeFieldName("Item");
          AttributeValueJson.writeMap(json, item);
        } else {
          json.writeObjectFieldStart("DeleteRequest");
          json.writeFieldName("Key");
          AttributeValueJson.writeMap(json, write.key().toMap(write.table().keySchema()));
        }
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }
}

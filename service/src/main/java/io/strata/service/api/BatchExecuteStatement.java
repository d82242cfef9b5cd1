package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.error.DynamoException;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Constraints;
import io.strata.service.json.Json;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.PrimaryKey;
import io.strata.service.partiql.Ast;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * BatchExecuteStatement: up to 25 PartiQL statements, all single-item reads (as in BatchGetItem) or
 * all writes (as in BatchWriteItem, where UPDATE is allowed too). Each statement runs on its own as
 * its equivalent item operation and succeeds or fails alone: a statement that does not parse, names
 * a missing table or fails its condition gets an {@code Error} in its place of {@code Responses}
 * (DynamoDB's BatchStatementError codes) while the others go ahead. Mixing reads and writes, or
 * naming an item twice, fails the whole request, as DynamoDB does.
 */
public final class BatchExecuteStatement implements Operation<BatchExecuteStatement.Request> {
  static final int MAX_STATEMENTS = 25;

  /** One statement: a GetItem request, a write, or the error it already failed with. */
  record Entry(
      GetItem.@Nullable Request read,
      StatementWrites.@Nullable Write write,
      @Nullable DynamoException failure) {
    @Nullable TableMetadata table() {
      return read != null ? read.table() : write != null ? write.table() : null;
    }
  }

  record Request(List<Entry> entries, ItemParameters.Reporting reporting) {}

  /** What one statement came to. */
  private record Outcome(
      @Nullable TableMetadata table,
      @Nullable Map<String, AttributeValue> item,
      @Nullable DynamoException failure) {}

  private final TableCatalog catalog;
  private final GetItem getItem;
  private final StatementWrites writes;

  public BatchExecuteStatement(
      TableCatalog catalog,
      GetItem getItem,
      PutItem putItem,
      UpdateItem updateItem,
      DeleteItem deleteItem) {
    this.catalog = catalog;
    this.getItem = getItem;
    this.writes = new StatementWrites(putItem, updateItem, deleteItem);
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    List<JsonRequest> statements = body.structureList("Statements");
    Constraints constraints = new Constraints();
    constraints
        .notNull("statements", statements)
        .minSize("statements", statements, 1, "[]")
        .maxSize("statements", statements, MAX_STATEMENTS, "[...]");
    ItemParameters.Reporting reporting = ItemParameters.readReporting(body, constraints);
    constraints.check();
    List<Entry> entries = new ArrayList<>(statements.size());
    boolean reads = false;
    boolean writesSeen = false;
    Set<TransactionItems.ItemId> seen = new HashSet<>();
    for (JsonRequest element : statements) {
      Entry entry;
      try {
        entry = entry(element, reporting, context);
      } catch (DynamoException e) {
        entry = new Entry(null, null, e);
      }
      if (entry.read() != null || entry.write() != null) {
        reads |= entry.read() != null;
        writesSeen |= entry.write() != null;
        PrimaryKey key = entry.read() != null ? entry.read().key() : entry.write().key();
        if (!seen.add(new TransactionItems.ItemId(entry.table().tableId(), key))) {
          throw DynamoException.validation("Provided list of item keys contains duplicates");
        }
      }
      entries.add(entry);
    }
    if (reads && writesSeen) {
      throw DynamoException.validation(
          "Read and write requests together in the same batch is not supported.");
    }
    return new Request(entries, reporting);
  }

  private Entry entry(
      JsonRequest element, ItemParameters.Reporting reporting, RequestContext context) {
    String statement = element.string("Statement");
    String onFailure = element.string("ReturnValuesOnConditionCheckFailure");
    List<AttributeValue> parameters = StatementRequests.parameters(element);
    new Constraints()
        .notNull("statement", statement)
        .minLength("statement", statement, 1)
        .minSize("parameters", parameters, 1, "[]")
        .oneOf(
            "returnValuesOnConditionCheckFailure",
            onFailure,
            ExecuteStatement.RETURN_VALUES_ON_CONDITION_CHECK_FAILURE)
        .check();
    Ast.Statement parsed = StatementRequests.parse(statement, parameters);
    TableMetadata table =
        Tables.forItems(catalog, context, parsed.table(), "BatchExecuteStatement");
    ObjectNode members = Json.MAPPER.createObjectNode();
    if (reporting.returnConsumedCapacity() != null) {
      members.put("ReturnConsumedCapacity", reporting.returnConsumedCapacity());
    }
    switch (parsed.kind()) {
      case SELECT -> {
        StatementRequests.decomposedReads((Ast.Select) parsed, table.keySchema());
        ObjectNode get = StatementRequests.singleItemRead((Ast.Select) parsed, table);
        if (get == null) {
          throw DynamoException.validation("Only single item select is supported");
        }
        get.setAll(members);
        if (Boolean.TRUE.equals(element.bool("ConsistentRead"))) {
          get.put("ConsistentRead", true);
        }
        return new Entry(getItem.parse(JsonRequest.of(get), context), null, null);
      }
      case INSERT, UPDATE, DELETE -> {
        if (onFailure != null) {
          members.put("ReturnValuesOnConditionCheckFailure", onFailure);
        }
        return new Entry(null, writes.parse(parsed, table, members, context), null);
      }
      case EXISTS ->
          throw DynamoException.validation(
              "EXISTS can only be used in ExecuteTransaction write requests.");
    }
    throw new IllegalStateException(parsed.kind().name());
  }

  @Override
  public void admit(Request request, Consumption consumption) {
    for (Entry entry : request.entries()) {
      if (entry.read() != null) {
        getItem.admit(entry.read(), consumption);
      } else if (entry.write() != null) {
        writes.admit(entry.write(), consumption);
      }
    }
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    List<Future<Outcome>> outcomes = new ArrayList<>();
    for (Entry entry : request.entries()) {
      outcomes.add(run(entry, context));
    }
    return Future.join(outcomes)
        .transform(
            ignored -> {
              List<Outcome> results = new ArrayList<>();
              for (Future<Outcome> outcome : outcomes) {
                results.add(outcome.result());
              }
              return Future.succeededFuture(
                  response(results, request.reporting(), context.consumption()));
            });
  }

  private Future<Outcome> run(Entry entry, RequestContext context) {
    Future<@Nullable Map<String, AttributeValue>> result;
    if (entry.read() != null) {
      result = getItem.read(entry.read(), context);
    } else if (entry.write() != null) {
      result = writes.run(entry.write(), context).map(ignored -> null);
    } else {
      return Future.succeededFuture(new Outcome(null, null, entry.failure()));
    }
    return result.transform(
        done -> {
          if (done.succeeded()) {
            return Future.succeededFuture(new Outcome(entry.table(), done.result(), null));
          }
          if (done.cause() instanceof DynamoException failure) {
            return Future.succeededFuture(new Outcome(entry.table(), null, failure));
          }
          return Future.failedFuture(done.cause());
        });
  }

  private static ResponseBody response(
      List<Outcome> outcomes, ItemParameters.Reporting reporting, Consumption consumption) {
    return json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("Responses");
      for (Outcome outcome : outcomes) {
        json.writeStartObject();
        if (outcome.failure() != null) {
          writeError(json, outcome.failure());
        }
        if (outcome.table() != null) {
          json.writeStringField("TableName", outcome.table().name());
        }
        if (outcome.item() != null) {
          json.writeFieldName("Item");
          AttributeValueJson.writeMap(json, outcome.item());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      ConsumedCapacityJson.writeField(json, reporting.returnConsumedCapacity(), consumption, true);
      json.writeEndObject();
    };
  }

  /** {@code Error: {Code, Message, Item?}}, with the API's BatchStatementErrorCodeEnum names. */
  private static void writeError(JsonGenerator json, DynamoException failure) throws IOException {
    json.writeObjectFieldStart("Error");
    json.writeStringField("Code", code(failure));
    json.writeStringField("Message", failure.getMessage());
    if (failure.payload().get("Item") != null) {
      json.writeFieldName("Item");
      failure.payload().get("Item").write(json);
    }
    json.writeEndObject();
  }

  private static String code(DynamoException failure) {
    return switch (failure.code()) {
      case CONDITIONAL_CHECK_FAILED -> "ConditionalCheckFailed";
      case DUPLICATE_ITEM -> "DuplicateItem";
      case RESOURCE_NOT_FOUND -> "ResourceNotFound";
      case ITEM_COLLECTION_SIZE_LIMIT_EXCEEDED -> "ItemCollectionSizeLimitExceeded";
      case REQUEST_LIMIT_EXCEEDED -> "RequestLimitExceeded";
      case PROVISIONED_THROUGHPUT_EXCEEDED -> "ProvisionedThroughputExceeded";
      case THROTTLING -> "ThrottlingError";
      case ACCESS_DENIED -> "AccessDenied";
      case TRANSACTION_CONFLICT -> "TransactionConflict";
      case INTERNAL_SERVER_ERROR, SERVICE_UNAVAILABLE -> "InternalServerError";
      default -> "ValidationError";
    };
  }
}

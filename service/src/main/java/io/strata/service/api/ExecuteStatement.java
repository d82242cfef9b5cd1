package io.strata.service.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.error.DynamoException;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Constraints;
import io.strata.service.json.Json;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.partiql.Ast;
import io.strata.service.partiql.Parser;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ExecuteStatement: one PartiQL statement, run as the item operation it is equivalent to (see
 * {@link StatementRequests} and {@link SelectStatement}). Its answer is {@code Items} (a SELECT's
 * page, or the attributes an UPDATE or DELETE RETURNING gives back), {@code NextToken} and {@code
 * LastEvaluatedKey} while a SELECT has more to read, and {@code ConsumedCapacity} when asked for.
 * DynamoDB Local leaves ConsumedCapacity out of PartiQL answers; the API reference documents it, so
 * it is given as for the equivalent operation.
 */
public final class ExecuteStatement implements Operation<ExecuteStatement.Request> {
  static final List<String> RETURN_VALUES_ON_CONDITION_CHECK_FAILURE = List.of("ALL_OLD", "NONE");

  /** A statement ready to run: a SELECT's reads, or one write. */
  sealed interface Request permits Read, Write {
    ItemParameters.Reporting reporting();
  }

  record Read(SelectStatement.Plan plan, String digest, ItemParameters.Reporting reporting)
      implements Request {}

  record Write(StatementWrites.Write write, ItemParameters.Reporting reporting)
      implements Request {}

  private final TableCatalog catalog;
  private final SelectStatement select;
  private final StatementWrites writes;

  public ExecuteStatement(
      TableCatalog catalog,
      Query query,
      Scan scan,
      PutItem putItem,
      UpdateItem updateItem,
      DeleteItem deleteItem) {
    this.catalog = catalog;
    this.select = new SelectStatement(query, scan);
    this.writes = new StatementWrites(putItem, updateItem, deleteItem);
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String statement = body.string("Statement");
    List<AttributeValue> parameters = StatementRequests.parameters(body);
    String nextToken = body.string("NextToken");
    Long limit = body.integer("Limit");
    String onFailure = body.string("ReturnValuesOnConditionCheckFailure");
    Constraints constraints = new Constraints();
    constraints
        .notNull("statement", statement)
        .minLength("statement", statement, 1)
        .maxLength("statement", statement, Parser.MAX_STATEMENT_LENGTH)
        .minSize("parameters", parameters, 1, "[]")
        .minLength("nextToken", nextToken, 1)
        .maxLength("nextToken", nextToken, 32768)
        .min("limit", limit, 1)
        .oneOf(
            "returnValuesOnConditionCheckFailure",
            onFailure,
            RETURN_VALUES_ON_CONDITION_CHECK_FAILURE);
    ItemParameters.Reporting reporting = ItemParameters.readReporting(body, constraints);
    constraints.check();
    Ast.Statement parsed = StatementRequests.parse(statement, parameters);
    TableMetadata table = Tables.forItems(catalog, context, parsed.table(), "ExecuteStatement");
    ObjectNode common = Json.MAPPER.createObjectNode();
    if (reporting.returnConsumedCapacity() != null) {
      common.put("ReturnConsumedCapacity", reporting.returnConsumedCapacity());
    }
    return switch (parsed.kind()) {
      case SELECT -> {
        String digest = NextTokens.digest(statement, body.raw("Parameters"));
        NextTokens.Position position =
            nextToken == null
                ? new NextTokens.Position(0, null)
                : NextTokens.decode(nextToken, digest);
        if (Boolean.TRUE.equals(body.bool("ConsistentRead"))) {
          common.put("ConsistentRead", true);
        }
        if (limit != null) {
          common.put("Limit", limit);
        }
        yield new Read(
            select.plan((Ast.Select) parsed, table, context, common, position), digest, reporting);
      }
      case INSERT, UPDATE, DELETE -> {
        if (onFailure != null) {
          common.put("ReturnValuesOnConditionCheckFailure", onFailure);
        }
        yield new Write(writes.parse(parsed, table, common, context), reporting);
      }
      case EXISTS ->
          throw DynamoException.validation(
              "EXISTS can only be used in ExecuteTransaction write requests.");
    };
  }

  @Override
  public void admit(Request request, Consumption consumption) {
    if (request instanceof Read read) {
      select.admit(read.plan(), consumption);
      return;
    }
    writes.admit(((Write) request).write(), consumption);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    Consumption consumption = context.consumption();
    if (request instanceof Read read) {
      return select
          .execute(read.plan(), context)
          .map(
              page ->
                  response(
                      page.items(),
                      page.next() == null ? null : NextTokens.encode(read.digest(), page.next()),
                      page.lastEvaluatedKey(),
                      request.reporting(),
                      consumption));
    }
    return writes
        .run(((Write) request).write(), context)
        .map(
            attributes ->
                response(
                    attributes == null || attributes.isEmpty() ? List.of() : List.of(attributes),
                    null,
                    null,
                    request.reporting(),
                    consumption));
  }

  private static ResponseBody response(
      List<Map<String, AttributeValue>> items,
      @Nullable String nextToken,
      @Nullable Map<String, AttributeValue> lastEvaluatedKey,
      ItemParameters.Reporting reporting,
      Consumption consumption) {
    return json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("Items");
      for (Map<String, AttributeValue> item : items) {
        AttributeValueJson.writeMap(json, item);
      }
      json.writeEndArray();
      if (nextToken != null) {
        json.writeStringField("NextToken", nextToken);
      }
      if (lastEvaluatedKey != null) {
        json.writeFieldName("LastEvaluatedKey");
        AttributeValueJson.writeMap(json, lastEvaluatedKey);
      }
      ConsumedCapacityJson.writeField(json, reporting.returnConsumedCapacity(), consumption, false);
      json.writeEndObject();
    };
  }
}

package io.strata.service.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.item.ItemChange;
import io.strata.service.json.Constraints;
import io.strata.service.json.Json;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.partiql.Ast;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ExecuteTransaction: up to 100 PartiQL statements, all or nothing, through the existing
 * transaction path. Single-item SELECTs become a TransactGetItems request; INSERT, UPDATE, DELETE
 * and {@code EXISTS(SELECT ...)} become the Put, Update, Delete and ConditionCheck actions of a
 * TransactWriteItems request, ClientRequestToken included, so idempotency, the one-snapshot reads,
 * the cancellation reasons in statement order and the transactional capacity are that operation's.
 * An INSERT whose key is taken is cancelled with DuplicateItem's message (reason code
 * ValidationError, as DynamoDB Local gives it).
 */
public final class ExecuteTransaction implements Operation<ExecuteTransaction.Request> {
  /** Either a TransactGetItems or a TransactWriteItems request. */
  record Request(
      TransactGetItems.@Nullable Request reads, TransactWriteItems.@Nullable Request writes) {}

  private final TableCatalog catalog;
  private final TransactGetItems transactGetItems;
  private final TransactWriteItems transactWriteItems;

  public ExecuteTransaction(
      TableCatalog catalog,
      TransactGetItems transactGetItems,
      TransactWriteItems transactWriteItems) {
    this.catalog = catalog;
    this.transactGetItems = transactGetItems;
    this.transactWriteItems = transactWriteItems;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    List<JsonRequest> statements = body.structureList("TransactStatements");
    String token = body.string("ClientRequestToken");
    Constraints constraints = new Constraints();
    constraints
        .notNull("transactStatements", statements)
        .minSize("transactStatements", statements, 1, "[]")
        .maxSize("transactStatements", statements, TransactWriteItems.MAX_ITEMS, "[...]")
        .minLength("clientRequestToken", token, 1)
        .maxLength("clientRequestToken", token, 36);
    ItemParameters.Reporting reporting = ItemParameters.readReporting(body, constraints);
    constraints.check();
    ArrayNode items = Json.MAPPER.createArrayNode();
    List<Integer> inserts = new ArrayList<>();
    boolean reads = false;
    boolean writes = false;
    for (int i = 0; i < statements.size(); i++) {
      ObjectNode element;
      try {
        Ast.Statement statement = statement(statements.get(i));
        TableMetadata table =
            Tables.forItems(catalog, context, statement.table(), "ExecuteTransaction");
        element = element(statement, table, statements.get(i));
        if (statement.kind() == Ast.StatementKind.INSERT) {
          inserts.add(i);
        }
      } catch (DynamoException e) {
        if (e.code() != ErrorCode.VALIDATION) {
          throw e;
        }
        throw DynamoException.validation(
            "Validation failed in TransactStatements[" + i + "]: " + e.getMessage());
      }
      reads |= element.has("Get");
      writes |= !element.has("Get");
      items.add(element);
    }
    if (reads && writes) {
      throw DynamoException.validation(
          "ExecuteTransaction API does not support both read and write operations in the same"
              + " request.");
    }
    ObjectNode request = Json.MAPPER.createObjectNode();
    request.set("TransactItems", items);
    if (reporting.returnConsumedCapacity() != null) {
      request.put("ReturnConsumedCapacity", reporting.returnConsumedCapacity());
    }
    if (reads) {
      return new Request(transactGetItems.parse(JsonRequest.of(request), context), null);
    }
    if (token != null) {
      request.put("ClientRequestToken", token);
    }
    TransactWriteItems.Request parsed = transactWriteItems.parse(JsonRequest.of(request), context);
    List<TransactWriteItems.Action> actions = new ArrayList<>(parsed.actions());
    for (int i : inserts) {
      TransactWriteItems.Action insert = actions.get(i);
      actions.set(
          i,
          new TransactWriteItems.Action(
              insert.table(),
              insert.key(),
              duplicateAware(insert.change()),
              insert.requestBytes()));
    }
    return new Request(
        null,
        new TransactWriteItems.Request(
            actions, parsed.token(), parsed.fingerprint(), parsed.reporting()));
  }

  private static Ast.Statement statement(JsonRequest element) {
    String statement = element.string("Statement");
    List<AttributeValue> parameters = StatementRequests.parameters(element);
    new Constraints()
        .notNull("statement", statement)
        .minLength("statement", statement, 1)
        .minSize("parameters", parameters, 1, "[]")
        .oneOf(
            "returnValuesOnConditionCheckFailure",
            element.string("ReturnValuesOnConditionCheckFailure"),
            ExecuteStatement.RETURN_VALUES_ON_CONDITION_CHECK_FAILURE)
        .check();
    return StatementRequests.parse(statement, parameters);
  }

  /**
   * The statement's element of TransactItems: {@code {"<Get|Put|Update|Delete|ConditionCheck>":
   * {...}}}.
   */
  private static ObjectNode element(
      Ast.Statement statement, TableMetadata table, JsonRequest source) {
    String member;
    ObjectNode action;
    switch (statement.kind()) {
      case SELECT -> {
        member = "Get";
        action = StatementRequests.singleItemRead((Ast.Select) statement, table);
        if (action == null) {
          throw DynamoException.validation(
              "Select statements within ExecuteTransaction must specify the primary key in the"
                  + " where clause.");
        }
      }
      case INSERT -> {
        member = "Put";
        action = StatementRequests.insert((Ast.Insert) statement, table);
      }
      case UPDATE -> {
        requireNoReturning(((Ast.Update) statement).returning());
        member = "Update";
        action = StatementRequests.update((Ast.Update) statement, table);
      }
      case DELETE -> {
        requireNoReturning(((Ast.Delete) statement).returning());
        member = "Delete";
        action = StatementRequests.delete((Ast.Delete) statement, table);
      }
      case EXISTS -> {
        member = "ConditionCheck";
        action = StatementRequests.conditionCheck((Ast.Exists) statement, table);
      }
      default -> throw new IllegalStateException(statement.kind().name());
    }
    String onFailure = source.string("ReturnValuesOnConditionCheckFailure");
    if (onFailure != null && !member.equals("Get") && !member.equals("Put")) {
      action.put("ReturnValuesOnConditionCheckFailure", onFailure);
    }
    ObjectNode element = Json.MAPPER.createObjectNode();
    element.set(member, action);
    return element;
  }

  private static void requireNoReturning(Ast.@Nullable Returning returning) {
    if (returning != null) {
      throw DynamoException.validation("RETURNING clause is not supported in ExecuteTransaction.");
    }
  }

  private static ItemChange<Void> duplicateAware(ItemChange<Void> put) {
    return current -> {
      try {
        return put.decide(current);
      } catch (DynamoException e) {
        throw e.code() == ErrorCode.CONDITIONAL_CHECK_FAILED ? DynamoException.duplicateItem() : e;
      }
    };
  }

  @Override
  public void admit(Request request, Consumption consumption) {
    if (request.reads() != null) {
      transactGetItems.admit(request.reads(), consumption);
    } else {
      transactWriteItems.admit(request.writes(), consumption);
    }
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    return request.reads() != null
        ? transactGetItems.execute(request.reads(), context)
        : transactWriteItems.execute(request.writes(), context);
  }
}

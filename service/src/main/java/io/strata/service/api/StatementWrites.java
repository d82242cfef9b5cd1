package io.strata.service.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.PrimaryKey;
import io.strata.service.partiql.Ast;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * INSERT, UPDATE and DELETE statements as PutItem, UpdateItem and DeleteItem requests, admitted and
 * run by those operations: ExecuteStatement runs one, BatchExecuteStatement several side by side.
 */
final class StatementWrites {
  /**
   * A parsed write: {@code request} is the PutItem, UpdateItem or DeleteItem request of {@code
   * kind}.
   */
  record Write(Ast.StatementKind kind, TableMetadata table, PrimaryKey key, Object request) {}

  private final PutItem putItem;
  private final UpdateItem updateItem;
  private final DeleteItem deleteItem;

  StatementWrites(PutItem putItem, UpdateItem updateItem, DeleteItem deleteItem) {
    this.putItem = putItem;
    this.updateItem = updateItem;
    this.deleteItem = deleteItem;
  }

  /**
   * @param members the request's own members to add (ReturnConsumedCapacity,
   *     ReturnValuesOnConditionCheckFailure)
   */
  Write parse(
      Ast.Statement statement, TableMetadata table, ObjectNode members, RequestContext context) {
    ObjectNode request =
        switch (statement.kind()) {
          case INSERT -> StatementRequests.insert((Ast.Insert) statement, table);
          case UPDATE -> StatementRequests.update((Ast.Update) statement, table);
          case DELETE -> StatementRequests.delete((Ast.Delete) statement, table);
          case SELECT, EXISTS -> throw new IllegalArgumentException(statement.kind().name());
        };
    request.setAll(members);
    if (statement.kind() == Ast.StatementKind.INSERT) {
      request.remove("ReturnValuesOnConditionCheckFailure");
    }
    JsonRequest body = JsonRequest.of(request);
    return switch (statement.kind()) {
      case INSERT -> {
        PutItem.Request put = putItem.parse(body, context);
        yield new Write(statement.kind(), table, put.key(), put);
      }
      case UPDATE -> {
        UpdateItem.Request update = updateItem.parse(body, context);
        yield new Write(statement.kind(), table, update.key(), update);
      }
      default -> {
        DeleteItem.Request delete = deleteItem.parse(body, context);
        yield new Write(statement.kind(), table, delete.key(), delete);
      }
    };
  }

  void admit(Write write, Consumption consumption) {
    switch (write.kind()) {
      case INSERT -> putItem.admit((PutItem.Request) write.request(), consumption);
      case UPDATE -> updateItem.admit((UpdateItem.Request) write.request(), consumption);
      default -> deleteItem.admit((DeleteItem.Request) write.request(), consumption);
    }
  }

  /** Runs a write; an INSERT whose key is taken fails with DuplicateItemException. */
  Future<@Nullable Map<String, AttributeValue>> run(Write write, RequestContext context) {
    return switch (write.kind()) {
      case INSERT ->
          putItem
              .write((PutItem.Request) write.request(), context)
              .recover(StatementWrites::duplicateItem);
      case UPDATE -> updateItem.write((UpdateItem.Request) write.request(), context);
      default -> deleteItem.write((DeleteItem.Request) write.request(), context);
    };
  }

  private static Future<@Nullable Map<String, AttributeValue>> duplicateItem(Throwable failure) {
    if (failure instanceof DynamoException dynamo
        && dynamo.code() == ErrorCode.CONDITIONAL_CHECK_FAILED) {
      return Future.failedFuture(DynamoException.duplicateItem());
    }
    return Future.failedFuture(failure);
  }
}

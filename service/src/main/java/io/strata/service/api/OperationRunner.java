package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.Json;
import io.strata.service.json.JsonRequest;
import io.vertx.core.Future;
import java.util.Map;

/**
 * The shared pipeline of every DynamoDB request once it is authenticated: find the operation, parse
 * the body, validate, execute. Errors thrown by any step become a failed future carrying a {@link
 * DynamoException}, which the HTTP layer renders in one place.
 */
public final class OperationRunner {
  private final Map<String, Operation<?>> operations;

  public OperationRunner(Map<String, Operation<?>> operations) {
    this.operations = Map.copyOf(operations);
  }

  public boolean knows(String operationName) {
    return operations.containsKey(operationName);
  }

  public Future<ResponseBody> run(String operationName, byte[] body, RequestContext context) {
    Operation<?> operation = operations.get(operationName);
    if (operation == null) {
      return Future.failedFuture(new DynamoException(ErrorCode.UNKNOWN_OPERATION, ""));
    }
    try {
      return runTyped(operation, JsonRequest.of(Json.parse(body)), context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static <R> Future<ResponseBody> runTyped(
      Operation<R> operation, JsonRequest body, RequestContext context) {
    R request = operation.parse(body, context);
    return operation.execute(request, context);
  }
}

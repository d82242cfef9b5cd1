package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.http.Caller;
import io.strata.service.json.Json;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.metering.Metering;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared pipeline of every authenticated DynamoDB request: find the operation, parse and
 * validate the body, admit its capacity estimate, execute, then settle capacity and count the
 * request however it ended. Errors thrown by any step become a failed future carrying a {@link
 * DynamoException}, which the HTTP layer renders in one place.
 */
public final class OperationRunner {
  /** One line per request when enabled (STRATA_ACCESS_LOG); off by default, it costs throughput. */
  private static final Logger ACCESS_LOG = LoggerFactory.getLogger("io.strata.access");

  private final Map<String, Operation<?>> operations;
  private final Metering metering;
  private final Clock clock;

  public OperationRunner(Map<String, Operation<?>> operations, Metering metering, Clock clock) {
    this.operations = Map.copyOf(operations);
    this.metering = metering;
    this.clock = clock;
  }

  public boolean knows(String operationName) {
    return operations.containsKey(operationName);
  }

  public Future<ResponseBody> run(
      String operationName, byte[] body, Caller caller, String requestId) {
    Operation<?> operation = operations.get(operationName);
    if (operation == null) {
      return Future.failedFuture(new DynamoException(ErrorCode.UNKNOWN_OPERATION, ""));
    }
    long startNanos = System.nanoTime();
    Instant receivedAt = clock.instant();
    Consumption consumption = metering.start(operationName);
    RequestContext context =
        new RequestContext(
            requestId,
            caller.tenantId(),
            caller.credentialId(),
            caller.region(),
            receivedAt,
            consumption);
    Future<ResponseBody> result;
    try {
      result = runTyped(operation, JsonRequest.of(Json.parse(body)), context);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.onComplete(
        outcome -> {
          metering.settle(consumption, receivedAt);
          String outcomeName = outcome.succeeded() ? "success" : outcomeName(outcome.cause());
          long durationNanos = System.nanoTime() - startNanos;
          metering.recordRequest(caller.tenantId(), operationName, outcomeName, durationNanos);
          ACCESS_LOG
              .atInfo()
              .addKeyValue("requestId", requestId)
              .addKeyValue("tenant", caller.tenantId())
              .addKeyValue("operation", operationName)
              .addKeyValue("outcome", outcomeName)
              .addKeyValue("micros", durationNanos / 1_000)
              .log("request");
        });
  }

  private static <R> Future<ResponseBody> runTyped(
      Operation<R> operation, JsonRequest body, RequestContext context) {
    R request = operation.parse(body, context);
    operation.admit(request, context.consumption());
    return operation.execute(request, context);
  }

  /** The error's short name, as metrics label it. */
  private static String outcomeName(Throwable cause) {
    if (cause instanceof DynamoException dynamo) {
      String type = dynamo.code().wireType();
      return type.substring(type.indexOf('#') + 1);
    }
    return "InternalServerError";
  }
}

package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.json.Json;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.metering.Metering;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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

  /** The tenant label of requests refused before their caller was known. */
  public static final String UNAUTHENTICATED = "_unauthenticated";

  /** The operation label of requests that named no operation of this service. */
  public static final String UNKNOWN_OPERATION = "_unknown";

  private final Map<String, Operation<?>> operations;
  private final Metering metering;
  private final Clock clock;

  public OperationRunner(Map<String, Operation<?>> operations, Metering metering, Clock clock) {
    this.operations = Map.copyOf(operations);
    this.metering = metering;
    this.clock = clock;
  }

  /**
   * The operation an {@code X-Amz-Target} names, or null when it names none: the prefix must be the
   * one of the operation's own API, so {@code DynamoDBStreams_20120810.PutItem} and {@code
   * DynamoDB_20120810.ListStreams} name nothing, as in DynamoDB.
   */
  public @Nullable String operationOf(@Nullable String target) {
    if (target == null) {
      return null;
    }
    String operation = target.substring(target.indexOf('.') + 1);
    return operations.containsKey(operation) && target.equals(Operations.target(operation))
        ? operation
        : null;
  }

  /**
   * UnknownOperationException, naming what was asked for. DynamoDB sends this error without a
   * message (dynalite's tests, which also run against DynamoDB, expect none) and DynamoDB Local
   * says only "An unknown operation was requested."; the target is added so that a client that
   * calls an operation Strata does not implement, or uses the wrong service prefix, can see which.
   */
  public static DynamoException unknownOperation(@Nullable String target) {
    return new DynamoException(
        ErrorCode.UNKNOWN_OPERATION,
        target == null
            ? "An unknown operation was requested."
            : "An unknown operation was requested: " + target);
  }

  /**
   * Runs a known operation (see {@link #operationOf}) for an authenticated caller.
   *
   * @param body the JSON text of the request, already decompressed
   * @param host the request's {@code Host}, the endpoint the client called
   */
  public Future<ResponseBody> run(
      String operationName, byte[] body, Caller caller, String requestId, String host) {
    Operation<?> operation = operations.get(operationName);
    if (operation == null) {
      return Future.failedFuture(unknownOperation(operationName));
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
            host,
            receivedAt,
            body.length,
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
          count(
              requestId,
              caller.tenantId(),
              operationName,
              outcome.succeeded() ? "success" : outcomeName(outcome.cause()),
              System.nanoTime() - startNanos);
        });
  }

  /**
   * Counts a request refused before it could run (an unknown operation, failed authentication, the
   * request-rate limit), so that a misconfigured or hostile client shows on the dashboards too.
   *
   * @param tenantId null when the caller was not authenticated ({@value #UNAUTHENTICATED})
   * @param operationName null when no known operation was named ({@value #UNKNOWN_OPERATION})
   */
  public void refused(
      String requestId,
      @Nullable String tenantId,
      @Nullable String operationName,
      Throwable error,
      long durationNanos) {
    count(
        requestId,
        tenantId == null ? UNAUTHENTICATED : tenantId,
        operationName == null ? UNKNOWN_OPERATION : operationName,
        outcomeName(error),
        durationNanos);
  }

  private void count(
      String requestId, String tenantId, String operationName, String outcome, long durationNanos) {
    metering.recordRequest(tenantId, operationName, outcome, durationNanos);
    ACCESS_LOG
        .atInfo()
        .addKeyValue("requestId", requestId)
        .addKeyValue("tenant", tenantId)
        .addKeyValue("operation", operationName)
        .addKeyValue("outcome", outcome)
        .addKeyValue("micros", durationNanos / 1_000)
        .log("request");
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

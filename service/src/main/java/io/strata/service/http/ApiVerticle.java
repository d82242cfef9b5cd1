package io.strata.service.http;

import io.strata.service.api.Caller;
import io.strata.service.api.OperationRunner;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.BooleanSupplier;

/**
 * The DynamoDB-compatible HTTPS endpoint; one instance per event loop, all sharing the port.
 *
 * <p>Framing happens here and nothing else: {@code GET /healthz}, and {@code POST /} with a {@code
 * X-Amz-Target} of {@code DynamoDB_20120810.<Operation>} (or the Streams API's prefix). The
 * declared {@code Content-Length} is checked against the limit before a byte of the body is
 * buffered, and a chunked body is cut off as soon as it exceeds it. The raw bytes are then
 * authenticated (signatures cover the exact bytes) and handed to the {@link OperationRunner}.
 */
public final class ApiVerticle extends VerticleBase {
  private static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
  private static final String STREAMS_PREFIX = "DynamoDBStreams_20120810.";

  private final HttpServerOptions options;
  private final OperationRunner runner;
  private final RequestAuthenticator authenticator;
  private final BooleanSupplier healthy;
  private final long maxRequestBytes;
  private final RequestRates rates;
  private final TlsReloader tlsReloader;
  private HttpServer server;

  public ApiVerticle(
      HttpServerOptions options,
      OperationRunner runner,
      RequestAuthenticator authenticator,
      BooleanSupplier healthy,
      long maxRequestBytes,
      RequestRates rates,
      TlsReloader tlsReloader) {
    this.options = options;
    this.runner = runner;
    this.authenticator = authenticator;
    this.healthy = healthy;
    this.maxRequestBytes = maxRequestBytes;
    this.rates = rates;
    this.tlsReloader = tlsReloader;
  }

  @Override
  public Future<?> start() {
    server =
        vertx
            .createHttpServer(options)
            .connectionHandler(connection -> connection.closeHandler(v -> rates.closed(connection)))
            .requestHandler(this::handle);
    return server.listen().onSuccess(tlsReloader::register);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown();
  }

  private void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET && "/healthz".equals(request.path())) {
      boolean up = healthy.getAsBoolean();
      request.response().setStatusCode(up ? 200 : 503).end(up ? "ok" : "unavailable");
      return;
    }
    String requestId = RequestIds.next();
    HttpServerResponse response = request.response();
    if (request.method() != HttpMethod.POST) {
      ResponseWriter.failure(
          response, requestId, new DynamoException(ErrorCode.UNKNOWN_OPERATION, ""));
      return;
    }
    String declaredLength = request.getHeader("Content-Length");
    if (declaredLength != null && exceedsLimit(declaredLength)) {
      rejectTooLarge(request, requestId);
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (body.length() + chunk.length() > maxRequestBytes) {
            rejectTooLarge(request, requestId);
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.endHandler(ignored -> dispatch(request, requestId, body.getBytes()));
  }

  private void dispatch(HttpServerRequest request, String requestId, byte[] body) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return;
    }
    long startNanos = System.nanoTime();
    String operation = null;
    Caller caller = null;
    try {
      operation = operationName(request.getHeader("X-Amz-Target"));
      caller =
          authenticator.authenticate(
              new RequestHead(
                  request.method().name(),
                  rawPath(request.uri()),
                  request.query() == null ? "" : request.query(),
                  request.headers()),
              body);
      rates.admit(request.connection(), caller.tenantId(), operation);
      runner
          .run(operation, body, caller, requestId)
          .onComplete(
              result -> {
                if (result.succeeded()) {
                  ResponseWriter.success(response, requestId, result.result());
                } else {
                  ResponseWriter.failure(response, requestId, result.cause());
                }
              });
    } catch (RuntimeException e) {
      runner.refused(
          requestId,
          caller == null ? null : caller.tenantId(),
          operation,
          e,
          System.nanoTime() - startNanos);
      ResponseWriter.failure(response, requestId, e);
    }
  }

  /** The operation named by {@code X-Amz-Target}, or UnknownOperationException. */
  private String operationName(String target) {
    if (target != null) {
      String operation = null;
      if (target.startsWith(DYNAMODB_PREFIX)) {
        operation = target.substring(DYNAMODB_PREFIX.length());
      } else if (target.startsWith(STREAMS_PREFIX)) {
        operation = target.substring(STREAMS_PREFIX.length());
      }
      if (operation != null && runner.knows(operation)) {
        return operation;
      }
    }
    throw new DynamoException(ErrorCode.UNKNOWN_OPERATION, "");
  }

  private boolean exceedsLimit(String declaredLength) {
    try {
      return Long.parseLong(declaredLength.trim()) > maxRequestBytes;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private void rejectTooLarge(HttpServerRequest request, String requestId) {
    HttpServerResponse response = request.response();
    if (!response.ended()) {
      // The rest of the body is not read: the connection closes once the answer is sent.
      response.putHeader("Connection", "close");
      ResponseWriter.failure(
          response,
          requestId,
          new DynamoException(
              ErrorCode.REQUEST_ENTITY_TOO_LARGE,
              "Request must be smaller than " + maxRequestBytes + " bytes for the operation"));
    }
  }

  private static String rawPath(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }
}

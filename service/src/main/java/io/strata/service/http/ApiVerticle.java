package io.strata.service.http;

import io.strata.service.api.Caller;
import io.strata.service.api.OperationRunner;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The DynamoDB-compatible HTTPS endpoint; one instance per event loop, all sharing the port.
 *
 * <p>Framing happens here and nothing else. {@code GET /} answers {@code healthy: <host>} as
 * DynamoDB's endpoints do (load balancers and SDK health checks call it), {@code GET /healthz}
 * reports whether storage can write, and {@code OPTIONS} is a CORS preflight. Everything else is an
 * API call: the declared {@code Content-Length} is checked against the limit before a byte of the
 * body is buffered, and a chunked body is cut off as soon as it exceeds it.
 *
 * <p>The order of the checks is DynamoDB's: the raw bytes are authenticated first (signatures cover
 * the exact bytes, and an unauthenticated caller learns nothing, not even whether the operation
 * exists), then the operation is looked up, the request rate admitted, the body decompressed
 * ({@link RequestBodies}) and handed to the {@link OperationRunner}; or, on a cluster member that
 * does not lead, a write is sent on to the leader as it came ({@link LeaderForwarding}).
 *
 * <p>Requests whose length cannot be trusted are refused with 400 and their connection closed
 * without reading on (RFC 9112 section 6.1): a {@code Transfer-Encoding} other than exactly {@code
 * chunked}, or together with {@code Content-Length}, is how requests are smuggled past proxies that
 * frame them differently. So are request heads over 16 KB (DynamoDB's limit on the request line and
 * on the headers), with DynamoDB's 400 rather than 414 or 431.
 */
public final class ApiVerticle extends VerticleBase {
  private final HttpServerOptions options;
  private final OperationRunner runner;
  private final RequestAuthenticator authenticator;
  private final BooleanSupplier healthy;
  private final long maxRequestBytes;
  private final RequestRates rates;
  private final TlsReloader tlsReloader;
  private final LeaderForwarding forwarding;
  private final Clock clock;

  /** Connections refused for their framing: whatever else arrives on them is not served. */
  private final Set<HttpConnection> closing = new HashSet<>();

  private HttpServer server;

  public ApiVerticle(
      HttpServerOptions options,
      OperationRunner runner,
      RequestAuthenticator authenticator,
      BooleanSupplier healthy,
      long maxRequestBytes,
      RequestRates rates,
      TlsReloader tlsReloader,
      LeaderForwarding forwarding,
      Clock clock) {
    this.options = options;
    this.runner = runner;
    this.authenticator = authenticator;
    this.healthy = healthy;
    this.maxRequestBytes = maxRequestBytes;
    this.rates = rates;
    this.tlsReloader = tlsReloader;
    this.forwarding = forwarding;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    server =
        vertx
            .createHttpServer(options)
            .connectionHandler(
                connection ->
                    connection.closeHandler(
                        v -> {
                          rates.closed(connection);
                          closing.remove(connection);
                        }))
            .invalidRequestHandler(this::refuseFraming)
            .requestHandler(this::handle);
    return server.listen().onSuccess(tlsReloader::register);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown();
  }

  /** DynamoDB's refusal of a body over the limit. */
  static DynamoException tooLarge(long maxRequestBytes) {
    return new DynamoException(
        ErrorCode.REQUEST_ENTITY_TOO_LARGE,
        "Request must be smaller than " + maxRequestBytes + " bytes for the operation");
  }

  private void handle(HttpServerRequest request) {
    if (closing.contains(request.connection())) {
      return;
    }
    if (!hasTrustworthyLength(request)) {
      refuseFraming(request);
      return;
    }
    ResponseWriter writer = ResponseWriter.start(request, RequestIds.next(), clock.instant());
    if (request.method() == HttpMethod.GET && "/".equals(request.path())) {
      writer.text(200, "healthy: " + host(request));
      return;
    }
    if (request.method() == HttpMethod.GET && "/healthz".equals(request.path())) {
      boolean up = healthy.getAsBoolean();
      writer.text(up ? 200 : 503, up ? "ok" : "unavailable");
      return;
    }
    if (request.method() == HttpMethod.OPTIONS) {
      writer.preflight(request);
      return;
    }
    String declaredLength = request.getHeader("Content-Length");
    if (declaredLength != null && exceedsLimit(declaredLength)) {
      rejectTooLarge(request, writer);
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (body.length() + chunk.length() > maxRequestBytes) {
            rejectTooLarge(request, writer);
          } else {
            body.appendBuffer(chunk);
          }
        });
    request.endHandler(ignored -> dispatch(request, writer, body.getBytes()));
  }

  private void dispatch(HttpServerRequest request, ResponseWriter writer, byte[] body) {
    if (writer.isDone()) {
      return;
    }
    long startNanos = System.nanoTime();
    String target = request.getHeader("X-Amz-Target");
    String operation = request.method() == HttpMethod.POST ? runner.operationOf(target) : null;
    Caller caller = null;
    try {
      caller =
          authenticator.authenticate(
              new RequestHead(
                  request.method().name(),
                  rawPath(request.uri()),
                  request.query() == null ? "" : request.query(),
                  request.headers()),
              body);
      if (operation == null) {
        throw OperationRunner.unknownOperation(target);
      }
      rates.admit(request.connection(), caller.tenantId(), operation);
      Optional<String> leader = forwarding.destination(request, operation);
      if (leader.isPresent()) {
        forwarding.forward(request, body, leader.get(), writer);
        return;
      }
      byte[] json =
          RequestBodies.decode(request.getHeader("Content-Encoding"), body, maxRequestBytes);
      runner
          .run(operation, json, caller, writer.requestId(), host(request))
          .onComplete(
              result -> {
                if (result.succeeded()) {
                  writer.success(result.result());
                } else {
                  writer.failure(result.cause());
                }
              });
    } catch (RuntimeException e) {
      runner.refused(
          writer.requestId(),
          caller == null ? null : caller.tenantId(),
          operation,
          e,
          System.nanoTime() - startNanos);
      writer.failure(e);
    }
  }

  /**
   * Whether the body's length is known without doubt: no {@code Transfer-Encoding}, or exactly one
   * coding, {@code chunked}, and no {@code Content-Length} beside it.
   */
  private static boolean hasTrustworthyLength(HttpServerRequest request) {
    List<String> transferEncodings = request.headers().getAll("Transfer-Encoding");
    if (transferEncodings.isEmpty()) {
      return true;
    }
    return transferEncodings.size() == 1
        && transferEncodings.get(0).trim().equalsIgnoreCase("chunked")
        && request.getHeader("Content-Length") == null;
  }

  private void refuseFraming(HttpServerRequest request) {
    closing.add(request.connection());
    ResponseWriter.start(request, RequestIds.next(), clock.instant()).refuseFraming(request);
  }

  private boolean exceedsLimit(String declaredLength) {
    try {
      return Long.parseLong(declaredLength.trim()) > maxRequestBytes;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private void rejectTooLarge(HttpServerRequest request, ResponseWriter writer) {
    if (!writer.isDone()) {
      // The rest of the body is not read: the client closes the connection on this answer.
      request.response().putHeader("Connection", "close");
      writer.failure(tooLarge(maxRequestBytes));
    }
  }

  /** The endpoint the client called, as it named it (host and port). */
  private static String host(HttpServerRequest request) {
    String host = request.getHeader("Host");
    return host == null ? "" : host;
  }

  private static String rawPath(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }
}

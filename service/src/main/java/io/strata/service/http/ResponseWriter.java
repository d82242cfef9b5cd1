package io.strata.service.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.strata.service.api.Failures;
import io.strata.service.api.ResponseBody;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.error.JsonValue;
import io.strata.service.json.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that writes DynamoDB response bodies and headers, one instance per request.
 *
 * <p>Every response carries {@code x-amzn-RequestId}, {@code Server} and {@code Date} (as
 * DynamoDB's do), and the CORS headers when the request came from a browser ({@link Cors}). JSON
 * responses also carry the JSON 1.0 content type and {@code x-amz-crc32}, which the AWS SDKs
 * verify.
 *
 * <p><b>Compression.</b> When the client accepts gzip or deflate ({@link AcceptEncoding}), JSON
 * bodies of {@value #COMPRESSION_THRESHOLD_BYTES} bytes and more are compressed, as DynamoDB
 * compresses responses from 4 KB. {@code x-amz-crc32} is then the CRC32 of the compressed bytes,
 * the bytes on the wire: that is what DynamoDB sends and what the SDKs check before they decompress
 * (the AWS SDK for Go v2, {@code service/dynamodb/internal/customizations}).
 *
 * <p><b>Errors.</b> A {@link DynamoException} is rendered as its {@code __type}, message and
 * status; anything else as a 500 {@code InternalServerError} whose details are logged once, with
 * the request id, and never sent to the client.
 */
public final class ResponseWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  static final int COMPRESSION_THRESHOLD_BYTES = 4096;

  /** The headers of a forwarded request's answer that are the leader's. */
  private static final List<String> RELAYED =
      List.of("x-amzn-RequestId", "x-amz-crc32", "Content-Type", "Content-Encoding");

  /** DynamoDB's {@code Server} header, which names no product. */
  static final String SERVER = "Server";

  private final HttpServerResponse response;
  private final String requestId;
  private final @Nullable ContentCoding coding;

  private ResponseWriter(
      HttpServerResponse response, String requestId, @Nullable ContentCoding coding) {
    this.response = response;
    this.requestId = requestId;
    this.coding = coding;
  }

  /** Starts answering {@code request}: the headers every response carries are set now. */
  static ResponseWriter start(HttpServerRequest request, String requestId, Instant now) {
    HttpServerResponse response = request.response();
    response
        .putHeader("x-amzn-RequestId", requestId)
        .putHeader("Server", SERVER)
        .putHeader("Date", HttpDate.format(now));
    Cors.addHeaders(request, response);
    return new ResponseWriter(
        response, requestId, AcceptEncoding.preferred(request.getHeader("Accept-Encoding")));
  }

  String requestId() {
    return requestId;
  }

  boolean isDone() {
    return response.closed() || response.ended();
  }

  public void success(ResponseBody body) {
    byte[] bytes;
    try {
      bytes = serialize(body::write);
    } catch (RuntimeException e) {
      failure(e);
      return;
    }
    sendJson(200, bytes);
  }

  public void failure(Throwable error) {
    DynamoException dynamo = asDynamoException(error);
    ErrorCode code = dynamo.code();
    byte[] bytes =
        serialize(
            json -> {
              json.writeStartObject();
              json.writeStringField("__type", code.wireType());
              String message = dynamo.getMessage();
              if (message != null && !message.isEmpty()) {
                json.writeStringField("message", message);
              }
              for (Map.Entry<String, JsonValue> member : dynamo.payload().entrySet()) {
                json.writeFieldName(member.getKey());
                member.getValue().write(json);
              }
              json.writeEndObject();
            });
    sendJson(code.httpStatus(), bytes);
  }

  /**
   * Sends the leader's answer to a forwarded request ({@link LeaderForwarding}) as it came: its
   * status and body bytes, and of its headers those that describe the body and the request (the
   * leader's request id, which its logs know); the rest are this node's own.
   */
  void relay(int status, MultiMap leaderHeaders, Buffer body) {
    if (isDone()) {
      return;
    }
    for (String name : RELAYED) {
      String value = leaderHeaders.get(name);
      if (value != null) {
        response.putHeader(name, value);
      }
    }
    response.setStatusCode(status).end(body);
  }

  /** A plain-text answer (health checks). */
  void text(int status, String body) {
    if (!isDone()) {
      response
          .setStatusCode(status)
          .putHeader("Content-Type", "text/plain; charset=utf-8")
          .end(body);
    }
  }

  /** The answer to {@code OPTIONS}: a CORS preflight, or nothing to say. */
  void preflight(HttpServerRequest request) {
    Cors.addPreflightHeaders(request, response);
    response.setStatusCode(200).end();
  }

  /**
   * Refuses a request whose framing cannot be trusted (unreadable head, ambiguous length) with a
   * bare 400, and closes the connection once it is sent, so that nothing after it on the connection
   * is read as another request (RFC 9112 sections 6.1 and 6.3).
   */
  void refuseFraming(HttpServerRequest request) {
    if (!isDone()) {
      response.setStatusCode(400).putHeader("Connection", "close");
      response.end().onComplete(sent -> request.connection().close());
    } else {
      request.connection().close();
    }
  }

  private DynamoException asDynamoException(Throwable error) {
    DynamoException dynamo = Failures.asDynamo(error);
    if (dynamo != null) {
      if (dynamo.code() == ErrorCode.INTERNAL_SERVER_ERROR) {
        LOG.atError()
            .addKeyValue("requestId", requestId)
            .setCause(dynamo.getCause())
            .log("request failed: {}", dynamo.getMessage());
        return internalError();
      }
      return dynamo;
    }
    LOG.atError()
        .addKeyValue("requestId", requestId)
        .setCause(error)
        .log("request failed with an unexpected error");
    return internalError();
  }

  private DynamoException internalError() {
    return new DynamoException(
        ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error (request " + requestId + ")");
  }

  private void sendJson(int status, byte[] json) {
    if (isDone()) {
      return;
    }
    byte[] body = json;
    if (coding != null && json.length >= COMPRESSION_THRESHOLD_BYTES) {
      body = coding.compress(json);
      response.putHeader("Content-Encoding", coding.token());
    }
    CRC32 crc = new CRC32();
    crc.update(body);
    response
        .setStatusCode(status)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("x-amz-crc32", Long.toString(crc.getValue()))
        .putHeader("Content-Length", Integer.toString(body.length))
        .end(Buffer.buffer(body));
  }

  private static byte[] serialize(JsonValue writer) {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        JsonGenerator json = Json.FACTORY.createGenerator(bytes)) {
      writer.write(json);
      json.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

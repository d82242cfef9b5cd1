package io.strata.service.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.strata.service.api.Failures;
import io.strata.service.api.ResponseBody;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.error.JsonValue;
import io.strata.service.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that writes DynamoDB response bodies and headers. Every response carries {@code
 * x-amzn-RequestId}, the JSON 1.0 content type and {@code x-amz-crc32} (the CRC32 of the body,
 * which the AWS SDKs verify). Every failure is rendered here: a {@link DynamoException} as its
 * {@code __type}, message and status; anything else as a 500 {@code InternalServerError} whose
 * details are logged once, with the request id, and never sent to the client.
 */
public final class ResponseWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";

  private ResponseWriter() {}

  public static void success(HttpServerResponse response, String requestId, ResponseBody body) {
    byte[] bytes;
    try {
      bytes = serialize(body::write);
    } catch (RuntimeException e) {
      failure(response, requestId, e);
      return;
    }
    send(response, requestId, 200, bytes);
  }

  public static void failure(HttpServerResponse response, String requestId, Throwable error) {
    DynamoException dynamo = asDynamoException(requestId, error);
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
    send(response, requestId, code.httpStatus(), bytes);
  }

  private static DynamoException asDynamoException(String requestId, Throwable error) {
    DynamoException dynamo = Failures.asDynamo(error);
    if (dynamo != null) {
      if (dynamo.code() == ErrorCode.INTERNAL_SERVER_ERROR) {
        LOG.atError()
            .addKeyValue("requestId", requestId)
            .setCause(dynamo.getCause())
            .log("request failed: {}", dynamo.getMessage());
        return new DynamoException(
            ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error (request " + requestId + ")");
      }
      return dynamo;
    }
    LOG.atError()
        .addKeyValue("requestId", requestId)
        .setCause(error)
        .log("request failed with an unexpected error");
    return new DynamoException(
        ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error (request " + requestId + ")");
  }

  private static void send(HttpServerResponse response, String requestId, int status, byte[] body) {
    if (response.closed() || response.ended()) {
      return;
    }
    CRC32 crc = new CRC32();
    crc.update(body);
    response
        .setStatusCode(status)
        .putHeader("x-amzn-RequestId", requestId)
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

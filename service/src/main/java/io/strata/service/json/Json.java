package io.strata.service.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.strata.service.error.DynamoException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The process-wide JSON configuration. Nesting is capped well above DynamoDB's own 32-level
 * document limit so a hostile body fails fast instead of exhausting a thread's stack.
 */
public final class Json {
  /** Deep enough for 32 levels of attribute values (each costs two JSON levels) plus envelope. */
  private static final int MAX_NESTING_DEPTH = 200;

  /**
   * Attribute names may be up to 65,535 bytes outside keys (developer guide, ServiceQuotas.html,
   * "Attribute name length"), above Jackson's default of 50,000 characters; a longer name is
   * DynamoDB's ValidationException ({@code Items}), not an unreadable body. A character is at least
   * one UTF-8 byte, so this many characters covers every legal name.
   */
  private static final int MAX_NAME_CHARACTERS = 65_536;

  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxNameLength(MAX_NAME_CHARACTERS)
                  .build())
          .build();

  /** For request bodies: exact decimals, nothing after the top-level value. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper(FACTORY)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * For our own persisted records (catalog entries): tolerant of fields added by later versions,
   * times as ISO-8601 text.
   */
  public static final ObjectMapper RECORDS =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}

  /**
   * Parses a request body; text that is not well-formed Unicode is a ValidationException (see
   * {@link Unicode}), anything else that is not well-formed JSON a SerializationException.
   */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw DynamoException.serialization("");
    }
    Unicode.requireWellFormed(body);
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw DynamoException.serialization("");
      }
      return node;
    } catch (IOException | NumberFormatException e) {
      // A number Jackson cannot hold (an exponent beyond 32 bits) is malformed input too.
      throw DynamoException.serialization("");
    }
  }

  /** Serialises one of our own records for the catalog. */
  public static byte[] toRecordBytes(Object record) {
    try {
      return RECORDS.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T fromRecordBytes(byte[] bytes, Class<T> type) {
    try {
      return RECORDS.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt catalog record of " + type.getSimpleName(), e);
    }
  }
}

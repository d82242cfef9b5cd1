package io.strata.service.error;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one exception type that becomes a DynamoDB error response. Anything else that escapes an
 * operation is an internal error and is rendered as {@link ErrorCode#INTERNAL_SERVER_ERROR}.
 *
 * <p>Client errors are thrown on hot paths (failed conditions, validation), so they skip the stack
 * trace; internal errors keep theirs. Extra top-level response members (the old item of a failed
 * condition, the cancellation reasons of a transaction) travel in {@link #payload()} as writers of
 * their JSON, so this package stays independent of the item model. An empty message is left out of
 * the body, as DynamoDB does for a few framing errors.
 */
public final class DynamoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final transient Map<String, JsonValue> payload;

  public DynamoException(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  public DynamoException(ErrorCode code, String message, Map<String, JsonValue> payload) {
    this(code, message, payload, null);
  }

  private DynamoException(
      ErrorCode code, String message, Map<String, JsonValue> payload, @Nullable Throwable cause) {
    super(message, cause, false, code == ErrorCode.INTERNAL_SERVER_ERROR);
    this.code = Objects.requireNonNull(code);
    this.payload = Map.copyOf(payload);
  }

  public ErrorCode code() {
    return code;
  }

  /** Extra members of the error body, e.g. {@code Item} or {@code CancellationReasons}. */
  public Map<String, JsonValue> payload() {
    return payload;
  }

  public static DynamoException validation(String message) {
    return new DynamoException(ErrorCode.VALIDATION, message);
  }

  public static DynamoException serialization(String message) {
    return new DynamoException(ErrorCode.SERIALIZATION, message);
  }

  public static DynamoException resourceNotFound(String message) {
    return new DynamoException(ErrorCode.RESOURCE_NOT_FOUND, message);
  }

  /** DynamoDB's wording when an item operation names a table that does not exist. */
  public static DynamoException tableNotFound() {
    return resourceNotFound("Requested resource not found");
  }

  public static DynamoException resourceInUse(String message) {
    return new DynamoException(ErrorCode.RESOURCE_IN_USE, message);
  }

  public static DynamoException limitExceeded(String message) {
    return new DynamoException(ErrorCode.LIMIT_EXCEEDED, message);
  }

  public static DynamoException conditionalCheckFailed(Map<String, JsonValue> payload) {
    return new DynamoException(
        ErrorCode.CONDITIONAL_CHECK_FAILED, "The conditional request failed", payload);
  }

  /** A PartiQL INSERT whose key is taken; DynamoDB's message. */
  public static DynamoException duplicateItem() {
    return new DynamoException(ErrorCode.DUPLICATE_ITEM, "Duplicate primary key exists in table");
  }

  public static DynamoException internal(String message, Throwable cause) {
    return new DynamoException(ErrorCode.INTERNAL_SERVER_ERROR, message, Map.of(), cause);
  }
}

package io.strata.service.stream;

import io.strata.service.model.AttributeValue;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One change as a stream reader sees it.
 *
 * @param sequenceNumber increasing per table, across all of the table's streams
 * @param label the stream (incarnation) the record belongs to
 * @param byService true for deletions made by the service itself (TTL expiry), which DynamoDB marks
 *     with {@code userIdentity} {@code dynamodb.amazonaws.com}
 * @param sizeBytes DynamoDB's {@code SizeBytes}: the size of the keys and images recorded
 */
public record StreamRecord(
    long sequenceNumber,
    String label,
    EventName eventName,
    Instant createdAt,
    Map<String, AttributeValue> keys,
    @Nullable Map<String, AttributeValue> oldImage,
    @Nullable Map<String, AttributeValue> newImage,
    boolean byService,
    long sizeBytes) {

  /** The kinds of change; persisted by ordinal: never reorder. */
  public enum EventName {
    INSERT,
    MODIFY,
    REMOVE
  }
}

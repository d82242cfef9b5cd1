package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.StreamSettings;
import io.strata.service.table.TableMetadata;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The {@code StreamSpecification} member of CreateTable and UpdateTable. */
final class StreamSpecifications {
  static final List<String> VIEW_TYPES =
      List.of("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");

  /** DynamoDB labels a stream with its creation time in this form. */
  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  record Requested(boolean enabled, @Nullable String viewType) {}

  private StreamSpecifications() {}

  static @Nullable Requested read(JsonRequest body, Constraints constraints) {
    JsonRequest member = body.structure("StreamSpecification");
    if (member == null) {
      return null;
    }
    Boolean enabled = member.bool("StreamEnabled");
    String viewType = member.string("StreamViewType");
    constraints
        .notNull("streamSpecification.streamEnabled", enabled)
        .oneOf("streamSpecification.streamViewType", viewType, VIEW_TYPES);
    return enabled == null ? null : new Requested(enabled, viewType);
  }

  /** After the constraint checks: enabling needs a view type. */
  static void validate(@Nullable Requested requested) {
    if (requested != null && requested.enabled() && requested.viewType() == null) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: StreamViewType is required when"
              + " StreamEnabled is true");
    }
  }

  /** A new stream incarnation; its records start at {@code firstSequenceNumber}. */
  static StreamSettings enable(Requested requested, Instant now, long firstSequenceNumber) {
    return new StreamSettings(
        true, requested.viewType(), LABEL.format(now), firstSequenceNumber, now, null);
  }

  /**
   * Applies an UpdateTable's StreamSpecification to {@code updated}, with DynamoDB's refusals.
   * Enabling again starts a new stream and keeps the disabled one among the earlier streams, where
   * it stays readable under its own ARN until 24 hours after it was disabled (earlier streams past
   * that are dropped here).
   */
  static void update(
      TableMetadata.Builder updated,
      TableMetadata table,
      Requested requested,
      Instant now,
      long nextSequenceNumber) {
    StreamSettings current = table.stream();
    if (!requested.enabled()) {
      if (current == null || !current.enabled()) {
        throw DynamoException.validation(
            ValidationMessages.NO_STREAM_TO_DISABLE.formatted(table.name()));
      }
      updated.stream(
          new StreamSettings(
              false,
              current.viewType(),
              current.label(),
              current.firstSequenceNumber(),
              current.createdAt(),
              now));
      return;
    }
    if (current == null) {
      updated.stream(enable(requested, now, nextSequenceNumber));
      return;
    }
    if (current.enabled()) {
      throw DynamoException.validation(
          ValidationMessages.STREAM_ALREADY_ENABLED.formatted(table.name()));
    }
    List<StreamSettings> earlier = new ArrayList<>();
    for (StreamSettings stream : table.streams()) {
      if (!StreamArns.isExpired(stream, now)) {
        earlier.add(stream);
      }
    }
    // Labels name streams in ARNs and order their records (StreamLog.read), so a stream enabled in
    // the millisecond its predecessor was created in takes the next one.
    Instant createdAt = now.isAfter(current.createdAt()) ? now : current.createdAt().plusMillis(1);
    updated.stream(enable(requested, createdAt, nextSequenceNumber)).earlierStreams(earlier);
  }

  static String arn(String tableArn, String label) {
    return tableArn + "/stream/" + label;
  }
}

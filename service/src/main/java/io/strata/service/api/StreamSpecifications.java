package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.StreamSettings;
import io.strata.service.table.TableMetadata;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

  /** The settings after an UpdateTable's StreamSpecification, with DynamoDB's refusals. */
  static @Nullable StreamSettings update(
      TableMetadata table, Requested requested, Instant now, long nextSequenceNumber) {
    StreamSettings current = table.stream();
    if (requested.enabled()) {
      if (current != null && current.enabled()) {
        throw DynamoException.validation(
            "Table already has an enabled stream: TableName: " + table.name());
      }
      return enable(requested, now, nextSequenceNumber);
    }
    if (current == null || !current.enabled()) {
      throw DynamoException.validation(
          "Table already has a disabled stream: TableName: " + table.name());
    }
    return new StreamSettings(
        false,
        current.viewType(),
        current.label(),
        current.firstSequenceNumber(),
        current.createdAt(),
        now);
  }

  static String arn(String tableArn, String label) {
    return tableArn + "/stream/" + label;
  }
}

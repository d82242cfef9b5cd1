package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.stream.StreamLog;
import io.strata.service.table.StreamSettings;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stream ARNs ({@code arn:aws:dynamodb:<region>:<tenant>:table/<name>/stream/<label>}) and the one
 * shard each stream has. A stream is found only through one of the caller's own tables, and only
 * while it is the table's current stream or was disabled less than 24 hours ago.
 */
final class StreamArns {
  private static final Pattern STREAM_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:dynamodb:[a-z0-9-]*:(\\d{12}):table/([a-zA-Z0-9_.-]{3,255})/stream/(.+)");

  /** A stream the caller may read. */
  record Stream(TableMetadata table, StreamSettings settings) {
    String shardId() {
      return "shardId-"
          + String.format("%020d", settings.createdAt().toEpochMilli())
          + "-"
          + HexFormat.of().toHexDigits((int) (table.tableId() * 31 + settings.label().hashCode()));
    }
  }

  private StreamArns() {}

  static Stream resolve(
      TableCatalog catalog, RequestContext context, String arn, String operation, Instant now) {
    Matcher matcher = STREAM_ARN.matcher(arn);
    if (!matcher.matches()) {
      throw DynamoException.validation("Invalid StreamArn");
    }
    if (!matcher.group(1).equals(context.tenantId())) {
      throw Tables.accessDenied(context, operation, arn);
    }
    TableMetadata table = catalog.find(context.table(matcher.group(2))).orElse(null);
    StreamSettings settings = table == null ? null : table.stream();
    if (settings == null
        || !settings.label().equals(matcher.group(3))
        || isExpired(settings, now)) {
      throw DynamoException.resourceNotFound(
          "Requested resource not found: Stream: " + arn + " not found");
    }
    return new Stream(table, settings);
  }

  static boolean isExpired(StreamSettings settings, Instant now) {
    return settings.disabledAt() != null
        && now.isAfter(settings.disabledAt().plus(StreamLog.RETENTION));
  }

  static String sequenceNumber(long sequence) {
    return String.format("%021d", sequence);
  }

  static long parseSequenceNumber(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw DynamoException.validation("Invalid SequenceNumber: " + text);
    }
  }
}

package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.stream.StreamLog;
import io.strata.service.table.StreamSettings;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Stream ARNs ({@code arn:aws:dynamodb:<region>:<tenant>:table/<name>/stream/<label>}) and the one
 * shard each stream has. A stream is found only through one of the caller's own tables, and only
 * while it is the table's current stream or was disabled less than 24 hours ago: a stream that a
 * later enable replaced stays readable under its own ARN until then, as in DynamoDB.
 */
final class StreamArns {
  private static final Pattern STREAM_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:dynamodb:[a-z0-9-]*:(\\d{12}):table/([a-zA-Z0-9_.-]{3,255})/stream/(.+)");

  /**
   * A stream the caller may read, and the stream enabled after it (null for the table's current
   * stream): one stream's records end where its successor's begin.
   */
  record Stream(TableMetadata table, StreamSettings settings, @Nullable StreamSettings successor) {
    String shardId() {
      return "shardId-"
          + String.format("%020d", settings.createdAt().toEpochMilli())
          + "-"
          + HexFormat.of().toHexDigits((int) (table.tableId() * 31 + settings.label().hashCode()));
    }

    /**
     * The closed shard's EndingSequenceNumber, given the table's last sequence number: the last
     * record before the successor's first, or the table's last record for the current stream.
     */
    long endingSequenceNumber(long tableLastSequenceNumber) {
      long last = successor == null ? tableLastSequenceNumber : successor.firstSequenceNumber() - 1;
      return Math.max(last, settings.firstSequenceNumber());
    }
  }

  private StreamArns() {}

  static boolean isWellFormed(String arn) {
    return STREAM_ARN.matcher(arn).matches();
  }

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
    Stream stream = table == null ? null : find(table, matcher.group(3), now);
    if (stream == null) {
      throw DynamoException.resourceNotFound(
          "Requested resource not found: Stream: " + arn + " not found");
    }
    return stream;
  }

  /** The table's stream of this label, unless it expired; null when there is none. */
  static @Nullable Stream find(TableMetadata table, String label, Instant now) {
    List<StreamSettings> streams = table.streams();
    for (int i = 0; i < streams.size(); i++) {
      StreamSettings settings = streams.get(i);
      if (settings.label().equals(label) && !isExpired(settings, now)) {
        return new Stream(table, settings, i + 1 < streams.size() ? streams.get(i + 1) : null);
      }
    }
    return null;
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

package io.strata.service.stream;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in a stream, handed to clients as an opaque token. It names the tenant, the table
 * incarnation and the stream it belongs to, so a token is useless to anybody else and to a later
 * stream; and it expires fifteen minutes after it is issued, as DynamoDB's do.
 *
 * <pre>
 *   token = base64url("1|" tenantId "|" tableId "|" label "|" next sequence number "|" issued millis)
 * </pre>
 */
public record ShardIterator(
    String tenantId, long tableId, String label, long nextSequenceNumber, Instant issuedAt) {
  public static final Duration LIFETIME = Duration.ofMinutes(15);

  public String token() {
    String text =
        "1|"
            + tenantId
            + "|"
            + tableId
            + "|"
            + label
            + "|"
            + nextSequenceNumber
            + "|"
            + issuedAt.toEpochMilli();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a token; anything malformed is DynamoDB's "Invalid ShardIterator" validation error. */
  public static ShardIterator parse(String token) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
      if (parts.length != 6 || !parts[0].equals("1")) {
        throw invalid();
      }
      return new ShardIterator(
          parts[1],
          Long.parseLong(parts[2]),
          parts[3],
          Long.parseLong(parts[4]),
          Instant.ofEpochMilli(Long.parseLong(parts[5])));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  public ShardIterator at(long sequenceNumber, Instant now) {
    return new ShardIterator(tenantId, tableId, label, sequenceNumber, now);
  }

  public void requireFresh(Instant now) {
    if (now.isAfter(issuedAt.plus(LIFETIME))) {
      throw new DynamoException(
          ErrorCode.EXPIRED_ITERATOR,
          "Iterator expired. The iterator was created at time "
              + issuedAt
              + " while right now it is "
              + now
              + ".");
    }
  }

  private static DynamoException invalid() {
    return DynamoException.validation("Invalid ShardIterator");
  }
}

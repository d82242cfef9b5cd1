package io.strata.service.stream;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.storage.UnreadableValueException;
import io.strata.service.tenant.KeyOwner;
import io.strata.service.tenant.ValueSealer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in a stream, handed to clients as an opaque token. It names the tenant, the table
 * incarnation and the stream it belongs to, so a token is useless to anybody else and to a later
 * stream; and it expires fifteen minutes after it is issued, as DynamoDB's do.
 *
 * <p>Tokens are sealed (AES-GCM) with the tenant's data key, like its items, with the tenant id as
 * associated data: a client can neither read nor alter one, so the issue time that bounds its life
 * cannot be forged, and another tenant's token does not open at all. Data keys are persistent and
 * kept after rotation, so tokens survive restarts and key rotations until they expire; deleting the
 * tenant destroys them with its keys. A token that does not open is DynamoDB's "Invalid
 * ShardIterator".
 *
 * <pre>
 *   token          = base64url( version 0x02 | sealed(payload) )
 *   payload        = tableId (8) | next sequence number (8) | issued epoch millis (8) | label (UTF-8)
 *   associated data = "shard-iterator|" tenantId
 * </pre>
 *
 * Version 1 tokens (plain text, issued before tokens were sealed) are refused.
 */
public record ShardIterator(
    String tenantId, long tableId, String label, long nextSequenceNumber, Instant issuedAt) {
  public static final Duration LIFETIME = Duration.ofMinutes(15);

  private static final byte VERSION = 2;
  private static final int FIXED_BYTES = 3 * Long.BYTES;

  public String token(ValueSealer sealer) {
    byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
    byte[] payload =
        ByteBuffer.allocate(FIXED_BYTES + labelBytes.length)
            .putLong(tableId)
            .putLong(nextSequenceNumber)
            .putLong(issuedAt.toEpochMilli())
            .put(labelBytes)
            .array();
    byte[] sealed = sealer.seal(KeyOwner.tenant(tenantId), payload, associatedData(tenantId));
    byte[] token = new byte[1 + sealed.length];
    token[0] = VERSION;
    System.arraycopy(sealed, 0, token, 1, sealed.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  /**
   * Opens a token presented by {@code tenantId}; anything malformed, forged or issued to another
   * tenant is DynamoDB's "Invalid ShardIterator" validation error.
   */
  public static ShardIterator open(String token, String tenantId, ValueSealer sealer) {
    byte[] payload;
    try {
      byte[] decoded = Base64.getUrlDecoder().decode(token);
      if (decoded.length < 2 || decoded[0] != VERSION) {
        throw invalid();
      }
      byte[] sealed = new byte[decoded.length - 1];
      System.arraycopy(decoded, 1, sealed, 0, sealed.length);
      payload = sealer.open(tenantId, sealed, associatedData(tenantId));
    } catch (IllegalArgumentException | UnreadableValueException e) {
      throw invalid();
    }
    // Only a payload sealed by token() opens, so it has the fields token() wrote.
    ByteBuffer buffer = ByteBuffer.wrap(payload);
    long tableId = buffer.getLong();
    long nextSequenceNumber = buffer.getLong();
    Instant issuedAt = Instant.ofEpochMilli(buffer.getLong());
    byte[] label = new byte[buffer.remaining()];
    buffer.get(label);
    return new ShardIterator(
        tenantId, tableId, new String(label, StandardCharsets.UTF_8), nextSequenceNumber, issuedAt);
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

  private static byte[] associatedData(String tenantId) {
    return ("shard-iterator|" + tenantId).getBytes(StandardCharsets.UTF_8);
  }

  private static DynamoException invalid() {
    return DynamoException.validation("Invalid ShardIterator");
  }
}

package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.storage.StorageException;
import io.strata.service.storage.UnreadableValueException;
import io.strata.service.writer.Replicator;
import io.strata.service.writer.WriterRefusal;
import org.jspecify.annotations.Nullable;

/**
 * What the lower layers' typed failures mean on the wire: the one place where a writer refusal or a
 * storage fault becomes a DynamoDB error, so that neither the writer nor the store carries protocol
 * text.
 */
public final class Failures {
  private Failures() {}

  /**
   * The DynamoDB error for {@code failure}, or null when it is unexpected (an internal error the
   * caller logs with its cause).
   */
  public static @Nullable DynamoException asDynamo(Throwable failure) {
    if (failure instanceof DynamoException dynamo) {
      return dynamo;
    }
    if (failure instanceof WriterRefusal refusal) {
      return switch (refusal.reason()) {
        // DynamoDB's first sentence; the rest names the server's limit (not one of the tenant's).
        case QUEUE_FULL ->
            new DynamoException(
                ErrorCode.REQUEST_LIMIT_EXCEEDED,
                "Throughput exceeds the current throughput limit for your account. The limit is the"
                    + " Strata server's write queue, shared by all tenants; retry with backoff. An"
                    + " operator raises it with STRATA_WRITER_MAX_QUEUED_OPS and"
                    + " STRATA_WRITER_MAX_QUEUED_BYTES.");
        case STOPPED ->
            new DynamoException(ErrorCode.SERVICE_UNAVAILABLE, "The storage writer has stopped");
        case NOT_REPLICATED ->
            new DynamoException(
                ErrorCode.SERVICE_UNAVAILABLE,
                "The write could not be replicated (" + refusal.getMessage() + "); retry it");
      };
    }
    if (failure instanceof Replicator.ReplicationException replication) {
      // A strongly consistent read this replica could not confirm with its group's majority.
      return new DynamoException(
          ErrorCode.SERVICE_UNAVAILABLE,
          "The strongly consistent read could not be served ("
              + replication.getMessage()
              + "); retry it");
    }
    if (failure instanceof StorageException || failure instanceof UnreadableValueException) {
      return DynamoException.internal(failure.getMessage(), failure);
    }
    return null;
  }
}

package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.stream.ShardIterator;
import io.strata.service.stream.StreamReader;
import io.strata.service.table.TableCatalog;
import io.strata.service.tenant.ValueSealer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * GetShardIterator: a position in the stream's shard, by TRIM_HORIZON (oldest retained record),
 * LATEST (just after the newest), AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER.
 */
public final class GetShardIterator implements Operation<GetShardIterator.Request> {
  private static final List<String> TYPES =
      List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER");

  record Request(String streamArn, String shardId, String type, @Nullable Long sequenceNumber) {}

  private final TableCatalog catalog;
  private final StreamReader streams;
  private final Clock clock;
  private final ValueSealer sealer;

  public GetShardIterator(
      TableCatalog catalog, StreamReader streams, Clock clock, ValueSealer sealer) {
    this.catalog = catalog;
    this.streams = streams;
    this.clock = clock;
    this.sealer = sealer;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String arn = body.string("StreamArn");
    String shardId = body.string("ShardId");
    String type = body.string("ShardIteratorType");
    String sequence = body.string("SequenceNumber");
    new Constraints()
        .notNull("streamArn", arn)
        .minLength("streamArn", arn, 37)
        .maxLength("streamArn", arn, 1024)
        .notNull("shardId", shardId)
        .minLength("shardId", shardId, 28)
        .maxLength("shardId", shardId, 65)
        .notNull("shardIteratorType", type)
        .oneOf("shardIteratorType", type, TYPES)
        .check();
    boolean needsSequence = type.endsWith("_SEQUENCE_NUMBER");
    if (needsSequence && sequence == null) {
      throw DynamoException.validation(
          "Must specify SequenceNumber with ShardIteratorType " + type);
    }
    if (!needsSequence && sequence != null) {
      throw DynamoException.validation(
          "Cannot specify SequenceNumber with ShardIteratorType " + type);
    }
    return new Request(
        arn, shardId, type, sequence == null ? null : StreamArns.parseSequenceNumber(sequence));
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    Instant now = clock.instant();
    StreamArns.Stream stream =
        StreamArns.resolve(catalog, context, request.streamArn(), "GetShardIterator", now);
    if (!stream.shardId().equals(request.shardId())) {
      throw DynamoException.resourceNotFound("Requested resource not found: Shard does not exist");
    }
    long first = stream.settings().firstSequenceNumber();
    Future<Long> position =
        switch (request.type()) {
          case "TRIM_HORIZON" -> Future.succeededFuture(first);
          case "LATEST" ->
              streams.lastSequenceNumber(stream.table()).map(last -> Math.max(first, last + 1));
          case "AT_SEQUENCE_NUMBER" ->
              Future.succeededFuture(Math.max(first, request.sequenceNumber()));
          default -> Future.succeededFuture(Math.max(first, request.sequenceNumber() + 1));
        };
    return position.map(
        next -> {
          String token =
              new ShardIterator(
                      context.tenantId(),
                      stream.table().tableId(),
                      stream.settings().label(),
                      next,
                      now)
                  .token(sealer);
          return json -> {
            json.writeStartObject();
            json.writeStringField("ShardIterator", token);
            json.writeEndObject();
          };
        });
  }
}

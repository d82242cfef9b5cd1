package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.stream.StreamReader;
import io.strata.service.table.StreamSettings;
import io.strata.service.table.TableCatalog;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * DescribeStream: status, view type, key schema and the stream's shards. A stream has one shard,
 * which never splits, so {@code ShardFilter} {@code CHILD_SHARDS} of that shard lists no shards.
 *
 * <p>ShardFilter is checked as Alternator's tests (run against AWS) show DynamoDB checks it: a Type
 * other than CHILD_SHARDS, a ShardId of the wrong length (the message names {@code
 * shardFilter.shardId}), and a filter without a Type or without a ShardId are each a
 * ValidationException; the texts are the validation framework's constraint messages. A ShardId of
 * the right shape that is not one of the stream's shards is ResourceNotFoundException, as for
 * GetShardIterator.
 */
public final class DescribeStream implements Operation<DescribeStream.Request> {
  private static final List<String> SHARD_FILTER_TYPES = List.of("CHILD_SHARDS");

  /**
   * @param childrenOf the shard whose children are asked for (ShardFilter CHILD_SHARDS), or null
   */
  record Request(
      String streamArn, @Nullable String exclusiveStartShardId, @Nullable String childrenOf) {}

  private final TableCatalog catalog;
  private final StreamReader streams;
  private final Clock clock;

  public DescribeStream(TableCatalog catalog, StreamReader streams, Clock clock) {
    this.catalog = catalog;
    this.streams = streams;
    this.clock = clock;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String arn = body.string("StreamArn");
    Long limit = body.integer("Limit");
    String exclusiveStartShardId = body.string("ExclusiveStartShardId");
    JsonRequest filter = body.structure("ShardFilter");
    String filterType = filter == null ? null : filter.string("Type");
    String filterShardId = filter == null ? null : filter.string("ShardId");
    Constraints constraints =
        new Constraints()
            .notNull("streamArn", arn)
            .minLength("streamArn", arn, 37)
            .maxLength("streamArn", arn, 1024)
            .min("limit", limit, 1)
            .max("limit", limit, 100)
            .minLength("exclusiveStartShardId", exclusiveStartShardId, 28)
            .maxLength("exclusiveStartShardId", exclusiveStartShardId, 65);
    if (filter != null) {
      constraints
          .notNull("shardFilter.shardId", filterShardId)
          .minLength("shardFilter.shardId", filterShardId, 28)
          .maxLength("shardFilter.shardId", filterShardId, 65)
          .notNull("shardFilter.type", filterType)
          .oneOf("shardFilter.type", filterType, SHARD_FILTER_TYPES);
    }
    constraints.check();
    return new Request(arn, exclusiveStartShardId, filterShardId);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    StreamArns.Stream stream =
        StreamArns.resolve(
            catalog, context, request.streamArn(), "DescribeStream", clock.instant());
    StreamSettings settings = stream.settings();
    if (request.childrenOf() != null && !request.childrenOf().equals(stream.shardId())) {
      throw DynamoException.resourceNotFound("Requested resource not found: Shard does not exist");
    }
    boolean listShard =
        request.childrenOf() == null
            && (request.exclusiveStartShardId() == null
                || request.exclusiveStartShardId().compareTo(stream.shardId()) < 0);
    return streams
        .lastSequenceNumber(stream.table())
        .map(
            last ->
                json -> {
                  json.writeStartObject();
                  json.writeObjectFieldStart("StreamDescription");
                  json.writeStringField("StreamArn", request.streamArn());
                  json.writeStringField("StreamLabel", settings.label());
                  json.writeStringField(
                      "StreamStatus", settings.enabled() ? "ENABLED" : "DISABLED");
                  json.writeStringField("StreamViewType", settings.viewType());
                  json.writeFieldName("CreationRequestDateTime");
                  TableDescriptions.writeEpochSeconds(json, settings.createdAt());
                  json.writeStringField("TableName", stream.table().name());
                  json.writeFieldName("KeySchema");
                  TableDescriptions.writeKeySchema(json, stream.table().keySchema());
                  json.writeArrayFieldStart("Shards");
                  if (listShard) {
                    json.writeStartObject();
                    json.writeStringField("ShardId", stream.shardId());
                    json.writeObjectFieldStart("SequenceNumberRange");
                    json.writeStringField(
                        "StartingSequenceNumber",
                        StreamArns.sequenceNumber(settings.firstSequenceNumber()));
                    if (!settings.enabled()) {
                      json.writeStringField(
                          "EndingSequenceNumber",
                          StreamArns.sequenceNumber(stream.endingSequenceNumber(last)));
                    }
                    json.writeEndObject();
                    json.writeEndObject();
                  }
                  json.writeEndArray();
                  json.writeEndObject();
                  json.writeEndObject();
                });
  }
}

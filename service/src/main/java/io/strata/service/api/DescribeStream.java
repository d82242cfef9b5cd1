package io.strata.service.api;

import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.stream.StreamReader;
import io.strata.service.table.StreamSettings;
import io.strata.service.table.TableCatalog;
import io.vertx.core.Future;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/** DescribeStream: status, view type, key schema and the stream's single shard. */
public final class DescribeStream implements Operation<DescribeStream.Request> {
  record Request(String streamArn, @Nullable String exclusiveStartShardId) {}

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
    new Constraints()
        .notNull("streamArn", arn)
        .minLength("streamArn", arn, 37)
        .maxLength("streamArn", arn, 1024)
        .min("limit", limit, 1)
        .max("limit", limit, 100)
        .check();
    return new Request(arn, body.string("ExclusiveStartShardId"));
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    StreamArns.Stream stream =
        StreamArns.resolve(
            catalog, context, request.streamArn(), "DescribeStream", clock.instant());
    StreamSettings settings = stream.settings();
    boolean listShard =
        request.exclusiveStartShardId() == null
            || request.exclusiveStartShardId().compareTo(stream.shardId()) < 0;
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
                          StreamArns.sequenceNumber(
                              Math.max(last, settings.firstSequenceNumber())));
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

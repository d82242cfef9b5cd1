package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.error.DynamoException;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.stream.ShardIterator;
import io.strata.service.stream.StreamReader;
import io.strata.service.stream.StreamRecord;
import io.strata.service.table.StreamSettings;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.ValueSealer;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * GetRecords: up to 1000 records from a shard iterator's position, and the iterator to continue
 * from. A disabled stream's shard is closed: once it is read to its end, no next iterator is given.
 * Iterators of a stream that a later enable replaced read its own records until it expires.
 */
public final class GetRecords implements Operation<GetRecords.Request> {
  record Request(ShardIterator iterator, int limit) {}

  private final TableCatalog catalog;
  private final StreamReader streams;
  private final Clock clock;
  private final ValueSealer sealer;

  public GetRecords(TableCatalog catalog, StreamReader streams, Clock clock, ValueSealer sealer) {
    this.catalog = catalog;
    this.streams = streams;
    this.clock = clock;
    this.sealer = sealer;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String token = body.string("ShardIterator");
    Long limit = body.integer("Limit");
    new Constraints()
        .notNull("shardIterator", token)
        .minLength("shardIterator", token, 1)
        .maxLength("shardIterator", token, 2048)
        .min("limit", limit, 1)
        .max("limit", limit, 1000)
        .check();
    return new Request(
        ShardIterator.open(token, context.tenantId(), sealer),
        limit == null ? 1000 : limit.intValue());
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    Instant now = clock.instant();
    ShardIterator iterator = request.iterator();
    iterator.requireFresh(now);
    StreamArns.Stream stream = stream(iterator, context, now);
    TableMetadata table = Tables.requireReadable(stream.table());
    StreamSettings settings = stream.settings();
    return streams
        .read(table, iterator.label(), iterator.nextSequenceNumber(), request.limit())
        .map(
            records -> {
              long next =
                  records.isEmpty()
                      ? iterator.nextSequenceNumber()
                      : records.get(records.size() - 1).sequenceNumber() + 1;
              boolean closedAndDrained = !settings.enabled() && records.isEmpty();
              String nextToken = closedAndDrained ? null : iterator.at(next, now).token(sealer);
              return json -> {
                json.writeStartObject();
                json.writeArrayFieldStart("Records");
                for (StreamRecord record : records) {
                  write(json, record, settings.viewType(), context, table);
                }
                json.writeEndArray();
                if (nextToken != null) {
                  json.writeStringField("NextShardIterator", nextToken);
                }
                json.writeEndObject();
              };
            });
  }

  /** The stream the iterator reads: a current or earlier stream of the caller's table. */
  private StreamArns.Stream stream(ShardIterator iterator, RequestContext context, Instant now) {
    return catalog.list(context.tenantId()).stream()
        .filter(table -> table.tableId() == iterator.tableId())
        .map(table -> StreamArns.find(table, iterator.label(), now))
        .filter(Objects::nonNull)
        .findFirst()
        .orElseThrow(
            () ->
                DynamoException.resourceNotFound("Requested resource not found: Stream not found"));
  }

  private static void write(
      JsonGenerator json,
      StreamRecord record,
      String viewType,
      RequestContext context,
      TableMetadata table)
      throws IOException {
    json.writeStartObject();
    json.writeStringField(
        "eventID",
        UUID.nameUUIDFromBytes(
                (table.tableId() + "/" + record.sequenceNumber()).getBytes(StandardCharsets.UTF_8))
            .toString());
    json.writeStringField("eventName", record.eventName().name());
    json.writeStringField("eventVersion", "1.1");
    json.writeStringField("eventSource", "aws:dynamodb");
    json.writeStringField("awsRegion", context.region());
    json.writeObjectFieldStart("dynamodb");
    json.writeNumberField("ApproximateCreationDateTime", record.createdAt().getEpochSecond());
    json.writeFieldName("Keys");
    AttributeValueJson.writeMap(json, record.keys());
    if (record.newImage() != null) {
      json.writeFieldName("NewImage");
      AttributeValueJson.writeMap(json, record.newImage());
    }
    if (record.oldImage() != null) {
      json.writeFieldName("OldImage");
      AttributeValueJson.writeMap(json, record.oldImage());
    }
    json.writeStringField("SequenceNumber", StreamArns.sequenceNumber(record.sequenceNumber()));
    json.writeNumberField("SizeBytes", record.sizeBytes());
    json.writeStringField("StreamViewType", viewType);
    json.writeEndObject();
    if (record.byService()) {
      json.writeObjectFieldStart("userIdentity");
      json.writeStringField("PrincipalId", "dynamodb.amazonaws.com");
      json.writeStringField("Type", "Service");
      json.writeEndObject();
    }
    json.writeEndObject();
  }
}

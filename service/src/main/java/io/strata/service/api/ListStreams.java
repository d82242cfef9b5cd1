package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.StreamSettings;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ListStreams (DynamoDB Streams API): the caller's streams, optionally of one table, in ARN order
 * and paged by ARN. A table lists its current stream and the earlier ones still readable (disabled
 * less than 24 hours ago), each under its own ARN.
 */
public final class ListStreams implements Operation<ListStreams.Request> {
  record Request(@Nullable String tableName, int limit, @Nullable String exclusiveStartStreamArn) {}

  private final TableCatalog catalog;
  private final Clock clock;

  public ListStreams(TableCatalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String tableName = body.string("TableName");
    Long limit = body.integer("Limit");
    String start = body.string("ExclusiveStartStreamArn");
    Constraints constraints = new Constraints().min("limit", limit, 1).max("limit", limit, 100);
    if (tableName != null) {
      constraints.tableName("tableName", tableName, 255);
    }
    constraints
        .minLength("exclusiveStartStreamArn", start, 37)
        .maxLength("exclusiveStartStreamArn", start, 1024);
    constraints.check();
    if (start != null && !StreamArns.isWellFormed(start)) {
      throw DynamoException.validation(ValidationMessages.INVALID_EXCLUSIVE_START_STREAM_ARN);
    }
    return new Request(tableName, limit == null ? 100 : limit.intValue(), start);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    Instant now = clock.instant();
    List<String[]> streams =
        catalog.list(context.tenantId()).stream()
            .filter(
                table -> request.tableName() == null || table.name().equals(request.tableName()))
            .flatMap(
                table ->
                    table.streams().stream()
                        .filter(stream -> !StreamArns.isExpired(stream, now))
                        .map(stream -> describe(table, stream, context)))
            .filter(
                stream ->
                    request.exclusiveStartStreamArn() == null
                        || stream[0].compareTo(request.exclusiveStartStreamArn()) > 0)
            .sorted(Comparator.comparing((String[] stream) -> stream[0]))
            .toList();
    List<String[]> page = streams.subList(0, Math.min(request.limit(), streams.size()));
    boolean more = streams.size() > page.size();
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("Streams");
          for (String[] stream : page) {
            json.writeStartObject();
            json.writeStringField("StreamArn", stream[0]);
            json.writeStringField("TableName", stream[1]);
            json.writeStringField("StreamLabel", stream[2]);
            json.writeEndObject();
          }
          json.writeEndArray();
          if (more) {
            json.writeStringField("LastEvaluatedStreamArn", page.get(page.size() - 1)[0]);
          }
          json.writeEndObject();
        });
  }

  private static String[] describe(
      TableMetadata table, StreamSettings stream, RequestContext context) {
    return new String[] {
      StreamSpecifications.arn(context.tableArn(table.name()), stream.label()),
      table.name(),
      stream.label()
    };
  }
}

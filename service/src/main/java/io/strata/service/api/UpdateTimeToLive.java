package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TimeToLive;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * UpdateTimeToLive: enables TTL on an attribute (existing items are indexed in the background) or
 * disables it, with DynamoDB's refusals, including its one-change-an-hour rule.
 */
public final class UpdateTimeToLive implements Operation<UpdateTimeToLive.Request> {
  private static final Duration CHANGE_INTERVAL = Duration.ofHours(1);

  record Request(String tableName, String attributeName, boolean enabled) {}

  private final TableCatalog catalog;
  private final Writer writer;
  private final Clock clock;

  public UpdateTimeToLive(TableCatalog catalog, Writer writer, Clock clock) {
    this.catalog = catalog;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String tableName = body.string("TableName");
    JsonRequest specification = body.structure("TimeToLiveSpecification");
    String attributeName = specification == null ? null : specification.string("AttributeName");
    Boolean enabled = specification == null ? null : specification.bool("Enabled");
    Constraints constraints = new Constraints().tableNameOrArn("tableName", tableName);
    constraints.notNull("timeToLiveSpecification", specification);
    if (specification != null) {
      constraints
          .notNull("timeToLiveSpecification.attributeName", attributeName)
          .minLength("timeToLiveSpecification.attributeName", attributeName, 1)
          .maxLength("timeToLiveSpecification.attributeName", attributeName, 255)
          .notNull("timeToLiveSpecification.enabled", enabled);
    }
    constraints.check();
    return new Request(tableName, attributeName, enabled);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    TableMetadata existing =
        Tables.describe(catalog, context, request.tableName(), "UpdateTimeToLive");
    Instant now = clock.instant();
    return writer
        .submit(
            TableChanges.update(
                existing.ref(),
                table -> table.toBuilder().timeToLive(change(table, request, now)).build()))
        .map(
            table ->
                json -> {
                  json.writeStartObject();
                  json.writeObjectFieldStart("TimeToLiveSpecification");
                  json.writeBooleanField("Enabled", request.enabled());
                  json.writeStringField("AttributeName", request.attributeName());
                  json.writeEndObject();
                  json.writeEndObject();
                });
  }

  private static TimeToLive change(TableMetadata table, Request request, Instant now) {
    TimeToLive current = table.timeToLive();
    boolean enabled = current != null && current.enabled();
    if (request.enabled() && enabled) {
      throw DynamoException.validation("TimeToLive is already enabled");
    }
    if (!request.enabled() && !enabled) {
      throw DynamoException.validation("TimeToLive is already disabled");
    }
    if (!request.enabled() && !current.attributeName().equals(request.attributeName())) {
      throw DynamoException.validation(
          "TimeToLive is active on a different AttributeName: current AttributeName is "
              + current.attributeName());
    }
    if (current != null && now.isBefore(current.changedAt().plus(CHANGE_INTERVAL))) {
      throw DynamoException.validation(
          "Time to live has been modified multiple times within a fixed interval");
    }
    return new TimeToLive(request.attributeName(), request.enabled(), now, false);
  }
}

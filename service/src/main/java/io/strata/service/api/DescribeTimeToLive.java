package io.strata.service.api;

import io.strata.service.json.JsonRequest;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TimeToLive;
import io.vertx.core.Future;

/** DescribeTimeToLive: whether TTL is enabled, and on which attribute. */
public final class DescribeTimeToLive implements Operation<String> {
  private final TableCatalog catalog;

  public DescribeTimeToLive(TableCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String parse(JsonRequest body, RequestContext context) {
    return Tables.requiredName(body);
  }

  @Override
  public Future<ResponseBody> execute(String tableName, RequestContext context) {
    TableMetadata table = Tables.describe(catalog, context, tableName, "DescribeTimeToLive");
    TimeToLive ttl = table.timeToLive();
    boolean enabled = ttl != null && ttl.enabled();
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeObjectFieldStart("TimeToLiveDescription");
          json.writeStringField("TimeToLiveStatus", enabled ? "ENABLED" : "DISABLED");
          if (enabled) {
            json.writeStringField("AttributeName", ttl.attributeName());
          }
          json.writeEndObject();
          json.writeEndObject();
        });
  }
}

package io.strata.service.api;

import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.Map;

/** ListTagsOfResource: the tags of one of the caller's tables (at most 50, so one page). */
public final class ListTagsOfResource implements Operation<String> {
  private final TableCatalog catalog;

  public ListTagsOfResource(TableCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String parse(JsonRequest body, RequestContext context) {
    String resourceArn = body.string("ResourceArn");
    new Constraints().resourceArn("resourceArn", resourceArn).check();
    return resourceArn;
  }

  @Override
  public Future<ResponseBody> execute(String resourceArn, RequestContext context) {
    TableMetadata table = Tables.describeByArn(catalog, context, resourceArn, "ListTagsOfResource");
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("Tags");
          for (Map.Entry<String, String> tag : table.tags().entrySet()) {
            json.writeStartObject();
            json.writeStringField("Key", tag.getKey());
            json.writeStringField("Value", tag.getValue());
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }
}

package io.strata.service.api;

import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** UntagResource: removes tags by key from one of the caller's tables. */
public final class UntagResource implements Operation<UntagResource.Request> {
  record Request(String resourceArn, List<String> tagKeys) {}

  private final TableCatalog catalog;
  private final Writer writer;

  public UntagResource(TableCatalog catalog, Writer writer) {
    this.catalog = catalog;
    this.writer = writer;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String resourceArn = body.string("ResourceArn");
    List<String> tagKeys = body.stringList("TagKeys");
    new Constraints().resourceArn("resourceArn", resourceArn).notNull("tagKeys", tagKeys).check();
    return new Request(resourceArn, tagKeys);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    TableMetadata table =
        Tables.describeByArn(catalog, context, request.resourceArn(), "UntagResource");
    return writer
        .submit(
            TableChanges.update(
                table.ref(),
                current -> {
                  Map<String, String> remaining = new LinkedHashMap<>(current.tags());
                  request.tagKeys().forEach(remaining::remove);
                  return current.toBuilder().tags(remaining).build();
                }))
        .map(updated -> ResponseBody.NONE);
  }
}

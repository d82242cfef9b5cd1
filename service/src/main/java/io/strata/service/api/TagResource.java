package io.strata.service.api;

import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.util.List;

/** TagResource: adds or replaces tags on one of the caller's tables, named by ARN. */
public final class TagResource implements Operation<TagResource.Request> {
  record Request(String resourceArn, List<Tags.Tag> tags) {}

  private final TableCatalog catalog;
  private final Writer writer;

  public TagResource(TableCatalog catalog, Writer writer) {
    this.catalog = catalog;
    this.writer = writer;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String resourceArn = body.string("ResourceArn");
    List<Tags.Tag> tags = Tags.read(body);
    Constraints constraints =
        new Constraints().resourceArn("resourceArn", resourceArn).notNull("tags", tags);
    Tags.check(constraints, tags);
    constraints.check();
    return new Request(resourceArn, tags);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    TableMetadata table =
        Tables.describeByArn(catalog, context, request.resourceArn(), "TagResource");
    return writer
        .submit(
            TableChanges.update(
                table.ref(),
                current ->
                    current.toBuilder().tags(Tags.merge(current.tags(), request.tags())).build()))
        .map(updated -> ResponseBody.NONE);
  }
}

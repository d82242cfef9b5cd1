package io.strata.service.api;

import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** ListTables: the caller's table names in order, paged by ExclusiveStartTableName and Limit. */
public final class ListTables implements Operation<ListTables.Request> {
  private static final int MAX_LIMIT = 100;

  record Request(@Nullable String exclusiveStartTableName, int limit) {}

  private final TableCatalog catalog;

  public ListTables(TableCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String start = body.string("ExclusiveStartTableName");
    Long limit = body.integer("Limit");
    new Constraints()
        .pattern(
            "exclusiveStartTableName",
            start,
            java.util.regex.Pattern.compile(Constraints.TABLE_NAME_PATTERN))
        .minLength("exclusiveStartTableName", start, 3)
        .maxLength("exclusiveStartTableName", start, 255)
        .min("limit", limit, 1)
        .max("limit", limit, MAX_LIMIT)
        .check();
    return new Request(start, limit == null ? MAX_LIMIT : limit.intValue());
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    List<String> names =
        catalog.list(context.tenantId()).stream()
            .map(TableMetadata::name)
            .filter(
                name ->
                    request.exclusiveStartTableName() == null
                        || name.compareTo(request.exclusiveStartTableName()) > 0)
            .toList();
    List<String> page = names.subList(0, Math.min(request.limit(), names.size()));
    boolean more = names.size() > page.size();
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("TableNames");
          for (String name : page) {
            json.writeString(name);
          }
          json.writeEndArray();
          if (more) {
            json.writeStringField("LastEvaluatedTableName", page.get(page.size() - 1));
          }
          json.writeEndObject();
        });
  }
}

package io.strata.service.api;

import io.strata.billing.CapacityUnits;
import io.strata.service.cache.QueryCache;
import io.strata.service.error.DynamoException;
import io.strata.service.expr.CompiledExpressions;
import io.strata.service.expr.KeyCondition;
import io.strata.service.expr.RequestExpressions;
import io.strata.service.item.ItemStore;
import io.strata.service.item.PageLimits;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.PrimaryKey;
import io.strata.service.model.SortKeyCondition;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import org.jspecify.annotations.Nullable;

/**
 * Query: one partition's items in sort-key order, one page at a time. A page stops at Limit items
 * or 1 MB read, before the filter, and is charged on everything it read.
 */
public final class Query implements Operation<Query.Request> {
  record Request(
      TableMetadata table,
      KeyCondition keyCondition,
      PageSelection selection,
      boolean forward,
      boolean consistentRead,
      @Nullable PrimaryKey exclusiveStart,
      PageLimits limits,
      ItemParameters.Reporting reporting) {
    CapacityUnits.ReadMode readMode() {
      return CapacityUnits.ReadMode.of(consistentRead);
    }
  }

  private final TableCatalog catalog;
  private final ItemStore items;
  private final QueryCache queryCache;

  public Query(TableCatalog catalog, ItemStore items, QueryCache queryCache) {
    this.catalog = catalog;
    this.items = items;
    this.queryCache = queryCache;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    PageParameters page = PageParameters.read(body);
    TableMetadata table = Tables.forItems(catalog, context, page.tableName(), "Query");
    page.requireNoIndex(table);
    CompiledExpressions expressions =
        RequestExpressions.shared()
            .compile(RequestExpressions.Operation.QUERY, body, table.keySchema());
    KeyCondition keyCondition = expressions.keyCondition().orElseThrow();
    PageSelection selection =
        PageSelection.of(page.select(), body, expressions, page.indexName() != null);
    PrimaryKey start = ExclusiveStartKeys.read(table.keySchema(), page.exclusiveStartKey());
    if (start != null && !keyCondition.matches(page.exclusiveStartKey())) {
      throw DynamoException.validation(
          "The provided starting key does not match the range key predicate");
    }
    Boolean forward = body.bool("ScanIndexForward");
    return new Request(
        table,
        keyCondition,
        selection,
        forward == null || forward,
        page.consistentRead(),
        start,
        page.limits(),
        page.reporting());
  }

  @Override
  public void admit(Request request, Consumption consumption) {
    consumption.admit(request.table(), CapacityUnits.readHalfUnits(0, request.readMode()), 0);
  }

  /** What shapes a Query page, as the query cache's key. */
  private record PageIdentity(
      AttributeValue partition,
      @Nullable SortKeyCondition condition,
      boolean forward,
      @Nullable PrimaryKey start,
      PageLimits limits) {}

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    AttributeValue partition = request.keyCondition().partitionKeyValue();
    SortKeyCondition condition = request.keyCondition().sortKeyCondition().orElse(null);
    return PageReads.read(
        queryCache,
        context,
        request.table(),
        request.consistentRead(),
        new PageIdentity(
            partition, condition, request.forward(), request.exclusiveStart(), request.limits()),
        () ->
            items.query(
                request.table(),
                partition,
                condition,
                request.forward(),
                request.exclusiveStart(),
                request.limits()),
        request.selection(),
        request.reporting());
  }
}

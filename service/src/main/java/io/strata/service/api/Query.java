package io.strata.service.api;

import io.strata.billing.CapacityUnits;
import io.strata.service.cache.QueryCache;
import io.strata.service.error.DynamoException;
import io.strata.service.expr.CompiledCondition;
import io.strata.service.expr.CompiledExpressions;
import io.strata.service.expr.KeyCondition;
import io.strata.service.expr.RequestExpressions;
import io.strata.service.item.ItemReads;
import io.strata.service.item.PageLimits;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemPage;
import io.strata.service.model.PrimaryKey;
import io.strata.service.model.SortKeyRange;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Query: one partition's items in sort-key order, one page at a time. A page stops at Limit items
 * or 1 MB read, before the filter, and is charged on everything it read.
 */
public final class Query implements Operation<Query.Request> {
  /**
   * @param indexRead set when the request names a secondary index
   * @param exclusiveStart checked against the table's key schema, or the index's and the table's
   */
  record Request(
      TableMetadata table,
      @Nullable IndexRead indexRead,
      KeyCondition keyCondition,
      PageSelection selection,
      boolean forward,
      boolean consistentRead,
      @Nullable Map<String, AttributeValue> exclusiveStart,
      PageLimits limits,
      ItemParameters.Reporting reporting) {
    CapacityUnits.ReadMode readMode() {
      return CapacityUnits.ReadMode.of(consistentRead);
    }

    /** The same read with another filter (a PartiQL WHERE may test key attributes too). */
    Request withFilter(CompiledCondition filter) {
      return new Request(
          table,
          indexRead,
          keyCondition,
          new PageSelection(selection.select(), filter, selection.projection()),
          forward,
          consistentRead,
          exclusiveStart,
          limits,
          reporting);
    }

    /** The same read with other page limits (what is left of a PartiQL SELECT's Limit). */
    Request withLimits(PageLimits pageLimits) {
      return new Request(
          table,
          indexRead,
          keyCondition,
          selection,
          forward,
          consistentRead,
          exclusiveStart,
          pageLimits,
          reporting);
    }
  }

  private final TableCatalog catalog;
  private final ItemReads items;
  private final QueryCache queryCache;

  public Query(TableCatalog catalog, ItemReads items, QueryCache queryCache) {
    this.catalog = catalog;
    this.items = items;
    this.queryCache = queryCache;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    PageParameters page = PageParameters.read(body);
    TableMetadata table = Tables.forItems(catalog, context, page.tableName(), "Query");
    SecondaryIndex index = page.index(table);
    CompiledExpressions expressions =
        RequestExpressions.shared()
            .compile(
                RequestExpressions.Operation.QUERY,
                body,
                table.keySchema(),
                index == null ? null : index.keySchema());
    KeyCondition keyCondition = expressions.keyCondition().orElseThrow();
    PageSelection selection = PageSelection.of(page.select(), body, expressions, index != null);
    IndexRead indexRead = index == null ? null : IndexRead.of(table, index, selection);
    Map<String, AttributeValue> start =
        index == null
            ? ExclusiveStartKeys.check(table.keySchema(), page.exclusiveStartKey())
            : ExclusiveStartKeys.readForIndex(
                table.keySchema(), index.keySchema(), page.exclusiveStartKey());
    if (start != null && !keyCondition.matches(start)) {
      throw DynamoException.validation(
          "The provided starting key does not match the range key predicate");
    }
    Boolean forward = body.bool("ScanIndexForward");
    return new Request(
        table,
        indexRead,
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
      @Nullable IndexRead index,
      List<AttributeValue> partition,
      @Nullable SortKeyRange condition,
      boolean forward,
      @Nullable Map<String, AttributeValue> start,
      PageLimits limits) {}

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    return page(request, context)
        .map(page -> PageResponses.body(page, request.reporting(), context.consumption()));
  }

  /** One page of the request, metered: what {@link #execute} answers, as data. */
  Future<PageResponses.Page> page(Request request, RequestContext context) {
    TableMetadata table = request.table();
    IndexRead indexRead = request.indexRead();
    List<AttributeValue> partitionKey = request.keyCondition().partitionValues();
    SortKeyRange sortKeyCondition = request.keyCondition().sortKeyRange();
    Map<String, AttributeValue> start = request.exclusiveStart();
    Supplier<Future<ItemPage>> stored =
        () ->
            indexRead == null
                ? items.query(
                    table,
                    partitionKey.get(0),
                    sortKeyCondition,
                    request.forward(),
                    start == null ? null : PrimaryKey.of(table.keySchema(), start),
                    request.limits())
                : items.queryIndex(
                    table,
                    indexRead.index(),
                    partitionKey,
                    sortKeyCondition,
                    request.forward(),
                    start,
                    request.limits(),
                    indexRead.fetchItems());
    Supplier<Future<ItemPage>> read =
        request.consistentRead() ? () -> items.consistently(stored) : stored;
    return PageReads.readPage(
        queryCache,
        context,
        table,
        indexRead,
        request.readMode(),
        new PageIdentity(
            indexRead, partitionKey, sortKeyCondition, request.forward(), start, request.limits()),
        read,
        request.selection());
  }
}

package io.strata.service.api;

import io.strata.billing.CapacityUnits;
import io.strata.service.cache.QueryCache;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.expr.CompiledExpressions;
import io.strata.service.expr.RequestExpressions;
import io.strata.service.item.ItemReads;
import io.strata.service.item.PageLimits;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemPage;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.IndexKeyCodec;
import io.strata.service.storage.KeyCodec;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Scan: every item of a table, one page at a time; with Segment/TotalSegments, one of that many
 * disjoint parts that together cover the table, so workers can scan in parallel.
 */
public final class Scan implements Operation<Scan.Request> {
  static final long MAX_TOTAL_SEGMENTS = 1_000_000;

  /**
   * @param indexRead set when the request names a secondary index
   * @param exclusiveStart checked against the table's key schema, or the index's and the table's
   */
  record Request(
      TableMetadata table,
      @Nullable IndexRead indexRead,
      int segment,
      int totalSegments,
      PageSelection selection,
      PageParameters page,
      @Nullable Map<String, AttributeValue> exclusiveStart) {
    CapacityUnits.ReadMode readMode() {
      return CapacityUnits.ReadMode.of(page.consistentRead());
    }
  }

  private final TableCatalog catalog;
  private final ItemReads items;
  private final QueryCache queryCache;

  public Scan(TableCatalog catalog, ItemReads items, QueryCache queryCache) {
    this.catalog = catalog;
    this.items = items;
    this.queryCache = queryCache;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    Long segment = body.integer("Segment");
    Long totalSegments = body.integer("TotalSegments");
    Constraints constraints = new Constraints();
    constraints
        .min("segment", segment, 0)
        .max("segment", segment, MAX_TOTAL_SEGMENTS - 1)
        .min("totalSegments", totalSegments, 1)
        .max("totalSegments", totalSegments, MAX_TOTAL_SEGMENTS);
    PageParameters page = PageParameters.read(body, constraints);
    if (segment != null && totalSegments == null) {
      throw DynamoException.validation(ValidationMessages.TOTAL_SEGMENTS_MISSING);
    }
    if (totalSegments != null && segment == null) {
      throw DynamoException.validation(ValidationMessages.SEGMENT_MISSING);
    }
    if (segment != null && segment >= totalSegments) {
      throw DynamoException.validation(
          ValidationMessages.SEGMENT_NOT_BELOW_TOTAL.formatted(segment, totalSegments));
    }
    TableMetadata table = Tables.forItems(catalog, context, page.tableName(), "Scan");
    SecondaryIndex index = page.index(table);
    CompiledExpressions expressions =
        RequestExpressions.shared()
            .compile(
                RequestExpressions.Operation.SCAN,
                body,
                table.keySchema(),
                index == null ? null : index.keySchema());
    PageSelection selection = PageSelection.of(page.select(), body, expressions, index != null);
    Map<String, AttributeValue> start =
        index == null
            ? ExclusiveStartKeys.check(table.keySchema(), page.exclusiveStartKey())
            : ExclusiveStartKeys.readForIndex(
                table.keySchema(), index.keySchema(), page.exclusiveStartKey());
    int segmentNumber = segment == null ? 0 : segment.intValue();
    int segmentCount = totalSegments == null ? 1 : totalSegments.intValue();
    if (start != null && !isInSegment(table, index, start, segmentNumber, segmentCount)) {
      throw DynamoException.validation(ValidationMessages.START_KEY_OUTSIDE_SEGMENT);
    }
    return new Request(
        table,
        index == null ? null : IndexRead.of(table, index, selection),
        segmentNumber,
        segmentCount,
        selection,
        page,
        start);
  }

  /** Whether the start key's partition is one this segment scans. */
  private static boolean isInSegment(
      TableMetadata table,
      @Nullable SecondaryIndex index,
      Map<String, AttributeValue> start,
      int segment,
      int totalSegments) {
    byte[] partition =
        index == null
            ? KeyCodec.partitionPrefix(
                table.tableId(), PrimaryKey.of(table.keySchema(), start).partition())
            : IndexKeyCodec.partitionPrefix(
                index.indexId(), index.keySchema().partitionValues(start));
    return KeyCodec.isInSegment(partition, segment, totalSegments);
  }

  @Override
  public void admit(Request request, Consumption consumption) {
    consumption.admit(request.table(), CapacityUnits.readHalfUnits(0, request.readMode()), 0);
  }

  /** What shapes a Scan page, as the query cache's key. */
  private record PageIdentity(
      @Nullable IndexRead index,
      int segment,
      int totalSegments,
      @Nullable Map<String, AttributeValue> start,
      PageLimits limits) {}

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    return page(request, context)
        .map(page -> PageResponses.body(page, request.page().reporting(), context.consumption()));
  }

  /** One page of the request, metered: what {@link #execute} answers, as data. */
  Future<PageResponses.Page> page(Request request, RequestContext context) {
    TableMetadata table = request.table();
    IndexRead indexRead = request.indexRead();
    Map<String, AttributeValue> start = request.exclusiveStart();
    PageLimits limits = request.page().limits();
    Supplier<Future<ItemPage>> stored =
        () ->
            indexRead == null
                ? items.scan(
                    table,
                    request.segment(),
                    request.totalSegments(),
                    start == null ? null : PrimaryKey.of(table.keySchema(), start),
                    limits)
                : items.scanIndex(
                    table,
                    indexRead.index(),
                    request.segment(),
                    request.totalSegments(),
                    start,
                    limits,
                    indexRead.fetchItems());
    Supplier<Future<ItemPage>> read =
        request.page().consistentRead() ? () -> items.consistently(stored) : stored;
    return PageReads.readPage(
        queryCache,
        context,
        table,
        indexRead,
        request.readMode(),
        new PageIdentity(indexRead, request.segment(), request.totalSegments(), start, limits),
        read,
        request.selection());
  }
}

package io.strata.service.api;

import io.strata.billing.CapacityUnits;
import io.strata.service.cache.QueryCache;
import io.strata.service.item.ItemPage;
import io.strata.service.metering.Consumption;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * One Query or Scan page from storage or, for eventually consistent reads, from the query cache;
 * metered (a cache hit costs no capacity, as with DAX) and turned into the response.
 */
final class PageReads {
  private PageReads() {}

  /**
   * @param identity everything that shapes the page read (its cache key within the table)
   */
  static Future<ResponseBody> read(
      QueryCache cache,
      RequestContext context,
      TableMetadata table,
      boolean consistentRead,
      Object identity,
      Supplier<Future<ItemPage>> read,
      PageSelection selection,
      ItemParameters.Reporting reporting) {
    Consumption consumption = context.consumption();
    Future<QueryCache.Result> result =
        consistentRead
            ? read.get().map(page -> new QueryCache.Result(page, false))
            : cache.read(table.tenantId(), new QueryCache.PageKey(table.tableId(), identity), read);
    return result.map(
        found -> {
          if (found.hit()) {
            consumption.cacheHit(table);
            consumption.read(table, 0);
          } else {
            if (!consistentRead) {
              consumption.cacheMiss(table);
            }
            consumption.read(
                table,
                CapacityUnits.pageReadHalfUnits(
                    found.page().bytesRead(), CapacityUnits.ReadMode.of(consistentRead)));
          }
          return PageResponses.of(
              found.page(), selection, table.keySchema(), reporting, consumption);
        });
  }
}

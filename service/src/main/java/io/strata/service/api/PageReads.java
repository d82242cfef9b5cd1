package io.strata.service.api;

import io.strata.billing.CapacityUnits;
import io.strata.service.cache.QueryCache;
import io.strata.service.item.ItemPage;
import io.strata.service.metering.Consumption;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One Query or Scan page from storage or, for eventually consistent reads, from the query cache;
 * metered (a cache hit costs no capacity, as with DAX) and filtered and projected.
 */
final class PageReads {
  private PageReads() {}

  /**
   * Reads one page and meters it; the page comes back as data, for Query and Scan to answer and for
   * PartiQL's SELECT to combine.
   *
   * @param indexRead how a secondary index is read; null for the table itself
   * @param identity everything that shapes the page read (its cache key within the table)
   */
  static Future<PageResponses.Page> readPage(
      QueryCache cache,
      RequestContext context,
      TableMetadata table,
      @Nullable IndexRead indexRead,
      CapacityUnits.ReadMode readMode,
      Object identity,
      Supplier<Future<ItemPage>> read,
      PageSelection selection) {
    Consumption consumption = context.consumption();
    boolean eventuallyConsistent = readMode == CapacityUnits.ReadMode.EVENTUALLY_CONSISTENT;
    Future<QueryCache.Result> result =
        eventuallyConsistent
            ? cache.read(table.tenantId(), new QueryCache.PageKey(table.tableId(), identity), read)
            : read.get().map(page -> new QueryCache.Result(page, false));
    return result.map(
        found -> {
          if (!found.hit()) {
            if (eventuallyConsistent) {
              consumption.cacheMiss(table);
            }
            PageResponses.charge(found.page(), table, indexRead, readMode, consumption);
          } else {
            consumption.cacheHit(table);
            consumption.read(table, 0);
          }
          return PageResponses.select(
              found.page(),
              selection,
              table.keySchema(),
              indexRead == null ? null : indexRead.index().keySchema());
        });
  }
}

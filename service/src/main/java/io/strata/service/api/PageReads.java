package io.strata.service.api;

import io.strata.billing.CapacityUnits;
import io.strata.service.cache.QueryCache;
import io.strata.service.metering.Consumption;
import io.strata.service.model.ItemPage;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One Query or Scan page from storage or, for eventually consistent reads, from the query cache;
 * metered and filtered and projected. A page from the cache is charged exactly as the same page
 * read from storage (what DynamoDB would report); whether the tenant is billed for it is up to its
 * billing settings.
 */
final class PageReads {
  private PageReads() {}

  /** A page, and whether the query cache had it. */
  private record Found(ItemPage page, boolean hit) {}

  private static Future<Found> throughCache(
      QueryCache cache, String tenantId, QueryCache.PageKey key, Supplier<Future<ItemPage>> read) {
    ItemPage cached = cache.lookup(tenantId, key);
    if (cached != null) {
      return Future.succeededFuture(new Found(cached, true));
    }
    QueryCache.PendingRead pending = cache.startRead(tenantId, key);
    return read.get()
        .map(
            page -> {
              cache.offer(pending, page);
              return new Found(page, false);
            });
  }

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
    Future<Found> result =
        eventuallyConsistent
            ? throughCache(
                cache, table.tenantId(), new QueryCache.PageKey(table.tableId(), identity), read)
            : read.get().map(page -> new Found(page, false));
    return result.map(
        found -> {
          long halfUnits =
              PageResponses.charge(found.page(), table, indexRead, readMode, consumption);
          if (found.hit()) {
            consumption.cacheHit(table, halfUnits);
          } else if (eventuallyConsistent) {
            consumption.cacheMiss(table);
          }
          return PageResponses.select(
              found.page(),
              selection,
              table.keySchema(),
              indexRead == null ? null : indexRead.index().keySchema());
        });
  }
}

package io.strata.service.maintenance;

import io.vertx.core.Future;

/**
 * One kind of background work. A round looks at committed state (the catalog, purge markers, the
 * expiry index, …), does a bounded amount of it through the writer, and says whether more is
 * waiting; it never depends on having been told about a change, so whichever node runs it, whenever
 * it starts, finds the same work.
 */
@FunctionalInterface
interface MaintenanceJob {
  /** Does one round; completes with whether another should follow at once. */
  Future<Boolean> runRound();
}

package io.strata.service.storage;

/**
 * In-memory state derived from committed write sets: the table catalog, tenants and their keys,
 * statistics, caches and the like. Each projection reads the keys it owns out of every write set
 * the node commits or applies, in log order, and nothing else changes that state: so a node that
 * applies a write set it did not evaluate (a follower, a replay) ends with the same memory as the
 * node that evaluated it. Projections run on the writer thread after the commit and before any of
 * the batch's requests is answered, so nobody who learns of a write can miss its effect; they must
 * be quick and must not block.
 */
@FunctionalInterface
public interface Projection {
  void apply(LogPosition position, WriteSet writes);
}

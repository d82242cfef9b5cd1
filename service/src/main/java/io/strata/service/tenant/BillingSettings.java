package io.strata.service.tenant;

/**
 * How a tenant is billed where Strata can serve a request more cheaply than DynamoDB: an operator
 * setting, per tenant, persisted in its record. It never changes what the DynamoDB API reports
 * ({@code ConsumedCapacity} is always DynamoDB's figure) nor what a request takes from the table's
 * capacity; it only decides what the usage ledger bills.
 *
 * @param cacheHits what an eventually consistent read answered by the item or query cache costs
 */
public record BillingSettings(CacheHits cacheHits) {
  /** The default: billed exactly as DynamoDB would bill the same requests. */
  public static final BillingSettings DEFAULT = new BillingSettings(CacheHits.CHARGED);

  /** Persisted by name in tenant records: never rename. */
  public enum CacheHits {
    /** A cache hit is billed the read units DynamoDB would charge for it. */
    CHARGED,
    /**
     * A cache hit is not billed (as DAX bills no table reads for its hits); the units it would have
     * cost are counted as a saving ({@code ddb_cache_saved_read_units_total}).
     */
    FREE
  }
}

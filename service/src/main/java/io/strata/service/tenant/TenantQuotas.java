package io.strata.service.tenant;

/**
 * What a tenant may use: on-demand capacity per second for the whole tenant and per table, and how
 * many tables it may own. Zero means the server's default for that quota (see {@code
 * metering.Metering#quota} and {@link TableQuota}).
 */
public record TenantQuotas(
    long maxReadUnitsPerSecond,
    long maxWriteUnitsPerSecond,
    long maxTableReadUnitsPerSecond,
    long maxTableWriteUnitsPerSecond,
    int maxTables) {

  /** Every quota at the server's default: what a tenant created without quotas gets. */
  public static final TenantQuotas SERVER_DEFAULTS = new TenantQuotas(0, 0, 0, 0, 0);
}

package io.strata.service.tenant;

/**
 * What a tenant may use: on-demand capacity per second for the whole tenant and per table, how many
 * tables it may own, and how large one export or import may be. Zero means the server's default for
 * that quota (see {@code metering.Metering#quota}, {@link TableQuota} and {@link TransferQuota}).
 */
public record TenantQuotas(
    long maxReadUnitsPerSecond,
    long maxWriteUnitsPerSecond,
    long maxTableReadUnitsPerSecond,
    long maxTableWriteUnitsPerSecond,
    int maxTables,
    long maxTransferBytes) {

  /** Every quota at the server's default: what a tenant created without quotas gets. */
  public static final TenantQuotas SERVER_DEFAULTS = new TenantQuotas(0, 0, 0, 0, 0, 0);
}

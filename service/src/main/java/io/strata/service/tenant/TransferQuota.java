package io.strata.service.tenant;

/**
 * How large one export (the table's size) or one import (its source files) of a tenant may be: its
 * own quota ({@link TenantQuotas#maxTransferBytes}, set with {@code strata admin set-quotas
 * --max-transfer-bytes}) or, where that is 0, the server's {@code STRATA_MAX_TRANSFER_BYTES}.
 * ExportTableToPointInTime and ImportTable beyond it are refused with DynamoDB's
 * LimitExceededException, as DynamoDB refuses an import past its account quota on source size.
 *
 * <p>Reads the directory's in-memory records only, so it may be called on an event loop.
 */
public final class TransferQuota {
  private final TenantDirectory tenants;
  private final long serverDefault;

  public TransferQuota(TenantDirectory tenants, long serverDefault) {
    this.tenants = tenants;
    this.serverDefault = serverDefault;
  }

  public long of(String tenantId) {
    long own =
        tenants.tenant(tenantId).map(tenant -> tenant.quotas().maxTransferBytes()).orElse(0L);
    return own > 0 ? own : serverDefault;
  }
}

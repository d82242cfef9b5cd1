package io.strata.service.tenant;

/**
 * How many tables a tenant may own: its own quota ({@link TenantQuotas#maxTables}, set with {@code
 * strata admin set-quotas --max-tables}) or, where that is 0, the server's {@code
 * STRATA_MAX_TABLES_PER_TENANT}. CreateTable and RestoreTableFromBackup are refused beyond it with
 * DynamoDB's LimitExceededException, as DynamoDB refuses tables past the account's quota.
 *
 * <p>Reads the directory's in-memory records only, so it may be called on an event loop; a quota
 * change applies from the next request after it commits.
 */
public final class TableQuota {
  private final TenantDirectory tenants;
  private final int serverDefault;

  public TableQuota(TenantDirectory tenants, int serverDefault) {
    this.tenants = tenants;
    this.serverDefault = serverDefault;
  }

  public int of(String tenantId) {
    int own = tenants.tenant(tenantId).map(tenant -> tenant.quotas().maxTables()).orElse(0);
    return own > 0 ? own : serverDefault;
  }
}

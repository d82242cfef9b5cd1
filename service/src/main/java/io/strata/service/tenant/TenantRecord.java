package io.strata.service.tenant;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A tenant as the catalog stores it.
 *
 * @param id twelve digits, shown to clients as the account id in ARNs
 * @param currentDataKeyId the data key new writes are sealed with
 * @param billing how the tenant is billed; absent in records written before it existed, which are
 *     billed by {@link BillingSettings#DEFAULT}
 */
public record TenantRecord(
    String id,
    String name,
    TenantStatus status,
    Instant createdAt,
    long currentDataKeyId,
    TenantQuotas quotas,
    @Nullable BillingSettings billing) {

  public boolean isActive() {
    return status == TenantStatus.ACTIVE;
  }

  public BillingSettings billingSettings() {
    return billing == null ? BillingSettings.DEFAULT : billing;
  }

  public TenantRecord withStatus(TenantStatus newStatus) {
    return new TenantRecord(id, name, newStatus, createdAt, currentDataKeyId, quotas, billing);
  }

  public TenantRecord withQuotas(TenantQuotas newQuotas) {
    return new TenantRecord(id, name, status, createdAt, currentDataKeyId, newQuotas, billing);
  }

  public TenantRecord withCurrentDataKey(long keyId) {
    return new TenantRecord(id, name, status, createdAt, keyId, quotas, billing);
  }

  public TenantRecord withBilling(BillingSettings newBilling) {
    return new TenantRecord(id, name, status, createdAt, currentDataKeyId, quotas, newBilling);
  }
}

package io.strata.service.tenant;

import java.time.Instant;

/**
 * A tenant as the catalog stores it.
 *
 * @param id twelve digits, shown to clients as the account id in ARNs
 * @param currentDataKeyId the data key new writes are sealed with
 */
public record TenantRecord(
    String id,
    String name,
    TenantStatus status,
    Instant createdAt,
    long currentDataKeyId,
    TenantQuotas quotas) {

  public boolean isActive() {
    return status == TenantStatus.ACTIVE;
  }

  public TenantRecord withStatus(TenantStatus newStatus) {
    return new TenantRecord(id, name, newStatus, createdAt, currentDataKeyId, quotas);
  }

  public TenantRecord withQuotas(TenantQuotas newQuotas) {
    return new TenantRecord(id, name, status, createdAt, currentDataKeyId, newQuotas);
  }

  public TenantRecord withCurrentDataKey(long keyId) {
    return new TenantRecord(id, name, status, createdAt, keyId, quotas);
  }
}

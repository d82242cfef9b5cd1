package io.strata.service.tenant;

import java.time.Instant;

/**
 * An access key as the catalog stores it. The secret is sealed with the tenant's data key (bound to
 * the key id as associated data), so deleting the tenant's keys destroys its secrets too.
 */
public record AccessKeyRecord(
    String accessKeyId, String tenantId, String sealedSecret, boolean active, Instant createdAt) {

  public AccessKeyRecord withActive(boolean newActive) {
    return new AccessKeyRecord(accessKeyId, tenantId, sealedSecret, newActive, createdAt);
  }
}

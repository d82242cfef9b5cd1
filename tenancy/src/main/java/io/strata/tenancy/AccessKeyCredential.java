package io.strata.tenancy;

import static java.util.Objects.requireNonNull;

/**
 * An access key issued to a tenant, as stored by the service.
 *
 * @param accessKeyId the public half, sent by clients in the SigV4 credential scope
 * @param secretAccessKey the shared secret; never logged, never in {@link #toString()}
 * @param tenantId the tenant that owns the key
 * @param isActive false once the key is deactivated; such keys are rejected as unrecognized
 */
public record AccessKeyCredential(
    String accessKeyId, String secretAccessKey, String tenantId, boolean isActive) {

  public AccessKeyCredential {
    requireNonNull(accessKeyId, "accessKeyId");
    requireNonNull(secretAccessKey, "secretAccessKey");
    requireNonNull(tenantId, "tenantId");
  }

  @Override
  public String toString() {
    return "AccessKeyCredential[accessKeyId="
        + accessKeyId
        + ", secretAccessKey=<redacted>, tenantId="
        + tenantId
        + ", isActive="
        + isActive
        + "]";
  }
}

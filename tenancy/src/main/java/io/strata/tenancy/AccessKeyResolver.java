package io.strata.tenancy;

import java.util.Optional;

/** Finds the secret behind an access key id; the service implements it over its catalog. */
@FunctionalInterface
public interface AccessKeyResolver {

  Optional<AccessKeyCredential> resolve(String accessKeyId);

  /**
   * @param active false for revoked keys and for keys of suspended tenants
   */
  record AccessKeyCredential(
      String accessKeyId, String secretAccessKey, String tenantId, boolean active) {
    @Override
    public String toString() {
      return "AccessKeyCredential[" + accessKeyId + ", tenant " + tenantId + "]";
    }
  }
}

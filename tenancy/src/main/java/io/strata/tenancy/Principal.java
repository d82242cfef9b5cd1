package io.strata.tenancy;

import static java.util.Objects.requireNonNull;

/**
 * Who sent an authenticated request.
 *
 * @param tenantId the tenant every table reference of the request is scoped to
 * @param credentialId the access key id (SigV4) or the token's {@code sub} (JWT); safe to log
 * @param method how the request was authenticated
 * @param region the region a SigV4 request was signed for; empty for bearer tokens, which name
 *     none. It only shapes the ARNs the caller sees.
 */
public record Principal(String tenantId, String credentialId, AuthMethod method, String region) {
  public Principal {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(credentialId, "credentialId");
    requireNonNull(method, "method");
    requireNonNull(region, "region");
  }
}

package io.strata.tenancy;

/**
 * An authenticated caller.
 *
 * @param credentialId the access key id, or the token's subject
 * @param region the region a SigV4 request was signed for; empty for bearer tokens
 */
public record Principal(String tenantId, String credentialId, AuthMethod method, String region) {

  public enum AuthMethod {
    SIGV4,
    JWT
  }
}

package io.strata.service.api;

/**
 * The authenticated sender of a request.
 *
 * @param region the region the client signed for (SigV4), or the configured default for bearer
 *     tokens; it only appears in the ARNs the client sees
 */
public record Caller(String tenantId, String credentialId, String region) {}

package io.strata.service.tenant;

import java.time.Instant;

/** A tenant data key as stored: wrapped by the master key, never in the clear. */
public record DataKeyRecord(String tenantId, long keyId, String wrapped, Instant createdAt) {}

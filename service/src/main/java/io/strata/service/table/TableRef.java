package io.strata.service.table;

/**
 * A table as a tenant names it. After authentication every table reference carries its tenant, so
 * no code path can look up a bare name: two tenants may both own {@code users}.
 */
public record TableRef(String tenantId, String name) {}

package io.strata.service.tenant;

/**
 * What a tenant may use: on-demand capacity per second for the whole tenant and per table, and how
 * many tables it may own. Zero capacity means "no limit beyond the server's".
 */
public record TenantQuotas(
    long maxReadUnitsPerSecond,
    long maxWriteUnitsPerSecond,
    long maxTableReadUnitsPerSecond,
    long maxTableWriteUnitsPerSecond,
    int maxTables) {}

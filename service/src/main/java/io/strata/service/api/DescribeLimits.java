package io.strata.service.api;

import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Metering;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.tenant.TenantQuotas;
import io.strata.service.tenant.TenantRecord;
import io.strata.tenancy.CapacityQuota;
import io.vertx.core.Future;

/**
 * DescribeLimits: the capacity the caller's tenant may use, per second, as the capacity gate
 * enforces it: the tenant's own quotas (set with {@code strata admin set-quotas}), the server's
 * defaults where it has none, which are DynamoDB's default quotas (80,000 units for the account,
 * 40,000 for a table). The account limits are the whole tenant's.
 */
public final class DescribeLimits implements Operation<CapacityQuota> {
  private final TenantDirectory tenants;

  public DescribeLimits(TenantDirectory tenants) {
    this.tenants = tenants;
  }

  @Override
  public CapacityQuota parse(JsonRequest body, RequestContext context) {
    TenantQuotas quotas =
        tenants
            .tenant(context.tenantId())
            .map(TenantRecord::quotas)
            // A tenant deleted since this request was authenticated: the defaults.
            .orElse(TenantQuotas.SERVER_DEFAULTS);
    return Metering.quota(quotas);
  }

  @Override
  public Future<ResponseBody> execute(CapacityQuota quota, RequestContext context) {
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeNumberField("AccountMaxReadCapacityUnits", quota.readUnitsPerSecond());
          json.writeNumberField("AccountMaxWriteCapacityUnits", quota.writeUnitsPerSecond());
          json.writeNumberField("TableMaxReadCapacityUnits", quota.tableReadUnitsPerSecond());
          json.writeNumberField("TableMaxWriteCapacityUnits", quota.tableWriteUnitsPerSecond());
          json.writeEndObject();
        });
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.DynamoDbLocal;
import io.strata.service.testing.StrataTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;

/** DescribeLimits: the capacity quotas of the caller's tenant. */
@Timeout(60)
class DescribeLimitsIT {
  @Test
  void aTenantWithoutQuotasOfItsOwnHasDynamoDbsDefaultQuotas() {
    StrataTestServer server = StrataTestServer.shared();
    Credentials tenant = server.newTenant("default-limits");
    try (DynamoDbClient strata = server.clientFor(tenant);
        DynamoDbClient local = DynamoDbLocal.shared().client()) {
      DescribeLimitsResponse ours = strata.describeLimits();
      DescribeLimitsResponse reference = local.describeLimits();
      assertThat(ours.accountMaxReadCapacityUnits())
          .isEqualTo(reference.accountMaxReadCapacityUnits())
          .isEqualTo(80_000);
      assertThat(ours.accountMaxWriteCapacityUnits())
          .isEqualTo(reference.accountMaxWriteCapacityUnits());
      assertThat(ours.tableMaxReadCapacityUnits())
          .isEqualTo(reference.tableMaxReadCapacityUnits())
          .isEqualTo(40_000);
      assertThat(ours.tableMaxWriteCapacityUnits())
          .isEqualTo(reference.tableMaxWriteCapacityUnits());
    }
  }

  @Test
  void aTenantsOwnQuotasAreItsLimits() throws Exception {
    StrataTestServer server = StrataTestServer.shared();
    Credentials tenant = server.newTenant("own-limits");
    server.admin(
        "set-quotas",
        tenant.tenantId(),
        "--max-read-units=1000",
        "--max-write-units=500",
        "--max-table-read-units=300",
        "--max-table-write-units=200");
    try (DynamoDbClient client = server.clientFor(tenant)) {
      DescribeLimitsResponse limits = client.describeLimits();
      assertThat(limits.accountMaxReadCapacityUnits()).isEqualTo(1000);
      assertThat(limits.accountMaxWriteCapacityUnits()).isEqualTo(500);
      assertThat(limits.tableMaxReadCapacityUnits()).isEqualTo(300);
      assertThat(limits.tableMaxWriteCapacityUnits()).isEqualTo(200);
    }
  }
}

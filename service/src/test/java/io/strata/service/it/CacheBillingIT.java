package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.StrataTestServer;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * What a cache hit costs on the bill: a per-tenant billing setting ({@code strata admin set-billing
 * TENANT --cache-hits=CHARGED|FREE}), separate from what the API reports. By default a hit is
 * billed as DynamoDB would bill the read; with FREE it is not billed, and the read units it would
 * have cost are counted as the tenant's saving ({@code ddb_cache_saved_read_units_total}, shown on
 * the tenant dashboard). Either way ConsumedCapacity is DynamoDB's.
 */
@Timeout(120)
class CacheBillingIT {
  @Test
  void cacheHitsAreBilledAsDynamoDbWouldUnlessTheTenantsSettingWaivesThem() throws Exception {
    StrataTestServer server = StrataTestServer.shared();
    Credentials tenant = server.newTenant("cache-billing-" + UUID.randomUUID());
    String table = TablesIT.randomName();
    try (DynamoDbClient client = server.clientFor(tenant)) {
      client.createTable(TablesIT.hashAndRange(table).build());
      client.putItem(b -> b.tableName(table).item(CapacityIT.item("cached", 100)));
      Map<String, AttributeValue> key = CapacityIT.key("cached");
      assertThat(readUnits(client, table, key)).as("miss").isEqualTo(0.5);
      assertThat(readUnits(client, table, key)).as("hit").isEqualTo(0.5);
      assertThat(billedReadUnits(server, tenant)).isEqualByComparingTo("1.0");

      JsonNode updated = server.admin("set-billing", tenant.tenantId(), "--cache-hits=FREE");
      assertThat(updated.get("billing").get("cacheHits").asText()).isEqualTo("FREE");
      assertThat(readUnits(client, table, key)).as("hit, not billed").isEqualTo(0.5);
      assertThat(readUnits(client, table, key)).as("hit, not billed").isEqualTo(0.5);
      assertThat(billedReadUnits(server, tenant)).isEqualByComparingTo("1.0");
      assertThat(
              server.scrapedValue(
                  "ddb_cache_saved_read_units_total\\{table=\""
                      + table
                      + "\",tenant=\""
                      + tenant.tenantId()
                      + "\"}"))
          .isEqualTo(1.0);
      assertThat(
              server.scrapedValue(
                  "ddb_consumed_read_units_total\\{table=\""
                      + table
                      + "\",tenant=\""
                      + tenant.tenantId()
                      + "\"}"))
          .as("consumption stays DynamoDB's")
          .isEqualTo(2.0);

      server.admin("set-billing", tenant.tenantId(), "--cache-hits=CHARGED");
      readUnits(client, table, key);
      assertThat(billedReadUnits(server, tenant)).isEqualByComparingTo("1.5");
    }
  }

  private static double readUnits(
      DynamoDbClient client, String table, Map<String, AttributeValue> key) {
    return client
        .getItem(
            b -> b.tableName(table).key(key).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
        .consumedCapacity()
        .capacityUnits();
  }

  private static BigDecimal billedReadUnits(StrataTestServer server, Credentials tenant)
      throws Exception {
    JsonNode report = server.admin("usage", "--tenant=" + tenant.tenantId(), "--group-by=tenant");
    return new BigDecimal(report.get("lines").get(0).get("readUnits").asText());
  }
}

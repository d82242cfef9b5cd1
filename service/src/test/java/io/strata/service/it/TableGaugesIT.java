package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.StrataTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * The per-table gauges the cost panels price (provisioned read and write units) describe the
 * catalog, not the traffic: a provisioned table that nobody has touched since the service started
 * is still billed, so it must still be on the metrics endpoint, with its current settings.
 */
@Timeout(120)
class TableGaugesIT {
  private static final String IDLE = "idle-provisioned";
  private static final String ON_DEMAND = "idle-on-demand";

  @Test
  void idleTablesReportTheirProvisionedThroughputAcrossRestartsUpdatesAndDeletes()
      throws Exception {
    Path data = Files.createTempDirectory("strata-gauges");
    Map<String, String> environment = Map.of("STRATA_DATA_DIR", data.toString());
    StrataTestServer first = StrataTestServer.start(environment);
    try {
      DynamoDbClient client = first.client();
      client.createTable(
          TablesIT.hashAndRange(IDLE)
              .billingMode(BillingMode.PROVISIONED)
              .provisionedThroughput(t -> t.readCapacityUnits(7L).writeCapacityUnits(3L))
              .build());
      client.createTable(
          TablesIT.hashAndRange(ON_DEMAND).billingMode(BillingMode.PAY_PER_REQUEST).build());
    } finally {
      first.closeQuietly();
    }

    StrataTestServer second = StrataTestServer.start(environment);
    try {
      String tenant = second.firstTenant().tenantId();
      String metrics = second.scrapeMetrics();
      assertThat(gauge(metrics, "ddb_provisioned_read_units", tenant, IDLE)).contains(7.0);
      assertThat(gauge(metrics, "ddb_provisioned_write_units", tenant, IDLE)).contains(3.0);
      assertThat(gauge(metrics, "ddb_provisioned_read_units", tenant, ON_DEMAND)).contains(0.0);

      DynamoDbClient client = second.client();
      client.updateTable(
          b ->
              b.tableName(IDLE)
                  .provisionedThroughput(t -> t.readCapacityUnits(9L).writeCapacityUnits(4L)));
      metrics = second.scrapeMetrics();
      assertThat(gauge(metrics, "ddb_provisioned_read_units", tenant, IDLE)).contains(9.0);
      assertThat(gauge(metrics, "ddb_provisioned_write_units", tenant, IDLE)).contains(4.0);

      client.deleteTable(b -> b.tableName(IDLE));
      metrics = second.scrapeMetrics();
      assertThat(gauge(metrics, "ddb_provisioned_read_units", tenant, IDLE)).isEmpty();
      assertThat(gauge(metrics, "ddb_table_items", tenant, IDLE)).isEmpty();
      assertThat(gauge(metrics, "ddb_table_items", tenant, ON_DEMAND)).contains(0.0);
    } finally {
      second.closeQuietly();
    }
  }

  /** The value of the series with exactly these tenant and table labels, if it is exported. */
  private static Optional<Double> gauge(String metrics, String name, String tenant, String table) {
    Matcher series =
        Pattern.compile(
                "^"
                    + name
                    + "\\{(?=[^}]*tenant=\""
                    + Pattern.quote(tenant)
                    + "\")(?=[^}]*table=\""
                    + Pattern.quote(table)
                    + "\")[^}]*} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(metrics);
    return series.find() ? Optional.of(Double.parseDouble(series.group(1))) : Optional.empty();
  }
}

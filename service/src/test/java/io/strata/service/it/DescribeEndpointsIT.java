package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.Clients;
import io.strata.service.testing.StrataTestServer;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Endpoint;

/** DescribeEndpoints: one endpoint, the one the client called, usable for further requests. */
@Timeout(60)
class DescribeEndpointsIT {
  @Test
  void theOneEndpointIsTheOneTheClientCalledAndItServes() {
    StrataTestServer server = StrataTestServer.shared();
    try (DynamoDbClient client = server.client()) {
      var endpoints = client.describeEndpoints().endpoints();
      assertThat(endpoints).hasSize(1);
      Endpoint endpoint = endpoints.get(0);
      assertThat(endpoint.address()).isEqualTo("localhost:" + server.server().apiPort());
      assertThat(endpoint.cachePeriodInMinutes()).isEqualTo(1440);
      try (DynamoDbClient advertised =
          Clients.dynamo(
              URI.create("https://" + endpoint.address()),
              server.certificate(),
              server.firstTenant().accessKeyId(),
              server.firstTenant().secretAccessKey(),
              Region.US_EAST_1)) {
        assertThat(advertised.describeEndpoints().endpoints()).containsExactly(endpoint);
      }
    }
  }
}

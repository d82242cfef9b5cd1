package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.PrometheusServer;
import io.strata.service.testing.PrometheusServer.QueryResult;
import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Requests refused before they could run still count in {@code ddb_requests_total}: a client with a
 * wrong secret, a request naming no operation, and a tenant over its request rate are visible to
 * the operator in Prometheus, not only to the client that got the error.
 */
@Timeout(120)
class RefusedRequestMetricsIT {
  private static final Duration SCRAPED = Duration.ofSeconds(20);

  @Test
  void refusedRequestsAreCountedWithTheirOutcome() {
    StrataTestServer server = StrataTestServer.start(Map.of("STRATA_TENANT_REQUEST_RATE", "5"));
    try (PrometheusServer prometheus = PrometheusServer.start(List.of(server.metricsTarget()))) {
      Credentials tenant = server.firstTenant();
      Credentials wrongSecret =
          new Credentials(tenant.tenantId(), tenant.accessKeyId(), "not-the-secret");
      try (DynamoDbClient forged = server.clientFor(wrongSecret)) {
        for (int i = 0; i < 3; i++) {
          assertThatThrownBy(forged::listTables).isInstanceOf(DynamoDbException.class);
        }
      }
      RawClient raw = new RawClient(server.endpoint(), server.certificate());
      for (int i = 0; i < 2; i++) {
        assertThat(raw.signed("FrobnicateItem", "{}", tenant).status()).isEqualTo(400);
      }
      int throttled = 0;
      for (int i = 0; i < 40; i++) {
        if (raw.signed("ListTables", "{}", tenant).status() == 400) {
          throttled++;
        }
      }
      assertThat(throttled).as("a tenant limited to 5 requests/s").isPositive();

      awaitCount(
          prometheus,
          "{tenant=\"_unauthenticated\",operation=\"ListTables\",outcome=\"InvalidSignatureException\"}",
          3);
      // Authentication comes first, so an unknown operation is counted under its tenant.
      awaitCount(
          prometheus,
          "{tenant=\""
              + tenant.tenantId()
              + "\",operation=\"_unknown\",outcome=\"UnknownOperationException\"}",
          2);
      awaitCount(
          prometheus,
          "{tenant=\""
              + tenant.tenantId()
              + "\",operation=\"ListTables\",outcome=\"ThrottlingException\"}",
          throttled);
    } finally {
      server.closeQuietly();
    }
  }

  private static void awaitCount(PrometheusServer prometheus, String selector, double expected) {
    String promql = "sum(ddb_requests_total" + selector + ")";
    QueryResult result =
        prometheus.awaitQuery(
            promql,
            r -> r.isSuccess() && r.samples().size() == 1 && r.singleValue() == expected,
            SCRAPED);
    assertThat(result.samples()).as(promql).hasSize(1);
    assertThat(result.singleValue()).as(promql).isEqualTo(expected);
  }
}

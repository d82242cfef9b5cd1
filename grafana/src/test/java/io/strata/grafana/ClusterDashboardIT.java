package io.strata.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.PrometheusServer;
import io.strata.service.testing.PrometheusServer.QueryResult;
import io.strata.service.testing.PrometheusServer.Sample;
import io.strata.service.testing.RaftCluster;
import io.strata.service.testing.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The replication panels' queries against a real Prometheus scraping a cluster of three real
 * processes that take writes: every query returns data, the role panel shows each member once with
 * exactly one leader, and the lag panel one finite value per member. {@code DashboardQueriesIT}
 * checks every other query against a single node, which exports no Raft metrics.
 */
@Timeout(180)
class ClusterDashboardIT {
  private static final Duration SCRAPED = Duration.ofSeconds(30);
  private static final String TABLE = "replicated";

  private static RaftCluster cluster;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void writeToAClusterScrapedByPrometheus() throws Exception {
    cluster = RaftCluster.start(3, Map.of());
    cluster.awaitFirstTenant(Duration.ofSeconds(60));
    prometheus =
        PrometheusServer.start(
            cluster.nodes().stream()
                .map(node -> "127.0.0.1:" + node.setting("STRATA_METRICS_PORT"))
                .toList());
    prometheus.awaitTargetsUp(3, SCRAPED);
    ServerProcess leader = cluster.awaitLeader(SCRAPED);
    try (DynamoDbClient client = leader.client()) {
      client.createTable(
          table ->
              table
                  .tableName(TABLE)
                  .keySchema(key -> key.attributeName("pk").keyType(KeyType.HASH))
                  .attributeDefinitions(
                      attribute ->
                          attribute.attributeName("pk").attributeType(ScalarAttributeType.S))
                  .billingMode(BillingMode.PAY_PER_REQUEST));
      // Writes in two scrapes at least, so that the commit latency's rate has two samples.
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 10; i++) {
          Map<String, AttributeValue> item =
              Map.of("pk", AttributeValue.fromS("item-" + round + "-" + i));
          client.putItem(put -> put.tableName(TABLE).item(item));
        }
        long written = 10L * (round + 1);
        prometheus.awaitQuery(
            "sum(ddb_raft_commit_latency_seconds_count)",
            result -> !result.isEmpty() && result.singleValue() >= written,
            SCRAPED);
      }
    }
    prometheus.awaitQuery(
        "min(count_over_time(ddb_raft_applied_index[1m]))",
        result -> result.samples().size() == 1 && result.singleValue() >= 3,
        SCRAPED);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyReplicationQueryReturnsData() {
    List<Dashboard.Target> targets =
        Dashboard.all().stream()
            .flatMap(dashboard -> dashboard.targets().stream())
            .filter(Dashboard.Target::isReplication)
            .toList();
    assertThat(targets).as("the replication panels' queries").hasSizeGreaterThanOrEqualTo(6);
    return targets.stream()
        .map(
            target ->
                DynamicTest.dynamicTest(
                    target.describe(),
                    () ->
                        DashboardQueriesIT.check(
                            prometheus, Dashboard.interpolate(target.expr(), Map.of()))));
  }

  @Test
  void theRolePanelShowsEveryMemberOnceAndOneLeader() {
    QueryResult roles = prometheus.query(expression("Raft role by node", "A"));

    assertThat(roles.samples()).hasSize(3);
    assertThat(roles.samples().stream().map(sample -> sample.label("instance")).distinct())
        .hasSize(3);
    assertThat(roles.samples().stream().map(sample -> sample.label("role")))
        .containsExactlyInAnyOrder("leader", "follower", "follower");
    assertThat(prometheus.query(expression("Leaders", "A")).singleValue()).isEqualTo(1);
  }

  @Test
  void theLagPanelHasAFiniteValuePerMember() {
    List<Sample> lags =
        prometheus.query(expression("Lag behind the most advanced node", "A")).samples();

    assertThat(lags).hasSize(3).allMatch(lag -> Double.isFinite(lag.value()) && lag.value() >= 0);
    assertThat(lags).anyMatch(lag -> lag.value() == 0);
  }

  /** The query of target {@code refId} of the health dashboard's panel titled {@code title}. */
  private static String expression(String title, String refId) {
    return Dashboard.all().stream()
        .flatMap(dashboard -> dashboard.targets().stream())
        .filter(target -> target.panel().path("title").asText().equals(title))
        .filter(target -> target.refId().equals(refId))
        .findFirst()
        .map(target -> Dashboard.interpolate(target.expr(), Map.of()))
        .orElseThrow(() -> new AssertionError("no panel \"" + title + "\" with target " + refId));
  }
}

package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ServiceMonitor and the NetworkPolicy: absent unless enabled, and aimed at the right ports.
 */
@Timeout(60)
class MonitoringAndNetworkTest {
  @Test
  void rendersNeitherByDefault() {
    List<String> kinds = Chart.renderDefaults().kinds();

    assertThat(kinds).doesNotContain("ServiceMonitor", "NetworkPolicy");
  }

  @Test
  void serviceMonitorScrapesTheMetricsPortOverHttp() {
    Manifests rendered =
        Chart.withValues()
            .set("serviceMonitor.enabled", true)
            .set("serviceMonitor.labels.release", "kube-prometheus-stack")
            .set("ports.metrics", 9100)
            .render();

    Node monitor = rendered.one("ServiceMonitor");
    assertThat(monitor.get("apiVersion").text()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.get("metadata.labels.release").text()).isEqualTo("kube-prometheus-stack");
    Node endpoint = monitor.get("spec.endpoints").items().get(0);
    assertThat(endpoint.get("path").text()).isEqualTo("/metrics");
    assertThat(endpoint.get("scheme").text()).isEqualTo("http");
    Node servicePort =
        rendered.clientService().get("spec.ports").named(endpoint.get("port").text());
    assertThat(servicePort.get("port").integer()).isEqualTo(9100);
    assertThat(rendered.clientService().get("metadata.labels").map())
        .containsAllEntriesOf(monitor.get("spec.selector.matchLabels").map());
    assertThat(monitor.get("spec.namespaceSelector.matchNames").value())
        .isEqualTo(List.of(Chart.NAMESPACE));
  }

  @Test
  void serviceMonitorPresentsTheMetricsTokenWhenTheServerRequiresOne() {
    Manifests rendered =
        Chart.withValues()
            .set("serviceMonitor.enabled", true)
            .set("metrics.requireToken", true)
            .set("secret.metricsToken", "scrape-me")
            .render();

    Node endpoint = rendered.one("ServiceMonitor").get("spec.endpoints").items().get(0);
    assertThat(endpoint.get("authorization.type").text()).isEqualTo("Bearer");
    Node credentials = endpoint.get("authorization.credentials");
    assertThat(credentials.get("name").text())
        .isEqualTo(
            rendered.find("Secret", Chart.FULLNAME).orElseThrow().get("metadata.name").text());
    assertThat(credentials.get("key").text()).isEqualTo("STRATA_METRICS_TOKEN");
  }

  @Test
  void serviceMonitorPresentsNoTokenByDefault() {
    Manifests rendered = Chart.withValues().set("serviceMonitor.enabled", true).render();

    Node endpoint = rendered.one("ServiceMonitor").get("spec.endpoints").items().get(0);
    assertThat(endpoint.find("authorization")).isEmpty();
  }

  @Test
  void networkPolicyOpensTheApiToAllAndMetricsToMonitoringOnly() {
    Manifests rendered = Chart.withValues().set("networkPolicy.enabled", true).render();

    Node policy = rendered.one("NetworkPolicy");
    ServiceTest.assertSelectsPod(rendered, policy.get("spec.podSelector.matchLabels"));
    assertThat(policy.get("spec.policyTypes").value()).isEqualTo(List.of("Ingress"));

    Node api = ruleFor(policy, 8443).orElseThrow();
    assertThat(api.find("from")).as("no from: any source").isEmpty();

    Node metrics = ruleFor(policy, 9464).orElseThrow();
    List<Node> scrapers = metrics.get("from").items();
    assertThat(scrapers).hasSize(1);
    assertThat(scrapers.get(0).get("namespaceSelector.matchLabels").value())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));

    assertThat(ruleFor(policy, 8444)).as("the admin port stays closed").isEmpty();

    List<Node> members = ruleFor(policy, 9101).orElseThrow().get("from").items();
    assertThat(members).as("Raft: from the other members only").hasSize(1);
    ServiceTest.assertSelectsPod(rendered, members.get(0).get("podSelector.matchLabels"));
    assertThat(members.get(0).find("namespaceSelector")).as("of this namespace").isEmpty();
  }

  @Test
  void networkPolicyOfASingleNodeHasNoRaftPort() {
    Node policy =
        Chart.withValues()
            .set("replicas", 1)
            .set("networkPolicy.enabled", true)
            .render()
            .one("NetworkPolicy");

    assertThat(ruleFor(policy, 9101)).isEmpty();
  }

  @Test
  void networkPolicyFollowsValues() {
    Manifests rendered =
        Chart.withValues()
            .valuesFile(
                """
                ports:
                  api: 443
                networkPolicy:
                  enabled: true
                  api:
                    from:
                      - namespaceSelector:
                          matchLabels:
                            team: payments
                  metrics:
                    namespaceSelector:
                      matchLabels:
                        kubernetes.io/metadata.name: observability
                    podSelector:
                      matchLabels:
                        app: prometheus
                  admin:
                    from:
                      - podSelector:
                          matchLabels:
                            app: strata-operator
                """)
            .render();

    Node policy = rendered.one("NetworkPolicy");
    Node api = ruleFor(policy, 443).orElseThrow();
    assertThat(api.get("from").items().get(0).get("namespaceSelector.matchLabels").value())
        .isEqualTo(Map.of("team", "payments"));
    Node scraper = ruleFor(policy, 9464).orElseThrow().get("from").items().get(0);
    assertThat(scraper.get("namespaceSelector.matchLabels").value())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "observability"));
    assertThat(scraper.get("podSelector.matchLabels").value())
        .as("in the same peer as the namespace selector: pods of those namespaces only")
        .isEqualTo(Map.of("app", "prometheus"));
    Node admin = ruleFor(policy, 8444).orElseThrow();
    assertThat(admin.get("from").items().get(0).get("podSelector.matchLabels").value())
        .isEqualTo(Map.of("app", "strata-operator"));
  }

  /** The ingress rule that opens {@code port}, if any. */
  private static Optional<Node> ruleFor(Node policy, int port) {
    return policy.get("spec.ingress").items().stream()
        .filter(
            rule ->
                rule.get("ports").items().stream()
                    .anyMatch(open -> open.get("port").integer() == port))
        .findFirst();
  }
}

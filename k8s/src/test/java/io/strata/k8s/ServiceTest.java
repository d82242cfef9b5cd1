package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Service and the PodDisruptionBudget: both select the pod, and the Service has no admin. */
@Timeout(60)
class ServiceTest {
  @Test
  void exposesTheApiAndMetricsPortsButNotAdmin() {
    Manifests rendered =
        Chart.withValues().set("ports.api", 443).set("ports.metrics", 9100).render();

    Map<String, Integer> ports = servicePorts(rendered);

    assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of("api", 443, "metrics", 9100));
    for (Node port : rendered.clientService().get("spec.ports").items()) {
      assertThat(StatefulSetTest.containerPort(rendered, port.get("targetPort").value()))
          .as("target of Service port %s", port.get("name").text())
          .isEqualTo(port.get("port").integer());
    }
  }

  @Test
  void selectsThePod() {
    Manifests rendered = Chart.withValues().set("podLabels.team", "storage").render();

    assertSelectsPod(rendered, rendered.clientService().get("spec.selector"));
  }

  @Test
  void aSingleNodeIsGovernedByTheClientServiceAsBeforeClusters() {
    Manifests rendered = Chart.withValues().set("replicas", 1).render();

    assertThat(rendered.one("StatefulSet").get("spec.serviceName").text())
        .as("serviceName cannot change on an existing StatefulSet")
        .isEqualTo(rendered.clientService().get("metadata.name").text());
    assertThat(rendered.all("Service")).hasSize(1);
  }

  @Test
  void budgetBlocksVoluntaryEvictionsOfASingleNode() {
    Manifests rendered = Chart.withValues().set("replicas", 1).render();

    Node budget = rendered.one("PodDisruptionBudget");
    assertThat(budget.get("spec.maxUnavailable").integer()).isZero();
    assertSelectsPod(rendered, budget.get("spec.selector.matchLabels"));
  }

  @Test
  void budgetFollowsValues() {
    assertThat(
            Chart.withValues()
                .set("podDisruptionBudget.maxUnavailable", 0)
                .render()
                .one("PodDisruptionBudget")
                .get("spec.maxUnavailable")
                .integer())
        .isZero();
    assertThat(
            Chart.withValues()
                .set("replicas", 1)
                .set("podDisruptionBudget.maxUnavailable", 1)
                .render()
                .one("PodDisruptionBudget")
                .get("spec.maxUnavailable")
                .integer())
        .isEqualTo(1);
    assertThat(
            Chart.withValues()
                .set("podDisruptionBudget.enabled", false)
                .render()
                .all("PodDisruptionBudget"))
        .isEmpty();
  }

  /** Every label of the selector is on the pod template with the same value. */
  static void assertSelectsPod(Manifests rendered, Node selector) {
    Map<String, Object> podLabels =
        rendered.one("StatefulSet").get("spec.template.metadata.labels").map();
    assertThat(selector.map()).isNotEmpty();
    assertThat(podLabels).containsAllEntriesOf(selector.map());
  }

  private static Map<String, Integer> servicePorts(Manifests rendered) {
    return rendered.clientService().get("spec.ports").items().stream()
        .collect(
            Collectors.toMap(port -> port.get("name").text(), port -> port.get("port").integer()));
  }
}

package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pod Strata runs in: its volume, ports, probes, resources and sandbox, from the values. */
@Timeout(60)
class StatefulSetTest {
  private final Manifests defaults = Chart.renderDefaults();

  @Test
  void mountsTheClaimTemplateAtTheDataDirectory() {
    Node claim = defaults.one("StatefulSet").get("spec.volumeClaimTemplates").items().get(0);
    String claimName = claim.get("metadata.name").text();

    Node mount = defaults.container().get("volumeMounts").named(claimName);

    assertThat(mount.get("mountPath").text()).isEqualTo("/data");
    assertThat(mount.flag("readOnly")).isFalse();
    assertThat(environment(defaults).get("STRATA_DATA_DIR")).isEqualTo("/data");
    assertThat(defaults.podSpec().get("volumes").findNamed(claimName))
        .as("a pod volume named like the claim would shadow it")
        .isEmpty();
  }

  @Test
  void sizesTheClaimFromValues() {
    Manifests rendered =
        Chart.withValues()
            .set("persistence.size", "200Gi")
            .set("persistence.storageClassName", "fast-ssd")
            .render();

    Node claimSpec =
        rendered.one("StatefulSet").get("spec.volumeClaimTemplates").items().get(0).get("spec");
    assertThat(claimSpec.get("resources.requests.storage").text()).isEqualTo("200Gi");
    assertThat(claimSpec.get("storageClassName").text()).isEqualTo("fast-ssd");
    assertThat(
            defaults
                .one("StatefulSet")
                .get("spec.volumeClaimTemplates")
                .items()
                .get(0)
                .find("spec.storageClassName"))
        .as("no storageClassName by default: the cluster's default class")
        .isEmpty();
  }

  @Test
  void probesGetHealthzOverHttpsOnTheApiPort() {
    assertProbesHitHealthz(defaults, 8443);
    assertProbesHitHealthz(Chart.withValues().set("ports.api", 9443).render(), 9443);
  }

  private static void assertProbesHitHealthz(Manifests rendered, int apiPort) {
    for (String probe : List.of("livenessProbe", "readinessProbe")) {
      Node httpGet = rendered.container().get(probe).get("httpGet");
      assertThat(httpGet.get("path").text()).as(probe).isEqualTo("/healthz");
      assertThat(httpGet.get("scheme").text()).as(probe).isEqualTo("HTTPS");
      assertThat(containerPort(rendered, httpGet.get("port").value())).as(probe).isEqualTo(apiPort);
    }
  }

  @Test
  void probeTimingsComeFromValues() {
    Manifests rendered =
        Chart.withValues()
            .set("livenessProbe.failureThreshold", 12)
            .set("readinessProbe.periodSeconds", 2)
            .render();

    assertThat(rendered.container().get("livenessProbe.failureThreshold").integer()).isEqualTo(12);
    assertThat(rendered.container().get("readinessProbe.periodSeconds").integer()).isEqualTo(2);
  }

  @Test
  void containerPortsFollowValues() {
    assertThat(containerPorts(defaults))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("api", 8443, "admin", 8444, "metrics", 9464, "raft", 9101));

    Manifests rendered =
        Chart.withValues()
            .set("ports.api", 443)
            .set("ports.admin", 4444)
            .set("ports.metrics", 9100)
            .set("ports.raft", 9200)
            .render();

    assertThat(containerPorts(rendered))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("api", 443, "admin", 4444, "metrics", 9100, "raft", 9200));
  }

  @Test
  void resourcesComeFromValues() {
    Manifests rendered =
        Chart.withValues()
            .valuesFile(
                """
                resources:
                  requests:
                    cpu: "2"
                    memory: 8Gi
                  limits:
                    cpu: "4"
                    memory: 12Gi
                """)
            .render();

    assertThat(rendered.container().get("resources").value())
        .isEqualTo(
            Map.of(
                "requests", Map.of("cpu", "2", "memory", "8Gi"),
                "limits", Map.of("cpu", "4", "memory", "12Gi")));
    assertThat(defaults.container().get("resources.limits.memory").text()).isEqualTo("2Gi");
  }

  @Test
  void runsAsNonRootOnAReadOnlyRootWithOnlyDataAndTmpWritable() {
    assertThat(defaults.podSpec().get("securityContext.runAsNonRoot").value()).isEqualTo(true);
    assertThat(defaults.container().get("securityContext.readOnlyRootFilesystem").value())
        .isEqualTo(true);
    assertThat(defaults.container().get("securityContext.allowPrivilegeEscalation").value())
        .isEqualTo(false);

    List<String> writable =
        defaults.container().get("volumeMounts").items().stream()
            .filter(mount -> !mount.flag("readOnly"))
            .map(mount -> mount.get("mountPath").text())
            .toList();
    assertThat(writable).containsExactlyInAnyOrder("/data", "/tmp");
  }

  @Test
  void terminationGracePeriodComesFromValues() {
    assertThat(defaults.podSpec().get("terminationGracePeriodSeconds").integer()).isEqualTo(60);

    Manifests rendered = Chart.withValues().set("terminationGracePeriodSeconds", 300).render();

    assertThat(rendered.podSpec().get("terminationGracePeriodSeconds").integer()).isEqualTo(300);
  }

  @Test
  void metricsListenOnThePodAddressAndTheAdminApiOnLoopback() {
    Node environment = Chart.renderDefaults().container().get("env");

    assertThat(environment.named("STRATA_METRICS_HOST").get("valueFrom.fieldRef.fieldPath").text())
        .isEqualTo("status.podIP");
    assertThat(environment.items())
        .as("no STRATA_ADMIN_HOST: the server's default, loopback")
        .noneMatch(variable -> variable.get("name").text().equals("STRATA_ADMIN_HOST"));
  }

  @Test
  void theAdminApiCanBeOpenedOnThePodAddressAndMetricsKeptOnLoopback() {
    Node environment =
        Chart.withValues()
            .set("admin.onPodAddress", true)
            .set("metrics.onPodAddress", false)
            .render()
            .container()
            .get("env");

    assertThat(environment.named("STRATA_ADMIN_HOST").get("valueFrom.fieldRef.fieldPath").text())
        .isEqualTo("status.podIP");
    assertThat(environment.items())
        .noneMatch(variable -> variable.get("name").text().equals("STRATA_METRICS_HOST"));
  }

  @Test
  void passesJvmOptionsThroughJavaToolOptions() {
    Manifests rendered = Chart.withValues().set("jvmOptions", "-Xmx3g").render();

    assertThat(environment(rendered).get("JAVA_TOOL_OPTIONS")).isEqualTo("-Xmx3g");
  }

  /** A port as a probe names it, by name or number, resolved to the container's port number. */
  static int containerPort(Manifests rendered, Object port) {
    if (port instanceof Integer number) {
      return number;
    }
    return rendered.container().get("ports").named((String) port).get("containerPort").integer();
  }

  static Map<String, Integer> containerPorts(Manifests rendered) {
    return rendered.container().get("ports").items().stream()
        .collect(
            Collectors.toMap(
                port -> port.get("name").text(), port -> port.get("containerPort").integer()));
  }

  /** The container's plain {@code value} environment variables. */
  static Map<String, String> environment(Manifests rendered) {
    return rendered.container().get("env").items().stream()
        .filter(variable -> variable.find("value").isPresent())
        .collect(
            Collectors.toMap(
                variable -> variable.get("name").text(), variable -> variable.get("value").text()));
  }
}

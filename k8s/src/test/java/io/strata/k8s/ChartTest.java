package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The chart as Helm itself lints and renders it, with default and non-default values. */
class ChartTest {
  private static final Path CHART = Path.of("chart/strata");
  private static final Path DASHBOARDS = Path.of("../grafana/dashboards");

  /** The manifests Helm renders with these {@code --set} values. */
  private static Manifests render(Map<String, Object> values) {
    var template = new Helm(CHART).template().withName("strata").withNamespace("db");
    values.forEach(template::set);
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml().loadAll(template.call())) {
      if (document != null) {
        documents.add(cast(document));
      }
    }
    return new Manifests(documents);
  }

  @Test
  void lintsWithoutWarnings() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void byDefaultOnePodKeepsItsDataOnAVolumeAndIsProbedOverHttps() {
    Manifests manifests = render(Map.of());
    Map<String, Object> statefulSet = manifests.one("StatefulSet");
    assertThat(path(statefulSet, "spec", "replicas")).isEqualTo(1);
    Map<String, Object> claim =
        cast(((List<?>) path(statefulSet, "spec", "volumeClaimTemplates")).get(0));
    assertThat(path(claim, "metadata", "name")).isEqualTo("data");
    assertThat(path(claim, "spec", "resources", "requests", "storage")).isEqualTo("20Gi");

    Map<String, Object> container = container(statefulSet);
    assertThat(mounts(container)).containsEntry("data", "/data");
    assertThat(env(container))
        .containsEntry("STRATA_DATA_DIR", "/data")
        .containsEntry("STRATA_PORT", "8443");
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      Map<String, Object> get = cast(path(container, probe, "httpGet"));
      assertThat(get)
          .containsEntry("path", "/healthz")
          .containsEntry("scheme", "HTTPS")
          .containsEntry("port", "api");
    }
    assertThat(ports(container))
        .containsEntry("api", 8443)
        .containsEntry("admin", 8444)
        .containsEntry("metrics", 9464);
    assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(path(statefulSet, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
        .isEqualTo(true);
    assertThat(path(container, "resources", "limits", "memory")).isEqualTo("2Gi");

    assertThat(env(container))
        .as("without a Secret the service keeps its generated keys on the data volume")
        .doesNotContainKeys("STRATA_MASTER_KEY", "STRATA_ADMIN_TOKEN");

    assertThat(manifests.kinds())
        .contains("Service", "ConfigMap", "PodDisruptionBudget", "NetworkPolicy")
        .doesNotContain("ServiceMonitor", "Secret");
    assertThat(manifests.named("ConfigMap", "strata-dashboards")).isNull();
  }

  @Test
  void existingSecretsTlsMonitoringAndDashboardsFollowTheValues() throws IOException {
    Manifests manifests =
        render(
            Map.of(
                "secret.existingSecret", "my-keys",
                "tls.existingSecret", "my-tls",
                "serviceMonitor.enabled", "true",
                "grafanaDashboards.enabled", "true",
                "networkPolicy.enabled", "false",
                "persistence.size", "100Gi",
                "resources.limits.memory", "8Gi",
                "config.limits.maxTablesPerTenant", "42"));
    assertThat(manifests.kinds())
        .doesNotContain("Secret", "NetworkPolicy")
        .contains("ServiceMonitor");
    Map<String, Object> container = container(manifests.one("StatefulSet"));
    assertThat(secretRef(container, "STRATA_MASTER_KEY")).isEqualTo("my-keys");
    assertThat(secretRef(container, "STRATA_ADMIN_TOKEN")).isEqualTo("my-keys");
    assertThat(env(container)).containsEntry("STRATA_TLS_CERT", "/etc/strata/tls/tls.crt");
    assertThat(mounts(container)).containsEntry("tls", "/etc/strata/tls");
    assertThat(path(container, "resources", "limits", "memory")).isEqualTo("8Gi");
    Map<String, Object> claim =
        cast(((List<?>) path(manifests.one("StatefulSet"), "spec", "volumeClaimTemplates")).get(0));
    assertThat(path(claim, "spec", "resources", "requests", "storage")).isEqualTo("100Gi");
    assertThat((String) path(manifests.named("ConfigMap", "strata-config"), "data", "config.yaml"))
        .contains("maxTablesPerTenant: 42");

    Map<String, Object> monitor = manifests.one("ServiceMonitor");
    assertThat(cast(((List<?>) path(monitor, "spec", "endpoints")).get(0)))
        .containsEntry("port", "metrics")
        .containsEntry("path", "/metrics");

    Map<String, Object> dashboards = manifests.named("ConfigMap", "strata-dashboards");
    assertThat(path(dashboards, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
    Map<String, Object> files = cast(dashboards.get("data"));
    try (Stream<Path> sources = Files.list(DASHBOARDS)) {
      for (Path source : sources.toList()) {
        assertThat((String) files.get(source.getFileName().toString()))
            .as(source.toString())
            .isEqualTo(Files.readString(source).stripTrailing());
      }
    }
  }

  @Test
  void givenKeysGoIntoASecretThePodReads() {
    String masterKey = "ops:" + Base64.getEncoder().encodeToString(new byte[32]);
    Manifests manifests =
        render(Map.of("secret.masterKey", masterKey, "secret.adminToken", "t0ken"));
    Map<String, Object> secret = manifests.one("Secret");
    assertThat(decode(path(secret, "data", "master-key"))).isEqualTo(masterKey);
    assertThat(decode(path(secret, "data", "admin-token"))).isEqualTo("t0ken");
    Map<String, Object> container = container(manifests.one("StatefulSet"));
    assertThat(secretRef(container, "STRATA_MASTER_KEY"))
        .isEqualTo(path(secret, "metadata", "name"));
    assertThat(secretRef(container, "STRATA_ADMIN_TOKEN"))
        .isEqualTo(path(secret, "metadata", "name"));
  }

  @Test
  void theChartCarriesTheSameDashboardsAsGrafana() throws IOException {
    try (Stream<Path> sources = Files.list(DASHBOARDS);
        Stream<Path> copies = Files.list(CHART.resolve("dashboards"))) {
      List<Path> originals = sources.sorted().toList();
      assertThat(copies.map(Path::getFileName).sorted().toList())
          .as("copy grafana/dashboards/*.json into k8s/chart/strata/dashboards/")
          .isEqualTo(originals.stream().map(Path::getFileName).toList());
      for (Path original : originals) {
        assertThat(CHART.resolve("dashboards").resolve(original.getFileName()))
            .hasSameBinaryContentAs(original);
      }
    }
  }

  @Test
  void theImageShipsWhatTheLauncherRuns() throws IOException {
    String dockerfile = Files.readString(Path.of("../Dockerfile"));
    String launcher = Files.readString(Path.of("../strata"));
    for (String built : List.of("service/target/strata-service.jar", "service/target/lib")) {
      assertThat(launcher).as("./strata runs " + built).contains(built);
      assertThat(dockerfile).as("the image copies " + built).contains(built);
    }
    assertThat(Path.of("image/strata")).isExecutable();
  }

  /** Rendered documents, looked up by kind and name. */
  private record Manifests(List<Map<String, Object>> documents) {
    List<String> kinds() {
      return documents.stream().map(d -> (String) d.get("kind")).toList();
    }

    Map<String, Object> one(String kind) {
      List<Map<String, Object>> found =
          documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
      assertThat(found).as(kind).hasSize(1);
      return found.get(0);
    }

    Map<String, Object> named(String kind, String name) {
      return documents.stream()
          .filter(d -> kind.equals(d.get("kind")) && name.equals(path(d, "metadata", "name")))
          .findFirst()
          .orElse(null);
    }
  }

  private static Map<String, Object> container(Map<String, Object> statefulSet) {
    return cast(((List<?>) path(statefulSet, "spec", "template", "spec", "containers")).get(0));
  }

  private static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> env = new HashMap<>();
    for (Object entry : (List<?>) container.get("env")) {
      Map<String, Object> variable = cast(entry);
      env.put((String) variable.get("name"), variable.get("value"));
    }
    return env;
  }

  private static Object secretRef(Map<String, Object> container, String variable) {
    for (Object entry : (List<?>) container.get("env")) {
      Map<String, Object> env = cast(entry);
      if (variable.equals(env.get("name"))) {
        return path(env, "valueFrom", "secretKeyRef", "name");
      }
    }
    return null;
  }

  private static Map<String, Object> mounts(Map<String, Object> container) {
    Map<String, Object> mounts = new HashMap<>();
    for (Object entry : (List<?>) container.get("volumeMounts")) {
      Map<String, Object> mount = cast(entry);
      mounts.put((String) mount.get("name"), mount.get("mountPath"));
    }
    return mounts;
  }

  private static Map<String, Object> ports(Map<String, Object> container) {
    Map<String, Object> ports = new HashMap<>();
    for (Object entry : (List<?>) container.get("ports")) {
      Map<String, Object> port = cast(entry);
      ports.put((String) port.get("name"), port.get("containerPort"));
    }
    return ports;
  }

  private static String decode(Object base64) {
    return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
  }

  private static Object path(Map<String, Object> node, String... keys) {
    Object current = node;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object value) {
    return (Map<String, Object>) value;
  }
}

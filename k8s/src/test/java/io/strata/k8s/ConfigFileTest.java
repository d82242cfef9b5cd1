package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The YAML file the server reads through {@code STRATA_CONFIG}: mounted where the variable points,
 * carrying the ports the pod declares, and the user's own settings next to them.
 */
@Timeout(60)
class ConfigFileTest {
  @Test
  void strataConfigNamesAFileOfTheMountedConfigMap() {
    Manifests rendered = Chart.renderDefaults();
    String file = StatefulSetTest.environment(rendered).get("STRATA_CONFIG");

    Node volume = volumeMountedAbove(rendered, file);
    String configMapName = volume.get("configMap.name").text();
    String mountPath = mountOf(rendered, volume).get("mountPath").text();
    String key = file.substring(mountPath.length() + 1);

    assertThat(rendered.find("ConfigMap", configMapName)).isPresent();
    assertThat(rendered.find("ConfigMap", configMapName).get().get("data").findField(key))
        .as("key %s in ConfigMap %s", key, configMapName)
        .isPresent();
  }

  @Test
  void carriesThePortsOfTheValues() {
    Manifests rendered =
        Chart.withValues().set("ports.api", 443).set("ports.metrics", 9100).render();

    Node config = configFile(rendered);

    assertThat(config.get("api.port").integer()).isEqualTo(443);
    assertThat(config.get("admin.port").integer()).isEqualTo(8444);
    assertThat(config.get("metrics.port").integer()).isEqualTo(9100);
  }

  @Test
  void keepsTheUsersSettingsButNotTheirPorts() {
    Manifests rendered =
        Chart.withValues()
            .valuesFile(
                """
                config:
                  api:
                    port: 1234
                    maxRequestBytes: 1048576
                  storage:
                    mapSizeBytes: 137438953472
                  limits:
                    maxTablesPerTenant: 100
                """)
            .render();

    Node config = configFile(rendered);

    assertThat(config.get("api.port").integer())
        .as("the probes and the Service use ports.api, so the config file must too")
        .isEqualTo(8443);
    assertThat(config.get("api.maxRequestBytes").integer()).isEqualTo(1048576);
    assertThat(config.get("storage.mapSizeBytes").value()).isEqualTo(137438953472L);
    assertThat(config.get("limits.maxTablesPerTenant").integer()).isEqualTo(100);
  }

  @Test
  void generatedCertificateNamesTheService() {
    Manifests rendered = Chart.withValues().set("tls.extraHostNames[0]", "db.example.com").render();

    assertThat(configFile(rendered).get("api.tlsHostNames").value())
        .asList()
        .contains(
            Chart.FULLNAME,
            Chart.FULLNAME + "." + Chart.NAMESPACE + ".svc",
            Chart.FULLNAME + "." + Chart.NAMESPACE + ".svc.cluster.local",
            "db.example.com");
  }

  @Test
  void aChangedConfigRestartsThePod() {
    String before = checksum(Chart.renderDefaults());
    String after = checksum(Chart.withValues().set("config.limits.maxTablesPerTenant", 7).render());

    assertThat(after).isNotEqualTo(before);
  }

  /** The parsed content of the chart's config file. */
  static Node configFile(Manifests rendered) {
    String text =
        rendered
            .find("ConfigMap", Chart.FULLNAME)
            .orElseThrow()
            .get("data")
            .field("strata.yaml")
            .text();
    Map<?, ?> parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    return new Node(parsed, "strata.yaml");
  }

  private static String checksum(Manifests rendered) {
    return rendered
        .one("StatefulSet")
        .get("spec.template.metadata.annotations")
        .field("checksum/config")
        .text();
  }

  private static Node volumeMountedAbove(Manifests rendered, String file) {
    for (Node mount : rendered.container().get("volumeMounts").items()) {
      if (file.startsWith(mount.get("mountPath").text() + "/")) {
        return rendered.podSpec().get("volumes").named(mount.get("name").text());
      }
    }
    throw new AssertionError("no volume is mounted above " + file);
  }

  private static Node mountOf(Manifests rendered, Node volume) {
    return rendered.container().get("volumeMounts").named(volume.get("name").text());
  }
}

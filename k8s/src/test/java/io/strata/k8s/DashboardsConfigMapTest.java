package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Grafana dashboards ConfigMap. Helm reads only files inside the chart, so the chart keeps
 * copies of {@code grafana/dashboards/*.json} in {@code k8s/strata/dashboards/}; this test fails
 * the build when they drift, which keeps the chart installable straight from a checkout (no Maven
 * step that copies them first).
 */
@Timeout(60)
class DashboardsConfigMapTest {
  private static final Path ORIGINALS = Chart.repositoryRoot().resolve("grafana/dashboards");
  private static final Path COPIES = Chart.directory().resolve("dashboards");

  @Test
  void chartCopiesEqualTheGrafanaModulesDashboardsByteForByte() throws IOException {
    Map<String, byte[]> originals = dashboards(ORIGINALS);
    Map<String, byte[]> copies = dashboards(COPIES);

    String fix = "refresh them: cp grafana/dashboards/*.json k8s/strata/dashboards/";
    assertThat(originals).as("dashboards in %s", ORIGINALS).isNotEmpty();
    assertThat(copies.keySet()).as(fix).isEqualTo(originals.keySet());
    originals.forEach(
        (name, bytes) ->
            assertThat(Arrays.equals(copies.get(name), bytes)).as(name + ": " + fix).isTrue());
  }

  @Test
  void isRenderedOnlyWhenEnabled() {
    assertThat(Chart.renderDefaults().find("ConfigMap", Chart.FULLNAME + "-dashboards")).isEmpty();
  }

  @Test
  void carriesEveryDashboardUnderTheSidecarsLabel() throws IOException {
    Manifests rendered = Chart.withValues().set("grafanaDashboards.enabled", true).render();

    Node configMap = rendered.find("ConfigMap", Chart.FULLNAME + "-dashboards").orElseThrow();

    assertThat(configMap.get("metadata.labels.grafana_dashboard").text()).isEqualTo("1");
    assertThat(configMap.get("metadata.namespace").text()).isEqualTo(Chart.NAMESPACE);
    Map<String, Object> data = configMap.get("data").map();
    Map<String, byte[]> originals = dashboards(ORIGINALS);
    assertThat(data.keySet()).isEqualTo(originals.keySet());
    originals.forEach(
        (name, bytes) ->
            assertThat(data.get(name))
                .as(name)
                .isEqualTo(new String(bytes, StandardCharsets.UTF_8)));
  }

  @Test
  void goesToTheNamespaceTheSidecarWatches() {
    Manifests rendered =
        Chart.withValues()
            .set("grafanaDashboards.enabled", true)
            .set("grafanaDashboards.namespace", "monitoring")
            .render();

    Node configMap = rendered.find("ConfigMap", Chart.FULLNAME + "-dashboards").orElseThrow();
    assertThat(configMap.get("metadata.namespace").text()).isEqualTo("monitoring");
  }

  /** The {@code *.json} files of a directory, by file name. */
  private static Map<String, byte[]> dashboards(Path directory) throws IOException {
    Map<String, byte[]> found = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(file -> file.toString().endsWith(".json")).toList()) {
        found.put(file.getFileName().toString(), Files.readAllBytes(file));
      }
    }
    return found;
  }
}

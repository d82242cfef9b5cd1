package io.strata.k8s;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the chart in {@code k8s/strata} the way {@code helm template} would, through helm-java's
 * embedded Helm. Every render uses release {@value #RELEASE} in namespace {@value #NAMESPACE}, so
 * the resources are named {@value #FULLNAME}.
 */
final class Chart {
  static final String RELEASE = "prod";
  static final String NAMESPACE = "db";
  static final String FULLNAME = "prod-strata";

  /**
   * The cluster version to render for, as {@code --kube-version}. Without it the embedded Helm
   * assumes 1.20 (it is built without the client-go version the helm CLI reports), which the
   * chart's kubeVersion constraint refuses.
   */
  static final String KUBERNETES_VERSION = "v1.30.0";

  /**
   * The master key every render gives unless {@link #withoutMasterKey}: the default, a cluster,
   * needs one shared by its members, and the chart refuses to render a cluster without it.
   */
  static final String MASTER_KEY = "mk-2026:" + "A".repeat(43) + "=";

  private final Map<String, String> sets = new LinkedHashMap<>();
  private String valuesYaml = "";

  private Chart() {
    sets.put("secret.masterKey", MASTER_KEY);
  }

  /**
   * A render of the chart with its default values and {@link #MASTER_KEY}, plus whatever is added
   * before {@link #render}.
   */
  static Chart withValues() {
    return new Chart();
  }

  static Manifests renderDefaults() {
    return new Chart().render();
  }

  /** Gives no master key: only a single node ({@code replicas=1}) renders so. */
  Chart withoutMasterKey() {
    sets.remove("secret.masterKey");
    return this;
  }

  /** Like {@code --set key=value}. */
  Chart set(String key, Object value) {
    sets.put(key, String.valueOf(value));
    return this;
  }

  /** Like {@code -f values.yaml}; for values that --set cannot spell (PEM, nested maps, lists). */
  Chart valuesFile(String yaml) {
    valuesYaml = yaml;
    return this;
  }

  Manifests render() {
    return Manifests.parse(renderText());
  }

  /** The raw output; throws helm's error when a template fails (e.g. a {@code fail} call). */
  String renderText() {
    Path values = null;
    try {
      TemplateCommand template =
          new Helm(directory())
              .template()
              .withName(RELEASE)
              .withNamespace(NAMESPACE)
              .withKubeVersion(KUBERNETES_VERSION);
      if (!valuesYaml.isEmpty()) {
        values = Files.createTempFile("strata-values", ".yaml");
        Files.writeString(values, valuesYaml, StandardCharsets.UTF_8);
        template.withValuesFile(values);
      }
      sets.forEach(template::set);
      return template.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(values);
    }
  }

  /** The chart's directory, {@code k8s/strata}. */
  static Path directory() {
    return moduleDirectory().resolve("strata");
  }

  /** The repository's root, where the Dockerfile and the other modules are. */
  static Path repositoryRoot() {
    return moduleDirectory().getParent();
  }

  private static Path moduleDirectory() {
    // Set by surefire (k8s/pom.xml), so the tests find the chart whatever the working directory.
    String configured = System.getProperty("strata.k8s.dir");
    return (configured != null ? Paths.get(configured) : Paths.get("")).toAbsolutePath();
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

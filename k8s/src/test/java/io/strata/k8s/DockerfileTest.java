package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What can be checked of the root Dockerfile without a Docker engine: that what its runtime stage
 * copies out of the build stage is what this build produced, that it launches what {@code ./strata}
 * launches, and that it agrees with the chart's defaults (ports, uid, data directory).
 */
@Timeout(30)
class DockerfileTest {
  /** The build stage's working directory, where the repository is copied. */
  private static final String BUILD_ROOT = "/workspace/";

  private static final Path ROOT = Chart.repositoryRoot();

  private final List<String> instructions = instructions(ROOT.resolve("Dockerfile"));

  @Test
  void copiesOutOfTheBuildStageWhatTheBuildProduces() throws IOException {
    List<String> sources = new ArrayList<>();
    for (String copy : withKeyword("COPY")) {
      if (copy.contains("--from=build")) {
        sources.add(copy.split("\\s+")[2]);
      }
    }

    assertThat(sources).isNotEmpty();
    for (String source : sources) {
      assertThat(source).startsWith(BUILD_ROOT);
      Path built = ROOT.resolve(source.substring(BUILD_ROOT.length()));
      assertThat(built).as("%s, built by the service module", source).exists();
      if (Files.isDirectory(built)) {
        try (Stream<Path> files = Files.list(built)) {
          assertThat(files).as(source).isNotEmpty();
        }
      }
    }
  }

  @Test
  void launchesTheMainClassOfTheLauncherScript() throws IOException {
    String launcher = Files.readString(ROOT.resolve("strata"), StandardCharsets.UTF_8);
    Matcher main = Pattern.compile("(io\\.strata\\.[\\w.]+\\.Main)").matcher(launcher);
    assertThat(main.find()).as("./strata names a Main class").isTrue();

    assertThat(withKeyword("ENTRYPOINT")).singleElement().asString().contains(main.group(1));
  }

  @Test
  void exposesTheChartsDefaultPorts() {
    Map<String, Object> ports = chartDefaults().get("ports").map();

    List<String> exposed =
        withKeyword("EXPOSE").stream()
            .flatMap(line -> Stream.of(line.split("\\s+")).skip(1))
            .toList();

    assertThat(exposed)
        .containsExactlyInAnyOrder(
            String.valueOf(ports.get("api")),
            String.valueOf(ports.get("admin")),
            String.valueOf(ports.get("metrics")));
  }

  @Test
  void runsAsTheNumericUserTheChartExpectsWithDataInData() {
    Node pod = chartDefaults().get("podSecurityContext");

    assertThat(withKeyword("USER"))
        .containsExactly(
            "USER " + pod.get("runAsUser").integer() + ":" + pod.get("runAsGroup").integer());
    assertThat(withKeyword("ENV")).contains("ENV STRATA_DATA_DIR=/data");
  }

  private List<String> withKeyword(String keyword) {
    return instructions.stream().filter(line -> line.startsWith(keyword + " ")).toList();
  }

  private static Node chartDefaults() {
    try {
      String values = Files.readString(Chart.directory().resolve("values.yaml"));
      return new Node(new Yaml(new SafeConstructor(new LoaderOptions())).load(values), "values");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The Dockerfile's instructions, one per element, continuation lines joined, comments dropped.
   */
  private static List<String> instructions(Path dockerfile) {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    try {
      for (String line : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
        String trimmed = line.strip();
        if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
          continue;
        }
        if (trimmed.endsWith("\\")) {
          current.append(trimmed, 0, trimmed.length() - 1).append(' ');
          continue;
        }
        instructions.add(current.append(trimmed).toString().replaceAll("\\s+", " ").strip());
        current.setLength(0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return instructions;
  }
}

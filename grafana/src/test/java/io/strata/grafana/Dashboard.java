package io.strata.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One dashboard JSON file of {@code grafana/dashboards}, read the way Grafana reads it: panels
 * (rows' nested panels included), their Prometheus targets, and the dashboard's template variables,
 * with Grafana's variable interpolation ({@code $name}, {@code ${name}}, {@code ${name:format}},
 * {@code [[name]]}) so tests can run the queries Grafana would send.
 */
record Dashboard(Path file, JsonNode json) {
  /**
   * Grafana's built-in variables that dashboards use, with the values the tests give them: a rate
   * window of four 15 s scrapes, and a five-minute dashboard range.
   */
  static final Map<String, String> BUILT_INS =
      Map.of(
          "__rate_interval", "1m",
          "__interval", "15s",
          "__interval_ms", "15000",
          "__range", "5m",
          "__range_s", "300",
          "__range_ms", "300000");

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A panel's Prometheus query. */
  record Target(Dashboard dashboard, JsonNode panel, String refId, String expr) {
    String describe() {
      return dashboard.uid()
          + " panel "
          + panel.path("id").asInt()
          + " \""
          + panel.path("title").asText()
          + "\" target "
          + refId;
    }

    /** A query of a cluster member's Raft metrics, which a single node does not export. */
    boolean isReplication() {
      return expr.contains("ddb_raft_");
    }
  }

  /** The repository's {@code grafana/} directory: set by the pom, else the working directory. */
  static Path grafanaDirectory() {
    return Path.of(System.getProperty("strata.grafana.dir", "."));
  }

  /** Every dashboard in {@code grafana/dashboards}, sorted by file name. */
  static List<Dashboard> all() {
    Path directory = grafanaDirectory().resolve("dashboards");
    try (Stream<Path> files = Files.list(directory)) {
      List<Dashboard> dashboards =
          files
              .filter(file -> file.getFileName().toString().endsWith(".json"))
              .sorted()
              .map(Dashboard::read)
              .toList();
      if (dashboards.isEmpty()) {
        throw new IllegalStateException("no dashboards in " + directory.toAbsolutePath());
      }
      return dashboards;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dashboard read(Path file) {
    try {
      return new Dashboard(file, JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  String uid() {
    return json.path("uid").asText();
  }

  String fileName() {
    return file.getFileName().toString();
  }

  /** Every panel, rows and the panels inside collapsed rows included, in file order. */
  List<JsonNode> panels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : json.path("panels")) {
      panels.add(panel);
      for (JsonNode nested : panel.path("panels")) {
        panels.add(nested);
      }
    }
    return panels;
  }

  /** The panels that show data: every panel but rows. */
  List<JsonNode> dataPanels() {
    return panels().stream().filter(panel -> !isRow(panel)).toList();
  }

  static boolean isRow(JsonNode panel) {
    return panel.path("type").asText().equals("row");
  }

  List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    for (JsonNode panel : dataPanels()) {
      for (JsonNode target : panel.path("targets")) {
        targets.add(
            new Target(this, panel, target.path("refId").asText(), target.path("expr").asText()));
      }
    }
    return targets;
  }

  List<JsonNode> variables() {
    List<JsonNode> variables = new ArrayList<>();
    json.path("templating").path("list").forEach(variables::add);
    return variables;
  }

  /** A query variable's PromQL-side query, e.g. {@code label_values(metric{...}, label)}. */
  static String variableQuery(JsonNode variable) {
    JsonNode query = variable.path("query");
    return query.isObject() ? query.path("query").asText() : query.asText();
  }

  /** The names of the variables {@code text} refers to, in order of first use. */
  static Set<String> referencedVariables(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = VARIABLE.matcher(text);
    while (matcher.find()) {
      names.add(name(matcher));
    }
    return names;
  }

  /**
   * Replaces every variable in {@code text} with its value from {@code values} or {@link
   * #BUILT_INS}; throws on a variable with no value, so a typo cannot pass as literal text.
   */
  static String interpolate(String text, Map<String, String> values) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = name(matcher);
      String value = values.containsKey(name) ? values.get(name) : BUILT_INS.get(name);
      if (value == null) {
        throw new IllegalArgumentException("no value for $" + name + " in " + text);
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private static String name(Matcher matcher) {
    for (int group = 1; group <= 3; group++) {
      if (matcher.group(group) != null) {
        return matcher.group(group);
      }
    }
    throw new IllegalStateException("a variable match without a name");
  }
}

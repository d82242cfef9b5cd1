package io.strata.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.billing.UsageMetrics;
import io.strata.service.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboards' structure, checked without Grafana or Prometheus: what import and provisioning
 * need (a data source variable instead of a fixed data source, no dashboard id), what readers need
 * (unique panel ids, a layout that fits, descriptions), and that every query names only metrics and
 * labels the service exports and variables the dashboard defines. {@code DashboardQueriesIT} then
 * runs the queries against a real Prometheus.
 */
@Timeout(30)
class DashboardsTest {
  /**
   * The metric names are API ({@code io.strata.billing.UsageMetrics}, plus the engine's in {@code
   * io.strata.service.metering.MetricsEndpoint}, a cluster member's in {@code RaftMetrics} and the
   * process's in {@code ProcessMetrics}, of which Micrometer's JVM and process binders export more
   * than the dashboards show); every one listed here is on some dashboard. The histogram's {@code
   * _sum}, {@code _count} and {@code _max} series may be used but need not be.
   */
  private static final Set<String> EXPORTED_METRICS =
      Set.of(
          "ddb_consumed_read_units_total",
          "ddb_consumed_write_units_total",
          "ddb_throttled_requests_total",
          "ddb_requests_total",
          "ddb_request_duration_seconds_bucket",
          "ddb_table_items",
          "ddb_table_size_bytes",
          "ddb_provisioned_read_units",
          "ddb_provisioned_write_units",
          "ddb_pitr_retained_changes",
          "ddb_pitr_storage_bytes",
          "ddb_restored_bytes_total",
          "ddb_cache_hits_total",
          "ddb_cache_misses_total",
          "ddb_cache_saved_read_units_total",
          "ddb_writer_commits_total",
          "ddb_writer_ops_total",
          "ddb_writer_up",
          "ddb_writer_queued_ops",
          "ddb_writer_queued_bytes",
          "ddb_storage_size_bytes",
          "ddb_storage_map_size_bytes",
          "ddb_tls_certificate_expiry_timestamp_seconds",
          "ddb_build_info",
          "ddb_raft_role",
          "ddb_raft_applied_index",
          "ddb_raft_leader_changes_total",
          "ddb_raft_commit_latency_seconds_bucket",
          "jvm_memory_used_bytes",
          "jvm_memory_max_bytes",
          "jvm_gc_pause_seconds_sum",
          "jvm_threads_live_threads",
          "process_cpu_usage",
          "process_files_open_files",
          "process_files_max_files",
          "process_uptime_seconds");

  private static final Set<String> OPTIONAL_METRICS =
      Set.of(
          "ddb_request_duration_seconds_count",
          "ddb_request_duration_seconds_sum",
          "ddb_request_duration_seconds_max",
          "ddb_raft_commit_latency_seconds_count",
          "ddb_raft_commit_latency_seconds_sum",
          "ddb_raft_commit_latency_seconds_max");

  /** The service's labels, plus those Prometheus adds at scrape and the histogram's {@code le}. */
  private static final Set<String> LABELS =
      Set.of(
          "tenant",
          "table",
          "operation",
          "outcome",
          "le",
          "instance",
          "job",
          "area",
          "role",
          "version",
          "java");

  private static final Pattern METRIC = Pattern.compile("\\b(?:ddb|jvm|process)_\\w+");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(?:=~|!~|!=|=)\\s*\"");
  private static final Pattern OUTCOME_REGEX = Pattern.compile("outcome(=~|!~)\"([^\"]*)\"");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*(ddb_\\w+)(\\{[^}]*})?\\s*,\\s*(\\w+)\\s*\\)");

  static List<Dashboard> dashboards() {
    return Dashboard.all();
  }

  @Test
  void thereIsOneDashboardPerAudienceWithUniqueUids() {
    Set<String> uids = new HashSet<>();
    for (Dashboard dashboard : dashboards()) {
      assertThat(uids.add(dashboard.uid())).as("duplicate uid %s", dashboard.uid()).isTrue();
    }
    assertThat(uids).containsExactlyInAnyOrder("strata-service-health", "strata-tenant-usage");
  }

  @Test
  void everyExportedMetricIsOnADashboard() {
    Set<String> used = new TreeSet<>();
    for (Dashboard dashboard : dashboards()) {
      for (Dashboard.Target target : dashboard.targets()) {
        used.addAll(metrics(target.expr()));
      }
    }
    assertThat(used).containsAll(EXPORTED_METRICS);
  }

  /**
   * The error panels sort failures by {@code outcome}, the error's short name: server errors are
   * the codes answered with a 5xx status, throttling the 4xx codes SDKs retry, client errors the
   * rest. The selectors must list exactly those codes, so a new error code lands in the right one.
   */
  @Test
  void errorSelectorsFollowTheServicesErrorCodes() {
    Set<String> serverErrors = new TreeSet<>();
    Set<String> throttling = new TreeSet<>();
    for (ErrorCode code : ErrorCode.values()) {
      String outcome = code.wireType().substring(code.wireType().indexOf('#') + 1);
      if (code.httpStatus() >= 500) {
        serverErrors.add(outcome);
      } else if (code.isRetryable()) {
        throttling.add(outcome);
      }
    }
    Set<String> notClientErrors = new TreeSet<>(Set.of(UsageMetrics.SUCCESS));
    notClientErrors.addAll(serverErrors);
    notClientErrors.addAll(throttling);
    int selectors = 0;
    for (Dashboard dashboard : dashboards()) {
      for (Dashboard.Target target : dashboard.targets()) {
        Matcher selector = OUTCOME_REGEX.matcher(target.expr());
        while (selector.find()) {
          Set<String> listed = new TreeSet<>(List.of(selector.group(2).split("\\|")));
          if (selector.group(1).equals("=~")) {
            assertThat(listed).as(target.describe()).isIn(serverErrors, throttling);
          } else {
            assertThat(listed).as(target.describe()).isEqualTo(notClientErrors);
          }
          selectors++;
        }
      }
    }
    assertThat(selectors).as("the health dashboard's error panels").isPositive();
  }

  /** The alerting rules the Helm chart ships watch metrics that exist, like the dashboards. */
  @Test
  void theChartsAlertsUseOnlyExportedMetrics() throws IOException {
    Path alerts =
        Dashboard.grafanaDirectory()
            .toAbsolutePath()
            .normalize()
            .resolveSibling("k8s")
            .resolve("strata/alerts/strata-alerts.yaml");
    Set<String> used = metrics(Files.readString(alerts, StandardCharsets.UTF_8));

    assertThat(used).isNotEmpty().isSubsetOf(EXPORTED_METRICS);
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void importsAnywhere(Dashboard dashboard) {
    JsonNode json = dashboard.json();
    assertThat(dashboard.uid()).isEqualTo(dashboard.fileName().replace(".json", ""));
    assertThat(json.path("title").asText()).isNotBlank();
    assertThat(json.path("id").isMissingNode() || json.path("id").isNull())
        .as("a fixed dashboard id clashes on import; leave it out")
        .isTrue();
    assertThat(json.path("schemaVersion").isInt()).isTrue();
    assertThat(json.path("tags").toString()).contains("\"strata\"");
    assertThat(dashboard.variables())
        .filteredOn(variable -> variable.path("type").asText().equals("datasource"))
        .singleElement()
        .satisfies(
            variable -> {
              assertThat(variable.path("name").asText()).isEqualTo("datasource");
              assertThat(variable.path("query").asText()).isEqualTo("prometheus");
            });
    assertThat(json.toString())
        .as("no data source uid but the variable's")
        .doesNotContain("\"uid\":\"prometheus\"");
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void panelIdsAreUniqueAndTheLayoutFits(Dashboard dashboard) {
    Set<Integer> ids = new HashSet<>();
    List<int[]> areas = new ArrayList<>();
    for (JsonNode panel : dashboard.panels()) {
      int id = panel.path("id").asInt(0);
      assertThat(id).as("panel %s has an id", panel.path("title")).isPositive();
      assertThat(ids.add(id)).as("duplicate panel id %s", id).isTrue();
      JsonNode grid = panel.path("gridPos");
      int x = grid.path("x").asInt(-1);
      int y = grid.path("y").asInt(-1);
      int w = grid.path("w").asInt(0);
      int h = grid.path("h").asInt(0);
      assertThat(x).as("panel %s x", id).isBetween(0, 23);
      assertThat(y).as("panel %s y", id).isNotNegative();
      assertThat(w).as("panel %s width", id).isBetween(1, 24 - x);
      assertThat(h).as("panel %s height", id).isPositive();
      areas.add(new int[] {id, x, y, w, h});
    }
    for (int i = 0; i < areas.size(); i++) {
      for (int j = i + 1; j < areas.size(); j++) {
        int[] a = areas.get(i);
        int[] b = areas.get(j);
        boolean overlap = a[1] < b[1] + b[3] && b[1] < a[1] + a[3] && a[2] < b[2] + b[4];
        overlap &= b[2] < a[2] + a[4];
        assertThat(overlap).as("panels %s and %s overlap", a[0], b[0]).isFalse();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void everyPanelQueriesTheDataSourceVariable(Dashboard dashboard) {
    assertThat(dashboard.dataPanels()).isNotEmpty();
    for (JsonNode panel : dashboard.dataPanels()) {
      String name = "panel " + panel.path("id").asInt() + " " + panel.path("title");
      assertThat(panel.path("title").asText()).as(name).isNotBlank();
      assertThat(panel.path("description").asText()).as("%s description", name).isNotBlank();
      assertThat(panel.path("type").asText()).as(name).isNotBlank();
      assertThat(panel.path("datasource").path("type").asText()).as(name).isEqualTo("prometheus");
      assertThat(panel.path("datasource").path("uid").asText()).as(name).isEqualTo("${datasource}");
      assertThat(panel.path("targets").size()).as("%s has targets", name).isPositive();
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        assertThat(refIds.add(target.path("refId").asText()))
            .as("%s: refIds are unique and set", name)
            .isTrue();
        assertThat(target.path("refId").asText()).as(name).isNotBlank();
        assertThat(target.path("expr").asText()).as("%s has an expression", name).isNotBlank();
        if (target.has("datasource")) {
          assertThat(target.path("datasource")).as(name).isEqualTo(panel.path("datasource"));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void queriesUseOnlyExportedMetricsAndLabels(Dashboard dashboard) {
    for (Dashboard.Target target : dashboard.targets()) {
      String expr = target.expr();
      assertThat(metrics(expr)).as(target.describe()).isNotEmpty();
      for (String metric : metrics(expr)) {
        assertThat(EXPORTED_METRICS.contains(metric) || OPTIONAL_METRICS.contains(metric))
            .as("%s: unknown metric %s", target.describe(), metric)
            .isTrue();
      }
      assertThat(labels(expr)).as(target.describe()).isSubsetOf(LABELS);
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void variablesResolve(Dashboard dashboard) {
    Map<String, String> values = new HashMap<>();
    Set<String> defined = new LinkedHashSet<>();
    for (JsonNode variable : dashboard.variables()) {
      String name = variable.path("name").asText();
      String type = variable.path("type").asText();
      assertThat(name).matches("\\w+");
      assertThat(defined.add(name)).as("duplicate variable %s", name).isTrue();
      assertThat(Dashboard.BUILT_INS).doesNotContainKey(name);
      switch (type) {
        case "datasource":
          break;
        case "query":
          String query = Dashboard.variableQuery(variable);
          Matcher form = LABEL_VALUES.matcher(query);
          assertThat(form.matches())
              .as(
                  "$%s: label_values(<metric>{...}, <label>) over an exported metric: %s",
                  name, query)
              .isTrue();
          assertThat(variable.path("definition").asText())
              .as("$%s: the definition Grafana shows is the query it runs", name)
              .isEqualTo(query);
          assertThat(EXPORTED_METRICS).contains(form.group(1));
          assertThat(LABELS).contains(form.group(3));
          assertThat(variable.path("datasource").path("uid").asText())
              .as("$%s uses the data source variable", name)
              .isEqualTo("${datasource}");
          for (String used : Dashboard.referencedVariables(query)) {
            assertThat(used)
                .as("$%s refers only to variables defined before it", name)
                .isIn(values.keySet());
          }
          if (variable.path("includeAll").asBoolean()) {
            assertThat(variable.path("allValue").asText())
                .as("$%s: All is a regex, not a list of every value", name)
                .isNotBlank();
          }
          values.put(name, "value-of-" + name);
          break;
        case "textbox":
        case "constant":
          String value = variable.path("query").asText();
          assertThat(Double.parseDouble(value)).as("$%s is a number", name).isNotNegative();
          values.put(name, value);
          break;
        default:
          throw new AssertionError("$" + name + " has an unexpected type " + type);
      }
    }
    for (Dashboard.Target target : dashboard.targets()) {
      String interpolated = Dashboard.interpolate(target.expr(), values);
      assertThat(interpolated).as(target.describe()).doesNotContain("$");
      for (JsonNode panelTarget : target.panel().path("targets")) {
        Dashboard.interpolate(panelTarget.path("legendFormat").asText(), values);
      }
      Dashboard.interpolate(target.panel().path("title").asText(), values);
    }
    Set<String> unused = new TreeSet<>(defined);
    unused.remove("datasource");
    for (Dashboard.Target target : dashboard.targets()) {
      unused.removeAll(Dashboard.referencedVariables(target.expr()));
    }
    assertThat(unused).as("variables no query uses").isEmpty();
  }

  @Test
  void interpolationFollowsGrafanasSyntaxes() {
    Map<String, String> values = Map.of("tenant", "t1", "table", "(a|b)");
    assertThat(
            Dashboard.interpolate(
                "x{tenant=\"$tenant\",table=~\"${table}\"}[$__rate_interval] [[tenant]]"
                    + " ${table:regex} $__range_s",
                values))
        .isEqualTo("x{tenant=\"t1\",table=~\"(a|b)\"}[1m] t1 (a|b) 300");
  }

  private static Set<String> metrics(String expr) {
    Set<String> metrics = new TreeSet<>();
    Matcher matcher = METRIC.matcher(expr);
    while (matcher.find()) {
      metrics.add(matcher.group());
    }
    return metrics;
  }

  private static Set<String> labels(String expr) {
    Set<String> labels = new TreeSet<>();
    Matcher grouping = GROUPING.matcher(expr);
    while (grouping.find()) {
      for (String label : grouping.group(1).split(",")) {
        if (!label.isBlank()) {
          labels.add(label.trim());
        }
      }
    }
    Matcher matcher = MATCHER.matcher(expr);
    while (matcher.find()) {
      labels.add(matcher.group(1));
    }
    return labels;
  }
}

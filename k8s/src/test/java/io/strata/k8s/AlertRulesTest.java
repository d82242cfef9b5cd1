package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.RequiredBinary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The alerting rules the chart ships ({@code alerts/strata-alerts.yaml}) pass Prometheus' own
 * checker, fire on the series of the trouble each describes and not before ({@code promtool test
 * rules} on {@code src/test/resources/alerts/}), and reach the prometheus-operator unchanged.
 * {@code promtool} is Debian's {@code prometheus} package, or {@code $PROMTOOL_BINARY}.
 */
@Timeout(120)
class AlertRulesTest {
  private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)");

  private static Path rules() {
    return Chart.directory().resolve("alerts").resolve("strata-alerts.yaml");
  }

  private static Path unitTests() {
    return Chart.directory()
        .getParent()
        .resolve("src/test/resources/alerts/strata-alerts-test.yaml");
  }

  @Test
  void theRulesPassPromtoolCheck() throws Exception {
    Result checked = promtool("check", "rules", rules().toString());

    assertThat(checked.exitCode()).as(checked.output()).isZero();
    assertThat(checked.output()).contains("SUCCESS: 9 rules found");
  }

  @Test
  void everyAlertFiresOnItsTroubleAndStaysQuietShortOfIt() throws Exception {
    Result tested = promtool("test", "rules", unitTests().toString());

    assertThat(tested.exitCode()).as(tested.output()).isZero();
    assertThat(tested.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasAUnitTest() throws IOException {
    String tests = Files.readString(unitTests(), StandardCharsets.UTF_8);
    List<String> alerts = alertNames(Files.readString(rules(), StandardCharsets.UTF_8));

    assertThat(alerts)
        .containsExactlyInAnyOrder(
            "StrataStoreNearlyFull",
            "StrataStoreFull",
            "StrataWriterDown",
            "StrataServerErrors",
            "StrataCertificateExpiresSoon",
            "StrataCertificateExpired",
            "StrataThrottlingSpike",
            "StrataRaftNoLeader",
            "StrataRaftMemberLagging");
    assertThat(alerts).allMatch(alert -> tests.contains("alertname: " + alert));
  }

  @Test
  void noPrometheusRuleByDefault() {
    assertThat(Chart.renderDefaults().kinds()).doesNotContain("PrometheusRule");
  }

  @Test
  void thePrometheusRuleCarriesTheRulesUnchanged() throws Exception {
    Manifests rendered =
        Chart.withValues()
            .set("prometheusRule.enabled", true)
            .set("prometheusRule.labels.release", "kube-prometheus-stack")
            .render();

    Node rule = rendered.one("PrometheusRule");
    assertThat(rule.get("apiVersion").text()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.get("metadata.labels.release").text()).isEqualTo("kube-prometheus-stack");
    Object shipped =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(rules(), StandardCharsets.UTF_8));
    assertThat(rule.get("spec").value()).isEqualTo(shipped);

    Path spec = Files.createTempFile("strata-prometheusrule", ".yaml");
    try {
      Files.writeString(spec, new Yaml().dump(rule.get("spec").value()), StandardCharsets.UTF_8);
      Result checked = promtool("check", "rules", spec.toString());
      assertThat(checked.exitCode()).as(checked.output()).isZero();
    } finally {
      Files.delete(spec);
    }
  }

  private static List<String> alertNames(String rules) {
    Matcher alert = ALERT.matcher(rules);
    return alert.results().map(match -> match.group(1)).collect(Collectors.toList());
  }

  private record Result(int exitCode, String output) {}

  private static Result promtool(String... arguments) throws Exception {
    Path binary = RequiredBinary.find("promtool", "PROMTOOL_BINARY", "prometheus");
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(process.exitValue(), output);
  }
}

package io.strata.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code helm lint --strict}: a chart that lints with warnings fails here, as it would in CI. */
@Timeout(60)
class ChartLintTest {
  @Test
  void lintsCleanWithStrictChecks() {
    LintResult result = new Helm(Chart.directory()).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
  }

  /** Keeps the lint test honest: the same call does report a broken chart. */
  @Test
  void reportsABrokenChart(@TempDir Path directory) throws Exception {
    Files.writeString(
        directory.resolve("Chart.yaml"), "apiVersion: v2\nname: broken\nversion: not-semver\n");

    LintResult result = new Helm(directory).lint().strict().call();

    assertThat(result.isFailed()).isTrue();
  }
}

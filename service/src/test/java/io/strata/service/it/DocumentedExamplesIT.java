package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.DocumentedShell;
import io.strata.service.testing.ServerProcess;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shell examples of README.md and docs/operations.md work as written, with the real aws CLI,
 * openssl and curl against a real server process ({@link DocumentedShell}): a reader who pastes
 * them gets what the documentation promises. On Debian: {@code apt-get install awscli openssl
 * curl}.
 */
@Timeout(300)
class DocumentedExamplesIT {
  private static ServerProcess server;

  @BeforeAll
  static void start() throws Exception {
    server = ServerProcess.start(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void theReadmeQuickstartWorksWithTheAwsCli() throws Exception {
    Credentials keys = server.firstTenant();
    UnaryOperator<String> withKeys =
        script ->
            script
                .lines()
                .map(
                    line ->
                        line.startsWith("export AWS_ACCESS_KEY_ID=")
                            ? "export AWS_ACCESS_KEY_ID="
                                + keys.accessKeyId()
                                + " AWS_SECRET_ACCESS_KEY="
                                + keys.secretAccessKey()
                            : line)
                .collect(Collectors.joining("\n"));

    DocumentedShell.Run run =
        DocumentedShell.run(
            server,
            DocumentedShell.example("README.md", "readme-quickstart"),
            script -> withKeys.apply(DocumentedShell.aimedAt(server).apply(script)));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .as("get-item prints the item put")
        .contains("\"name\": {\n            \"S\": \"Ada\"")
        .doesNotContain("InsecureRequestWarning");
  }

  @Test
  void theJwtExampleCallsTheApiWithABearerToken() throws Exception {
    DocumentedShell.Run run =
        DocumentedShell.run(
            server,
            DocumentedShell.example("docs/operations.md", "jwt-example"),
            DocumentedShell.aimedAt(server));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("\"issuer\":\"https://issuer.example.com\"")
        .containsPattern("\\{\"TableNames\":\\[[^]]*]}$");
  }
}

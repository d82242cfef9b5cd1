package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.api.Operations;
import io.strata.service.testing.StrataTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/operations.md lists exactly the operations the server serves: the table between its markers
 * is generated here from the running server's operation registry, so an operation added or removed
 * fails the build until the table is pasted in again (the failure prints it).
 */
@Timeout(120)
class SupportedOperationsIT {
  private static final Path DOCUMENT = Path.of("..", "docs", "operations.md");
  private static final String START =
      "<!-- supported operations: generated from io.strata.service.api.Operations -->\n";
  private static final String END = "<!-- end of supported operations -->";

  @Test
  void theDocumentedTableIsTheRegistrys() throws Exception {
    String expected =
        "| Operation | Control plane |\n|---|---|\n"
            + StrataTestServer.shared().server().operationNames().stream()
                .map(
                    name ->
                        "| `"
                            + name
                            + "` | "
                            + (Operations.isControlPlane(name) ? "yes" : "")
                            + " |\n")
                .collect(Collectors.joining());

    String document = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
    int start = document.indexOf(START);
    int end = document.indexOf(END);
    assertThat(start).as("docs/operations.md has the start marker").isNotNegative();
    assertThat(end).as("and the end marker after it").isGreaterThan(start);
    assertThat(document.substring(start + START.length(), end))
        .as("the table in docs/operations.md; paste this between the markers:%n%s", expected)
        .isEqualTo(expected);
  }
}

package io.strata.service.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs a shell example of the documentation as a reader would paste it. The example is the {@code
 * sh} code block right after {@code <!-- checked by DocumentedExamplesIT: NAME -->} in a markdown
 * file. It runs with bash in a directory laid out like a checkout next to a running server: {@code
 * ./data} is the server's data directory and {@code ./strata} runs this build's {@code Main}, so
 * the example's paths and commands work as written; only what a reader would change for their own
 * server (its address, their keys) is replaced. No {@code AWS_*} or {@code STRATA_*} variable of
 * the test's environment leaks in, and the aws CLI reads no configuration files.
 */
public final class DocumentedShell {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  private DocumentedShell() {}

  /** What the example printed and how it ended. */
  public record Run(int exitCode, String output) {}

  /** The example named {@code name} in {@code document} (relative to the repository's root). */
  public static String example(String document, String name) throws IOException {
    String text = Files.readString(REPOSITORY.resolve(document), StandardCharsets.UTF_8);
    String marker = "<!-- checked by DocumentedExamplesIT: " + name + " -->";
    int at = text.indexOf(marker);
    if (at < 0) {
      throw new AssertionError(document + " has no example marked " + marker);
    }
    int start = text.indexOf("```sh\n", at) + "```sh\n".length();
    return text.substring(start, text.indexOf("```", start));
  }

  /**
   * Runs {@code script} (after {@code edit}) next to {@code server}, with bash, the aws CLI,
   * openssl and curl required on the {@code PATH}.
   */
  public static Run run(ServerProcess server, String script, UnaryOperator<String> edit)
      throws Exception {
    Path bash = RequiredBinary.find("bash", "bash");
    for (String[] tool :
        new String[][] {{"aws", "awscli"}, {"openssl", "openssl"}, {"curl", "curl"}}) {
      RequiredBinary.find(tool[0], tool[1]);
    }
    Path checkout = Files.createTempDirectory("strata-docs");
    Files.createSymbolicLink(checkout.resolve("data"), server.dataDirectory());
    Path strata = checkout.resolve("strata");
    Files.writeString(
        strata,
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "exec '"
                + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -cp '"
                + System.getProperty("java.class.path")
                + "' io.strata.service.Main \"$@\"",
            ""));
    Files.setPosixFilePermissions(strata, PosixFilePermissions.fromString("rwx------"));
    Path example = checkout.resolve("example.sh");
    Files.writeString(example, edit.apply(script), StandardCharsets.UTF_8);

    ProcessBuilder builder =
        new ProcessBuilder(List.of(bash.toString(), "-euo", "pipefail", example.toString()))
            .directory(checkout.toFile())
            .redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("STRATA_"));
    environment.put("AWS_CONFIG_FILE", "/dev/null");
    environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    environment.put("STRATA_ADMIN_PORT", server.setting("STRATA_ADMIN_PORT"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the example did not finish: " + output);
    }
    return new Run(process.exitValue(), output);
  }

  /** The example aimed at {@code server}'s API instead of the default {@code localhost:8443}. */
  public static UnaryOperator<String> aimedAt(ServerProcess server) {
    return script -> script.replace("https://localhost:8443", server.endpoint().toString());
  }
}

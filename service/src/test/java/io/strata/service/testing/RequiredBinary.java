package io.strata.service.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A program a test cannot do without (Prometheus, promtool, openssl, ...), found on the {@code
 * PATH} or where an environment variable says. A missing program fails the test with a message that
 * says how to install it: a test that skipped itself instead would let {@code ./mvnw verify} pass
 * on a machine where it never ran.
 */
public final class RequiredBinary {
  private RequiredBinary() {}

  /**
   * The program {@code name}: {@code $overrideVariable} if set, else {@code name} on the {@code
   * PATH}.
   *
   * @param debianPackage the Debian package that ships it, for the failure message
   */
  public static Path find(String name, String overrideVariable, String debianPackage) {
    String configured = System.getenv(overrideVariable);
    boolean isConfigured = configured != null && !configured.isBlank();
    Optional<Path> found =
        isConfigured ? Optional.of(Path.of(configured)).filter(Files::isExecutable) : onPath(name);
    return found.orElseThrow(
        () ->
            new IllegalStateException(
                name
                    + " is not installed (looked for "
                    + (isConfigured
                        ? "$" + overrideVariable + "=" + configured
                        : name + " on the PATH")
                    + "); install it (Debian: apt-get install "
                    + debianPackage
                    + ") or set "
                    + overrideVariable
                    + " to its path"));
  }

  /** {@link #find} for programs tests only need on the {@code PATH}. */
  public static Path find(String name, String debianPackage) {
    return onPath(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    name
                        + " is not on the PATH; install it (Debian: apt-get install "
                        + debianPackage
                        + ")"));
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        Path candidate = Path.of(entry, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}

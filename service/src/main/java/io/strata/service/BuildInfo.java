package io.strata.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build of Strata is: its version, written into {@code build.properties} by Maven when it
 * builds the service. Shown by {@code strata admin --version} and exported as the {@code
 * ddb_build_info} metric.
 */
public final class BuildInfo {
  /** The Maven project version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static final String VERSION = load().getProperty("version", "unknown");

  private BuildInfo() {}

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read build.properties", e);
    }
    return properties;
  }
}

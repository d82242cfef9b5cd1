package io.strata.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The real Prometheus server, run as a child process that scrapes the given targets every second:
 * tests ask it PromQL questions through its HTTP API ({@code /api/v1/query}) exactly as Grafana
 * does, so a metric that is misnamed, mislabelled or malformed for Prometheus' parser fails there
 * and not in production.
 *
 * <p>The binary is {@code $PROMETHEUS_BINARY} if set, else {@code prometheus} on the {@code PATH}
 * (Debian's package; {@code .ci/run} installs it). Without it the tests that need it fail, saying
 * how to install it ({@link RequiredBinary}).
 *
 * <p>Each instance owns a temporary directory holding its configuration, its TSDB and its log, and
 * deletes it on {@link #close}. It listens on 127.0.0.1 only, on a free port picked at start; if
 * another process takes the port first, the start is retried on a new one. Not thread-safe to start
 * or close; {@link #query} may be called from any thread.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final int START_ATTEMPTS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path directory;
  private final URI baseUri;
  private final HttpClient http;
  private final Thread shutdownHook;

  private PrometheusServer(Process process, Path directory, URI baseUri, HttpClient http) {
    this.process = process;
    this.directory = directory;
    this.baseUri = baseUri;
    this.http = http;
    this.shutdownHook = new Thread(process::destroyForcibly, "prometheus-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts Prometheus scraping {@code targets} ({@code host:port}, plain HTTP, path {@code
   * /metrics}) every second, and returns once it reports ready.
   */
  public static PrometheusServer start(List<String> targets) {
    Path binary = RequiredBinary.find("prometheus", "PROMETHEUS_BINARY", "prometheus");
    Path directory;
    try {
      directory = Files.createTempDirectory("strata-prometheus");
      Files.writeString(directory.resolve("prometheus.yml"), configuration(targets));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IllegalStateException failure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce(binary, directory, FreePorts.next());
      } catch (IllegalStateException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    deleteRecursively(directory);
    throw failure;
  }

  /** The server's base address, e.g. {@code http://127.0.0.1:40123}. */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * Evaluates {@code promql} as an instant query at the current time. A query Prometheus rejects is
   * returned as a result whose {@link QueryResult#isSuccess} is false, with Prometheus' error; only
   * transport failures and non-JSON answers throw.
   */
  public QueryResult query(String promql) {
    URI uri =
        baseUri.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("query failed: " + promql, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying: " + promql, e);
    }
    try {
      return QueryResult.parse(promql, JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new IllegalStateException(
          "Prometheus answered HTTP "
              + response.statusCode()
              + " with a body that is not JSON for "
              + promql
              + ": "
              + response.body(),
          e);
    }
  }

  /**
   * Repeats {@link #query} until its result satisfies {@code condition}, and returns that result.
   * Throws an {@link AssertionError} carrying the last result when {@code timeout} passes first.
   * Metrics reach Prometheus only at its next scrape, so tests wait for them rather than sleep.
   */
  public QueryResult awaitQuery(String promql, Predicate<QueryResult> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      QueryResult result = query(promql);
      if (condition.test(result)) {
        return result;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "after " + timeout + ", the query still did not satisfy the condition: " + result);
      }
      sleep(POLL_INTERVAL);
    }
  }

  /** Waits until every target has been scraped successfully ({@code up == 1}). */
  public void awaitTargetsUp(int targetCount, Duration timeout) {
    awaitQuery(
        "up",
        result ->
            result.samples().size() == targetCount
                && result.samples().stream().allMatch(sample -> sample.value() == 1),
        timeout);
  }

  /** Stops Prometheus and deletes its directory, TSDB included. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or about to; it kills the process again, harmlessly
    }
    deleteRecursively(directory);
  }

  private static PrometheusServer startOnce(Path binary, Path directory, int port) {
    Path storage = directory.resolve("data-" + port);
    Path log = directory.resolve("prometheus-" + port + ".log");
    Process process;
    try {
      process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + directory.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + storage,
                  "--storage.tsdb.retention.time=1h",
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn")
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + binary, e);
    }
    URI baseUri = URI.create("http://127.0.0.1:" + port);
    HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Prometheus exited with status " + process.exitValue() + " on start: " + tail(log));
      }
      if (isReady(http, baseUri)) {
        return new PrometheusServer(process, directory, baseUri, http);
      }
      sleep(POLL_INTERVAL);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "Prometheus was not ready after " + STARTUP_TIMEOUT + ": " + tail(log));
  }

  private static boolean isReady(HttpClient http, URI baseUri) {
    HttpRequest request =
        HttpRequest.newBuilder(baseUri.resolve("/-/ready")).timeout(REQUEST_TIMEOUT).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Prometheus", e);
    }
  }

  /** Scrape every second, so a test waits about a second for a metric to become visible. */
  private static String configuration(List<String> targets) {
    String quoted =
        targets.stream().map(target -> "'" + target + "'").collect(Collectors.joining(", "));
    return String.join(
        "\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: strata",
        "    metrics_path: /metrics",
        "    static_configs:",
        "      - targets: [" + quoted + "]",
        "");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }

  /** One sample of an instant query's result: its labels and its value. */
  public record Sample(Map<String, String> labels, double value) {
    public String label(String name) {
      String value = labels.get(name);
      if (value == null) {
        throw new IllegalArgumentException("no label " + name + " in " + labels);
      }
      return value;
    }
  }

  /**
   * The parsed answer to an instant query: Prometheus' status and, on success, its samples (a
   * vector's elements, a scalar as one unlabelled sample, a matrix as each series' latest value).
   */
  public record QueryResult(
      String promql,
      String status,
      @Nullable String errorType,
      @Nullable String error,
      String resultType,
      List<Sample> samples,
      List<String> warnings) {

    public boolean isSuccess() {
      return status.equals("success");
    }

    public boolean isEmpty() {
      return samples.isEmpty();
    }

    /** The value of the only sample; throws unless there is exactly one. */
    public double singleValue() {
      if (samples.size() != 1) {
        throw new IllegalStateException("expected one sample, got " + this);
      }
      return samples.get(0).value();
    }

    /** Sample values keyed by the given labels' values, joined with {@code /}. */
    public Map<String, Double> valuesBy(String... labelNames) {
      Map<String, Double> values = new LinkedHashMap<>();
      for (Sample sample : samples) {
        String key =
            Stream.of(labelNames)
                .map(name -> sample.labels().getOrDefault(name, ""))
                .collect(Collectors.joining("/"));
        values.put(key, sample.value());
      }
      return values;
    }

    static QueryResult parse(String promql, JsonNode body) {
      String status = body.path("status").asText("");
      List<String> warnings = new ArrayList<>();
      body.path("warnings").forEach(warning -> warnings.add(warning.asText()));
      if (!status.equals("success")) {
        return new QueryResult(
            promql,
            status,
            body.path("errorType").asText(null),
            body.path("error").asText(null),
            "",
            List.of(),
            warnings);
      }
      JsonNode data = body.path("data");
      String resultType = data.path("resultType").asText("");
      JsonNode result = data.path("result");
      List<Sample> samples = new ArrayList<>();
      switch (resultType) {
        case "vector":
          result.forEach(
              element -> samples.add(new Sample(labels(element), value(element.get("value")))));
          break;
        case "scalar":
          samples.add(new Sample(Map.of(), value(result)));
          break;
        case "matrix":
          result.forEach(
              series -> {
                JsonNode values = series.path("values");
                if (values.size() > 0) {
                  samples.add(new Sample(labels(series), value(values.get(values.size() - 1))));
                }
              });
          break;
        default:
          break;
      }
      return new QueryResult(promql, status, null, null, resultType, samples, warnings);
    }

    private static Map<String, String> labels(JsonNode element) {
      Map<String, String> labels = new LinkedHashMap<>();
      element
          .path("metric")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      return labels;
    }

    /** A {@code [timestamp, "value"]} pair; Prometheus writes special values as NaN and ±Inf. */
    private static double value(JsonNode pair) {
      String text = pair.get(1).asText();
      switch (text) {
        case "NaN":
          return Double.NaN;
        case "+Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        default:
          return Double.parseDouble(text);
      }
    }
  }
}

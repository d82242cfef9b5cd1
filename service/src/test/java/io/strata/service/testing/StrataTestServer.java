package io.strata.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.StrataServer;
import io.strata.service.admin.AdminCli;
import io.strata.service.config.ConfigLoader;
import io.strata.service.config.StrataConfig;
import io.strata.service.json.Json;
import io.strata.service.storage.LogPosition;
import io.strata.service.tenant.Credentials;
import io.strata.service.tenant.FirstTenant;
import io.strata.service.tenant.TenantQuotas;
import io.strata.service.writer.LocalReplicator;
import io.strata.service.writer.Replicator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The real service, started in-process for integration tests: real LMDB in a temporary directory,
 * real TLS with a freshly generated certificate, real SigV4 on a random port. One instance per test
 * JVM, shared by every IT class (tables are isolated by random names).
 */
public final class StrataTestServer {
  private static StrataTestServer shared;

  private final StrataServer server;
  private final StrataConfig config;
  private final Path dataDirectory;
  private final Credentials firstTenant;

  private StrataTestServer(
      StrataServer server, StrataConfig config, Path dataDirectory, Credentials firstTenant) {
    this.server = server;
    this.config = config;
    this.dataDirectory = dataDirectory;
    this.firstTenant = firstTenant;
  }

  /**
   * The server most ITs share. Its query cache is off, so that the Query and Scan pages the
   * differential tests compare are read from storage each time; {@code QueryCacheIT} runs its own
   * server with the cache on.
   */
  public static synchronized StrataTestServer shared() {
    if (shared == null) {
      shared = start(Map.of("STRATA_QUERY_CACHE_BYTES_PER_TENANT", "0"));
      Runtime.getRuntime().addShutdownHook(new Thread(shared::closeQuietly));
    }
    return shared;
  }

  /** A separate server with extra environment settings, for tests that need their own. */
  public static StrataTestServer start(Map<String, String> extraEnvironment) {
    return start(extraEnvironment, Clock.systemUTC());
  }

  /** A separate server whose clock the test controls (capacity refills, usage hours). */
  public static StrataTestServer start(Map<String, String> extraEnvironment, Clock clock) {
    return start(extraEnvironment, clock, LocalReplicator::new);
  }

  /** A separate server whose write sets go through the replicator the test makes. */
  public static StrataTestServer start(
      Map<String, String> extraEnvironment,
      Clock clock,
      Function<LogPosition, Replicator> replicators) {
    try {
      Path dataDirectory = Files.createTempDirectory("strata-it");
      Map<String, String> environment = new HashMap<>();
      environment.put("STRATA_DATA_DIR", dataDirectory.toString());
      environment.put("STRATA_HOST", "127.0.0.1");
      environment.put("STRATA_PORT", Integer.toString(FreePorts.next()));
      environment.put("STRATA_METRICS_PORT", Integer.toString(FreePorts.next()));
      environment.put("STRATA_ADMIN_PORT", Integer.toString(FreePorts.next()));
      environment.put("STRATA_MAP_SIZE_BYTES", Long.toString(4L << 30));
      environment.put("STRATA_EVENT_LOOPS", "2");
      environment.putAll(extraEnvironment);
      StrataConfig config = ConfigLoader.load(environment);
      StrataServer server = StrataServer.start(config, clock, false, replicators);
      Path data = config.dataDirectory();
      return new StrataTestServer(
          server,
          config,
          data,
          server.createdFirstTenant().orElseGet(() -> FirstTenant.read(data)));
    } catch (Exception e) {
      throw new IllegalStateException("could not start Strata for tests", e);
    }
  }

  public StrataServer server() {
    return server;
  }

  public URI endpoint() {
    return URI.create("https://localhost:" + server.apiPort());
  }

  /** The plain-HTTP port serving Prometheus metrics at {@code GET /metrics}. */
  public int metricsPort() {
    return config.metrics().port();
  }

  /** The metrics endpoint as a Prometheus scrape target, {@code 127.0.0.1:port}. */
  public String metricsTarget() {
    return "127.0.0.1:" + metricsPort();
  }

  /** The metrics endpoint's current answer (Prometheus text format), as a scrape gets it. */
  public String scrapeMetrics() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + metricsTarget() + "/metrics")).build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("metrics endpoint answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of the first series of {@code metric} in the metrics endpoint's current answer. */
  public double scrapedValue(String metric) {
    String body = scrapeMetrics();
    Matcher line =
        Pattern.compile("^" + metric + "(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE).matcher(body);
    if (!line.find()) {
      throw new AssertionError("no " + metric + " in the metrics endpoint's answer:\n" + body);
    }
    return Double.parseDouble(line.group(1));
  }

  /** What {@code GET /healthz} answers right now. */
  public int healthStatus() throws IOException, InterruptedException {
    return new RawClient(endpoint(), certificate())
        .http()
        .send(
            HttpRequest.newBuilder(URI.create(endpoint() + "/healthz")).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  public Path certificate() {
    return server.certificatePath();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public Credentials firstTenant() {
    return firstTenant;
  }

  /** A client signed with the first tenant's keys. */
  public DynamoDbClient client() {
    return clientFor(firstTenant);
  }

  public DynamoDbClient clientFor(Credentials credentials) {
    return Clients.dynamo(
        endpoint(),
        certificate(),
        credentials.accessKeyId(),
        credentials.secretAccessKey(),
        Region.US_EAST_1);
  }

  /** A DynamoDB Streams client signed with these keys. */
  public DynamoDbStreamsClient streamsClientFor(Credentials credentials) {
    return Clients.streams(
        endpoint(), certificate(), credentials.accessKeyId(), credentials.secretAccessKey());
  }

  /** Creates another tenant and returns its first access key. */
  public Credentials newTenant(String name) {
    try {
      return server
          .changeTenants(tenants -> tenants.createTenant(name, TenantQuotas.SERVER_DEFAULTS))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code strata admin <args>} against this server and returns its JSON answer. */
  public JsonNode admin(String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add("--url=https://localhost:" + server.adminPort());
    all.add("--data-dir=" + dataDirectory);
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        AdminCli.run(
            all.toArray(new String[0]), Map.of(), new PrintWriter(out), new PrintWriter(err));
    if (exit != 0) {
      throw new IllegalStateException("strata admin " + args[0] + " failed: " + out + err);
    }
    return Json.RECORDS.readTree(out.toString());
  }

  public void closeQuietly() {
    try {
      server.close();
    } catch (Exception ignored) {
      // the JVM is exiting or the test is over; nothing useful to do
    }
  }
}

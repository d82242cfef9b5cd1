package io.strata.service.testing;

import io.strata.service.tenant.Credentials;
import io.strata.service.tenant.FirstTenant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The service as its own JVM process ({@code io.strata.service.Main}, as {@code ./strata} runs it),
 * for what an in-process server cannot show: its log output, what survives SIGTERM or SIGKILL, and
 * starts that must fail. Restarting reuses the data directory and ports.
 */
public final class ServerProcess implements AutoCloseable {
  /** How long a start that must fail may take to exit; one that serves instead is killed. */
  private static final Duration REFUSAL_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDirectory;
  private final Map<String, String> environment;
  private final Path stdout;
  private final Path stderr;
  private Process process;
  private long logLinesBeforeStart;

  /** A start that ended: the process's exit status and everything it logged. */
  public record FailedStart(int exitCode, List<String> logLines) {
    /** The lines logged at ERROR level (text format). */
    public List<String> errorLines() {
      return logLines.stream().filter(line -> line.contains(" ERROR ")).toList();
    }
  }

  private ServerProcess(Path dataDirectory, Map<String, String> environment, Path logDirectory) {
    this.dataDirectory = dataDirectory;
    this.environment = environment;
    this.stdout = logDirectory.resolve("stdout.log");
    this.stderr = logDirectory.resolve("stderr.log");
  }

  /** Starts a server on a fresh data directory and free ports, with extra environment. */
  public static ServerProcess start(Map<String, String> extraEnvironment) throws Exception {
    Path data = Files.createTempDirectory("strata-process");
    ServerProcess server = new ServerProcess(data, environment(data, extraEnvironment), data);
    server.launch();
    return server;
  }

  /**
   * Starts a server on {@code dataDirectory} (with ports of its own) that is expected not to start,
   * and returns once it has exited; fails if it serves instead.
   */
  public static FailedStart startFailing(
      Path dataDirectory, Map<String, String> extraEnvironment, String... arguments)
      throws Exception {
    Path logs = Files.createTempDirectory("strata-refused");
    return new ServerProcess(dataDirectory, environment(dataDirectory, extraEnvironment), logs)
        .launchFailing(arguments);
  }

  private static Map<String, String> environment(Path data, Map<String, String> extraEnvironment) {
    Map<String, String> environment = new HashMap<>();
    environment.put("STRATA_DATA_DIR", data.toString());
    environment.put("STRATA_HOST", "127.0.0.1");
    environment.put("STRATA_PORT", Integer.toString(FreePorts.next()));
    environment.put("STRATA_METRICS_PORT", Integer.toString(FreePorts.next()));
    environment.put("STRATA_ADMIN_PORT", Integer.toString(FreePorts.next()));
    environment.put("STRATA_MAP_SIZE_BYTES", Long.toString(1L << 30));
    environment.putAll(extraEnvironment);
    return environment;
  }

  /** Starts the process again on the same data directory (after a stop or a kill). */
  public void restart(String... arguments) throws Exception {
    launch(arguments);
  }

  /** Starts the process again, expecting it not to start; see {@link #startFailing}. */
  public FailedStart restartFailing(String... arguments) throws Exception {
    long logged = Files.exists(stderr) ? Files.readAllLines(stderr).size() : 0;
    FailedStart failed = launchFailing(arguments);
    return new FailedStart(failed.exitCode(), failed.logLines().stream().skip(logged).toList());
  }

  /**
   * The last line a start logs, after its banner: a start is over once the API answers and this
   * line is out, so tests see the whole banner and start-up log.
   */
  private static final String LAST_START_LINE = "admin API on";

  private void launch(String... arguments) throws Exception {
    long startsBefore = startsLogged();
    process = spawn(arguments);
    awaitHealthy(Duration.ofSeconds(60), startsBefore);
  }

  private long startsLogged() throws IOException {
    return Files.exists(stderr)
        ? Files.readAllLines(stderr).stream().filter(line -> line.contains(LAST_START_LINE)).count()
        : 0;
  }

  private FailedStart launchFailing(String... arguments) throws Exception {
    process = spawn(arguments);
    if (!process.waitFor(REFUSAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      kill();
      throw new AssertionError(
          "the start did not end within " + REFUSAL_TIMEOUT + ": " + Files.readString(stderr));
    }
    return new FailedStart(process.exitValue(), Files.readAllLines(stderr));
  }

  private Process spawn(String... arguments) throws IOException {
    logLinesBeforeStart = Files.exists(stderr) ? Files.readAllLines(stderr).size() : 0;
    List<String> command =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // the service's own logging configuration, not the tests' quieter one
                "-Dlogback.configurationFile=logback.xml",
                "--add-opens",
                "java.base/java.nio=ALL-UNNAMED",
                "--add-opens",
                "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "io.strata.service.Main"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    builder.environment().putAll(environment);
    return builder.start();
  }

  private void awaitHealthy(Duration timeout, long startsBefore) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited: " + Files.readString(stderr));
      }
      try {
        HttpResponse<String> health =
            httpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(endpoint() + "/healthz"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && startsLogged() > startsBefore) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("server not healthy in " + timeout);
  }

  /** The value of one of the server's {@code STRATA_*} settings, as its environment gives it. */
  public String setting(String variable) {
    return environment.get(variable);
  }

  /** Whether the process runs (it was not stopped or killed since its last start). */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The running process's id. */
  public long pid() {
    return process.pid();
  }

  /** Everything the process wrote to standard output (the start banner), across restarts. */
  public List<String> outputLines() throws IOException {
    return Files.readAllLines(stdout);
  }

  public URI endpoint() {
    return URI.create("https://localhost:" + environment.get("STRATA_PORT"));
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  public Credentials firstTenant() {
    return FirstTenant.read(dataDirectory);
  }

  public DynamoDbClient client() {
    Credentials keys = firstTenant();
    return Clients.dynamo(
        endpoint(), certificate(), keys.accessKeyId(), keys.secretAccessKey(), Region.US_EAST_1);
  }

  public DynamoDbStreamsClient streamsClient() {
    Credentials keys = firstTenant();
    return Clients.streams(endpoint(), certificate(), keys.accessKeyId(), keys.secretAccessKey());
  }

  /** Everything the process wrote to standard error (its log), across restarts. */
  public List<String> logLines() throws IOException {
    return Files.readAllLines(stderr);
  }

  /** What the process logged since it was last started. */
  public List<String> logLinesSinceStart() throws IOException {
    return logLines().stream().skip(logLinesBeforeStart).toList();
  }

  /** SIGTERM, then waits for the graceful shutdown; returns the exit code. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: the process dies at once, mid-whatever. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  /** The certificate the server presents: its {@code STRATA_TLS_CERT}, or its self-signed one. */
  public Path certificate() {
    String configured = environment.get("STRATA_TLS_CERT");
    return configured != null
        ? Path.of(configured)
        : dataDirectory.resolve("tls").resolve("cert.pem");
  }

  private HttpClient httpClient() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (var in = Files.newInputStream(certificate())) {
      trust.setCertificateEntry(
          "strata", CertificateFactory.getInstance("X.509").generateCertificate(in));
    } catch (IOException e) {
      throw new IOException("certificate not written yet", e);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).build();
  }
}

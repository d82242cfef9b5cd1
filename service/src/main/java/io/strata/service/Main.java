package io.strata.service;

import io.strata.service.admin.AdminCli;
import io.strata.service.config.ConfigLoader;
import io.strata.service.config.StrataConfig;
import io.strata.service.startup.StartupException;
import io.strata.service.tenant.Credentials;
import io.strata.service.tenant.FirstTenant;
import io.strata.service.writer.LocalReplicator;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code strata [--initialize]} starts the service; {@code strata admin ...} runs the
 * CLI.
 *
 * <p>A start that fails, for any reason, logs one line saying why and exits with status 1 at once:
 * a supervisor (systemd, Kubernetes) sees the failure and restarts or reports it, instead of
 * waiting on a process whose threads keep it alive half-started.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final String INITIALIZE = "--initialize";
  private static final String USAGE =
      "usage: strata [--initialize]    start the service (--initialize: begin an empty store even"
          + " where the data directory held one)\n"
          + "       strata admin --help      the operator's commands";

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("admin")) {
      PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
      PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
      System.exit(
          AdminCli.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), out, err));
    }
    List<String> options = List.of(args);
    if (!List.of(INITIALIZE).containsAll(options)) {
      System.err.println(USAGE);
      System.exit(2);
    }
    StrataConfig config;
    StrataServer server;
    try {
      config = ConfigLoader.load(System.getenv());
      server =
          StrataServer.start(
              config, Clock.systemUTC(), options.contains(INITIALIZE), LocalReplicator::new);
    } catch (Throwable failure) { // an Error too: the threads started so far would keep the JVM up
      LOG.error("Strata did not start: {}", StartupException.describe(failure));
      LOG.debug("the failure to start", failure);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "strata-shutdown"));
    announce(System.out, config, server);
    logStarted(config, server);
    stopped.await();
  }

  /**
   * What an operator needs after starting: where to connect, and the first keys (once). Nothing is
   * logged before it on a normal start, so it is the first thing a terminal shows.
   */
  private static void announce(PrintStream out, StrataConfig config, StrataServer server) {
    out.println(
        "Strata "
            + BuildInfo.VERSION
            + " is serving the DynamoDB API at https://localhost:"
            + server.apiPort());
    out.println("  TLS certificate: " + server.certificatePath());
    out.println(
        "  Admin API:       https://"
            + config.admin().host()
            + ":"
            + config.admin().port()
            + " (./strata admin --help)");
    out.println(
        "  Metrics:         http://"
            + config.metrics().host()
            + ":"
            + config.metrics().port()
            + "/metrics");
    Credentials created = server.createdFirstTenant().orElse(null);
    java.nio.file.Path saved = config.dataDirectory().resolve(FirstTenant.FILE_NAME);
    if (created == null && java.nio.file.Files.exists(saved)) {
      out.println("  First tenant's keys: " + saved);
    }
    if (created != null) {
      out.println("  First tenant:    " + created.tenantId());
      out.println("  Access key id:   " + created.accessKeyId());
      out.println("  Secret key:      " + created.secretAccessKey());
      out.println(
          "  (also saved, readable only by you, in "
              + config.dataDirectory().resolve(FirstTenant.FILE_NAME)
              + ")");
    }
    out.flush();
  }

  /** The same facts for log pipelines, after the banner. */
  private static void logStarted(StrataConfig config, StrataServer server) {
    server
        .createdFirstTenant()
        .ifPresent(
            created ->
                LOG.info(
                    "created the first tenant {}; its credentials are in {}",
                    created.tenantId(),
                    config.dataDirectory().resolve(FirstTenant.FILE_NAME)));
    LOG.info(
        "Strata is serving DynamoDB on https://{}:{}", config.api().host(), config.api().port());
    LOG.info("admin API on https://{}:{}", config.admin().host(), config.admin().port());
  }
}

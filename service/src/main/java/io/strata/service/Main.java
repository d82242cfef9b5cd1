package io.strata.service;

import io.strata.service.admin.AdminCli;
import io.strata.service.config.ConfigLoader;
import io.strata.service.config.StrataConfig;
import io.strata.service.tenant.Credentials;
import io.strata.service.tenant.FirstTenant;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** Entry point: {@code strata} starts the service; {@code strata admin ...} runs the CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("admin")) {
      PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
      PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
      System.exit(
          AdminCli.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), out, err));
    }
    StrataConfig config = ConfigLoader.load(System.getenv());
    StrataServer server = StrataServer.start(config, Clock.systemUTC());
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
    stopped.await();
  }

  /** What an operator needs after starting: where to connect, and the first keys (once). */
  private static void announce(PrintStream out, StrataConfig config, StrataServer server) {
    out.println("Strata is serving the DynamoDB API at https://localhost:" + server.apiPort());
    out.println("  TLS certificate: " + server.certificatePath());
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
}

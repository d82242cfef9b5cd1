package io.strata.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Drives a DynamoDB-compatible endpoint with a closed-loop load: {@code --connections} workers,
 * each with its own connection, send one request after another for a warm-up and then a measured
 * period, and the run reports throughput and latency percentiles of the measured period.
 */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    description = "Load generator for DynamoDB-compatible endpoints (AWS SDK, SigV4).")
public final class LoadGenerator implements Callable<Integer> {
  @Option(names = "--endpoint", required = true, description = "e.g. https://localhost:8443")
  URI endpoint;

  @Option(names = "--region", defaultValue = "us-east-1")
  String region;

  @Option(
      names = "--credentials",
      description = "Strata's first-tenant.json (else --access-key/--secret-key)")
  Path credentialsFile;

  @Option(names = "--access-key", defaultValue = "local")
  String accessKey;

  @Option(names = "--secret-key", defaultValue = "local")
  String secretKey;

  @Option(names = "--ca-cert", description = "PEM certificate to trust for HTTPS")
  Path caCertificate;

  @Option(
      names = "--workload",
      defaultValue = "get",
      description =
          "get, put, query (a 100-item partition), mix (gets and puts, --write-percent puts),"
              + " load (BatchWriteItem every key, items/s and MB/s), scan (the whole table in"
              + " --segments segments, MB/s) or ping (raw client: GET /healthz, TLS and HTTP"
              + " alone)")
  Workload.Kind workload;

  @Option(
      names = "--keys-pattern",
      defaultValue = "uniform",
      description = "uniform, or zipf[:exponent] (default exponent 0.99): which keys requests hit")
  String keysPattern;

  @Option(names = "--write-percent", defaultValue = "50", description = "puts in a mix")
  int writePercent;

  @Option(names = "--segments", defaultValue = "1", description = "parallel Scan segments")
  int segments;

  @Option(names = "--connections", defaultValue = "16")
  int connections;

  @Option(names = "--item-bytes", defaultValue = "1000", description = "payload per item")
  int itemBytes;

  @Option(names = "--keys", defaultValue = "10000", description = "items preloaded and addressed")
  int keys;

  @Option(names = "--consistent", description = "strongly consistent reads")
  boolean consistent;

  @Option(names = "--warmup", defaultValue = "10", description = "seconds")
  int warmupSeconds;

  @Option(names = "--duration", defaultValue = "20", description = "seconds measured")
  int durationSeconds;

  @Option(names = "--table", defaultValue = "loadgen")
  String table;

  @Option(names = "--label", defaultValue = "", description = "name of the target in reports")
  String label;

  @Option(
      names = "--client",
      defaultValue = "sdk",
      description =
          "sdk: the AWS SDK signs and sends every request; raw: presigned requests replayed over"
              + " plain HTTP/1.1 connections (get, put, mix; load signs each batch as it goes),"
              + " much cheaper for the client")
  String client;

  private Report measure(Target target, Target.Keys credentials) throws Exception {
    if (workload == Workload.Kind.scan) {
      return new Scanner(target.client(), table, itemBytes, segments).scan();
    }
    KeyPattern pattern = KeyPattern.parse(keysPattern, keys);
    if (client.equals("raw")) {
      if (workload == Workload.Kind.query || consistent) {
        throw new IllegalArgumentException(
            "the raw client runs eventually consistent get, put, mix and ping");
      }
      RawRun run =
          new RawRun(
              endpoint,
              Target.sslContext(caCertificate),
              new RawRequests(
                  new RawSigner(endpoint, region, credentials),
                  table,
                  workload,
                  pattern,
                  keys,
                  itemBytes,
                  writePercent),
              connections);
      run.drive(Duration.ofSeconds(warmupSeconds));
      return run.drive(Duration.ofSeconds(durationSeconds));
    }
    Run run =
        new Run(
            new Workload(
                target.client(), table, workload, pattern, itemBytes, consistent, writePercent),
            connections);
    run.drive(Duration.ofSeconds(warmupSeconds));
    return run.drive(Duration.ofSeconds(durationSeconds));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGenerator()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Target.Keys credentials =
        credentialsFile != null
            ? Target.Keys.fromFirstTenantFile(credentialsFile)
            : new Target.Keys(accessKey, secretKey);
    if (workload == Workload.Kind.ping && !client.equals("raw")) {
      throw new IllegalArgumentException("ping runs on the raw client only (--client raw)");
    }
    Target target = Target.connect(endpoint, region, credentials, caCertificate, connections);
    try (target) {
      Loader loader = new Loader(target.client(), table, keys, itemBytes, connections);
      BatchWriter.Factory writers =
          client.equals("raw")
              ? BatchWriter.raw(
                  Target.sslContext(caCertificate),
                  new RawSigner(endpoint, region, credentials),
                  table)
              : BatchWriter.sdk(target.client(), table);
      boolean created = loader.createTable();
      Report report;
      if (workload == Workload.Kind.load) {
        if (!created) {
          throw new IllegalArgumentException("table " + table + " exists: load needs a new one");
        }
        report = loader.load(writers);
      } else {
        if (created) {
          loader.load(writers);
        }
        report = measure(target, credentials);
      }
      String name = label.isEmpty() ? endpoint.toString() : label;
      System.out.println(report.line(name, workload, connections));
      System.out.println(report.json(name, workload, connections));
    }
    return 0;
  }
}

package io.strata.service.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Amazon's DynamoDB Local, run as a child process: the reference our differential tests compare
 * against. One instance per test JVM, started on first use and stopped at JVM exit. Its class path
 * is assembled by the {@code bench/dynamodb-local} module, outside ours, because it pins old
 * versions of Netty, Jackson and the AWS SDK.
 */
public final class DynamoDbLocal {
  private static final String DIRECTORY_PROPERTY = "strata.dynamodbLocal.dir";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static DynamoDbLocal shared;

  private final Process process;
  private final URI endpoint;

  private DynamoDbLocal(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** The JVM-wide instance, started on first call. */
  public static synchronized DynamoDbLocal shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared.process::destroyForcibly));
    }
    return shared;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A new SDK client for this DynamoDB Local (it accepts any credentials); close it after use. */
  public DynamoDbClient client() {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  /** A new DynamoDB Streams client for this DynamoDB Local; close it after use. */
  public DynamoDbStreamsClient streamsClient() {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  private static DynamoDbLocal start() {
    Path home = distribution();
    int port = FreePorts.next();
    try {
      Path log = Files.createTempFile("dynamodb-local", ".log");
      Process process =
          new ProcessBuilder(
                  Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-Djava.library.path=" + home.resolve("native"),
                  "-cp",
                  home.resolve("lib") + "/*",
                  "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
                  "-inMemory",
                  "-port",
                  Integer.toString(port))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      awaitListening(process, port, log);
      return new DynamoDbLocal(process, URI.create("http://127.0.0.1:" + port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path distribution() {
    String configured = System.getProperty(DIRECTORY_PROPERTY);
    Path home =
        configured != null
            ? Paths.get(configured)
            : Paths.get("..", "bench", "dynamodb-local", "target", "dynamodb-local");
    if (!Files.isDirectory(home.resolve("lib"))) {
      throw new IllegalStateException(
          "DynamoDB Local is not unpacked at "
              + home.toAbsolutePath()
              + "; build the bench/dynamodb-local module first");
    }
    return home;
  }

  private static void awaitListening(Process process, int port, Path log) throws IOException {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "DynamoDB Local exited during startup:\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("DynamoDB Local did not start within " + STARTUP_TIMEOUT);
  }
}

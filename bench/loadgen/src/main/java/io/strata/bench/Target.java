package io.strata.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One SDK client for the endpoint under load, with a connection per worker and no retries. */
final class Target implements AutoCloseable {
  /** Access key and secret. */
  record Keys(String accessKeyId, String secretAccessKey) {
    private static final Pattern FIELD =
        Pattern.compile("\"(accessKeyId|secretAccessKey)\"\\s*:\\s*\"([^\"]*)\"");

    /** Reads Strata's {@code first-tenant.json}. */
    static Keys fromFirstTenantFile(Path file) throws IOException {
      String json = Files.readString(file);
      String id = null;
      String secret = null;
      Matcher matcher = FIELD.matcher(json);
      while (matcher.find()) {
        if (matcher.group(1).equals("accessKeyId")) {
          id = matcher.group(2);
        } else {
          secret = matcher.group(2);
        }
      }
      if (id == null || secret == null) {
        throw new IOException("no accessKeyId/secretAccessKey in " + file);
      }
      return new Keys(id, secret);
    }
  }

  private final DynamoDbClient client;

  private Target(DynamoDbClient client) {
    this.client = client;
  }

  static Target connect(
      URI endpoint, String region, Keys keys, @Nullable Path caCertificate, int connections)
      throws IOException, GeneralSecurityException {
    Apache5HttpClient.Builder http = Apache5HttpClient.builder().maxConnections(connections);
    if (caCertificate != null) {
      TrustManagerFactory trust = trusting(caCertificate);
      http.tlsTrustManagersProvider(trust::getTrustManagers);
    }
    return new Target(
        DynamoDbClient.builder()
            .endpointOverride(endpoint)
            .region(Region.of(region))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())))
            .httpClient(http.build())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder().retryStrategy(r -> r.maxAttempts(1)).build())
            .build());
  }

  DynamoDbClient client() {
    return client;
  }

  /** TLS for the raw client: trusting {@code caCertificate}, or the JDK's defaults. */
  static SSLContext sslContext(@Nullable Path caCertificate)
      throws IOException, GeneralSecurityException {
    if (caCertificate == null) {
      return SSLContext.getDefault();
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trusting(caCertificate).getTrustManagers(), null);
    return context;
  }

  private static TrustManagerFactory trusting(Path pem)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      store.setCertificateEntry(
          "endpoint", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }

  @Override
  public void close() {
    client.close();
  }
}

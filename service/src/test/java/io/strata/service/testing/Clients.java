package io.strata.service.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Real AWS SDK v2 clients for a server under test: HTTPS with the server's own (self-signed)
 * certificate as the only trust anchor, SigV4 with the given keys. Retries are off so a test sees
 * every error the server returns, exactly once.
 */
public final class Clients {
  private Clients() {}

  public static DynamoDbClient dynamo(
      URI endpoint,
      Path certificatePem,
      String accessKeyId,
      String secretAccessKey,
      Region region) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        .httpClient(httpClient(certificatePem))
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(b -> b.maxAttempts(1))
                .apiCallTimeout(Duration.ofSeconds(30))
                .build())
        .build();
  }

  /** A DynamoDB client that sends {@code Authorization: Bearer <token>} instead of signing. */
  public static DynamoDbClient bearer(URI endpoint, Path certificatePem, String token) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.EU_CENTRAL_1)
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .httpClient(httpClient(certificatePem))
        .overrideConfiguration(
            c ->
                c.putAdvancedOption(
                        SdkAdvancedClientOption.SIGNER, BearerTokens.bearerSigner(token))
                    .retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  /** A DynamoDB Streams client like {@link #dynamo}. */
  public static DynamoDbStreamsClient streams(
      URI endpoint, Path certificatePem, String accessKeyId, String secretAccessKey) {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        .httpClient(httpClient(certificatePem))
        .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  /** An HTTP client that trusts exactly the certificate in {@code certificatePem}. */
  public static SdkHttpClient httpClient(Path certificatePem) {
    TrustManagerFactory trust = trustManagers(certificatePem);
    return Apache5HttpClient.builder()
        .tlsTrustManagersProvider(trust::getTrustManagers)
        .maxConnections(64)
        .build();
  }

  public static TrustManagerFactory trustManagers(Path certificatePem) {
    try (InputStream in = Files.newInputStream(certificatePem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("server-" + index++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

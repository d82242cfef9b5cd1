package io.strata.service.testing;

import io.strata.service.tenant.Credentials;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Hand-made HTTPS requests for wire-level tests (malformed bodies, bad signatures, headers) that an
 * SDK would refuse to send. Requests are signed by the AWS SDK's own SigV4 signer, then optionally
 * altered.
 */
public final class RawClient {
  private final URI endpoint;
  private final HttpClient http;

  public RawClient(URI endpoint, Path certificate) {
    this.endpoint = endpoint;
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, Clients.trustManagers(certificate).getTrustManagers(), null);
      this.http =
          HttpClient.newBuilder()
              .sslContext(context)
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A response as received. */
  public record Response(int status, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** A response whose body is kept as bytes. */
  public record BinaryResponse(int status, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      return asText().header(name);
    }

    public Response asText() {
      return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }
  }

  /** Sends {@code body} to {@code X-Amz-Target: DynamoDB_20120810.<operation>}, signed. */
  public Response signed(String operation, String body, Credentials credentials) {
    return send(sign("DynamoDB_20120810." + operation, body, credentials, Clock.systemUTC()), body);
  }

  /** A signed request as a map of headers, for tests that tamper with it before sending. */
  public Map<String, List<String>> sign(
      String target, String body, Credentials credentials, Clock clock) {
    return sign(target, body.getBytes(StandardCharsets.UTF_8), credentials, clock);
  }

  /** Signs a body of any bytes (compressed, or not valid UTF-8). */
  public Map<String, List<String>> sign(
      String target, byte[] bytes, Credentials credentials, Clock clock) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .putHeader("X-Amz-Target", target)
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            AwsCredentialsIdentity.create(
                                credentials.accessKeyId(), credentials.secretAccessKey()))
                        .request(request)
                        .payload(() -> new ByteArrayInputStream(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
    return signed.request().headers();
  }

  /** Sends {@code body} with exactly these headers (restricted ones like Host are set by Java). */
  public Response send(Map<String, List<String>> headers, String body) {
    return send(headers, body.getBytes(StandardCharsets.UTF_8));
  }

  public Response send(Map<String, List<String>> headers, byte[] body) {
    return sendBytes("POST", headers, body).asText();
  }

  /**
   * Sends a request of any method and returns the body as received, undecoded (compressed bodies
   * stay compressed).
   */
  public BinaryResponse sendBytes(String method, Map<String, List<String>> headers, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (name, values) -> {
          if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
            values.forEach(value -> request.header(name, value));
          }
        });
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new BinaryResponse(response.statusCode(), response.headers().map(), response.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpClient http() {
    return http;
  }
}

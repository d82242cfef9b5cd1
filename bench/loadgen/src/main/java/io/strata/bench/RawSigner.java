package io.strata.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Turns a DynamoDB operation and its JSON body into a complete SigV4-signed HTTP/1.1 request for
 * the raw client, signed by the SDK's own signer so the server sees what an SDK would send.
 */
final class RawSigner {
  private final URI endpoint;
  private final String region;
  private final Target.Keys credentials;

  RawSigner(URI endpoint, String region, Target.Keys credentials) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
  }

  URI endpoint() {
    return endpoint;
  }

  /** The signed request for {@code operation} (e.g. {@code GetItem}) with this body. */
  byte[] signed(String operation, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .putHeader("X-Amz-Target", "DynamoDB_20120810." + operation)
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("Content-Length", Integer.toString(content.length))
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            AwsCredentialsIdentity.create(
                                credentials.accessKeyId(), credentials.secretAccessKey()))
                        .request(request)
                        .payload(() -> new ByteArrayInputStream(content))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      for (String value : header.getValue()) {
        head.append(header.getKey()).append(": ").append(value).append("\r\n");
      }
    }
    head.append("\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
    bytes.writeBytes(content);
    return bytes.toByteArray();
  }
}

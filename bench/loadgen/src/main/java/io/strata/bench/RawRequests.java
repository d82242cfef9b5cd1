package io.strata.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Complete HTTP/1.1 requests, signed once up front, for the raw client: SigV4 signatures stay valid
 * for 15 minutes and DynamoDB accepts a signed request more than once, so replaying them measures
 * the server without paying the SDK's per-request signing and marshalling.
 */
final class PresignedRequests {
  private PresignedRequests() {}

  /**
   * One GetItem (or PutItem) request per key of {@code keys}, ready to write to a socket; for
   * {@code ping}, the single health-check request.
   */
  static List<byte[]> forKeys(
      URI endpoint,
      String region,
      Target.Keys keys,
      String table,
      Workload.Kind kind,
      int count,
      int itemBytes) {
    if (kind == Workload.Kind.ping) {
      String ping = "GET /healthz HTTP/1.1\r\nHost: " + endpoint.getAuthority() + "\r\n\r\n";
      return List.of(ping.getBytes(StandardCharsets.US_ASCII));
    }
    List<byte[]> requests = new ArrayList<>(count);
    String payload = "x".repeat(itemBytes);
    for (int i = 0; i < count; i++) {
      String key =
          "\"pk\":{\"S\":\"p" + (i % Workload.PARTITIONS) + "\"},\"sk\":{\"N\":\"" + i + "\"}";
      boolean put = kind == Workload.Kind.put || (kind == Workload.Kind.mix && i % 2 == 1);
      String operation = put ? "PutItem" : "GetItem";
      String body =
          put
              ? "{\"TableName\":\""
                  + table
                  + "\",\"Item\":{"
                  + key
                  + ",\"payload\":{\"S\":\""
                  + payload
                  + "\"}}}"
              : "{\"TableName\":\"" + table + "\",\"Key\":{" + key + "}}";
      requests.add(signed(endpoint, region, keys, "DynamoDB_20120810." + operation, body));
    }
    return requests;
  }

  private static byte[] signed(
      URI endpoint, String region, Target.Keys keys, String target, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .putHeader("X-Amz-Target", target)
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("Content-Length", Integer.toString(content.length))
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(
                            AwsCredentialsIdentity.create(
                                keys.accessKeyId(), keys.secretAccessKey()))
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

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
 * Complete HTTP/1.1 requests for the raw client, each ready to write to a socket. Up to {@value
 * #PRESIGN_LIMIT} keys, every request is signed once up front (SigV4 signatures stay valid for 15
 * minutes and DynamoDB accepts a signed request more than once), so replaying them measures the
 * server without paying the SDK's per-request signing and marshalling; above that, keeping them all
 * would take gigabytes, so each request is signed when it is sent.
 */
final class RawRequests {
  static final int PRESIGN_LIMIT = 50_000;

  private final URI endpoint;
  private final String region;
  private final Target.Keys credentials;
  private final String table;
  private final Workload.Kind kind;
  private final KeyPattern keys;
  private final String payload;
  private final int writePercent;
  private final List<byte[]> presignedGets = new ArrayList<>();
  private final List<byte[]> presignedPuts = new ArrayList<>();

  RawRequests(
      URI endpoint,
      String region,
      Target.Keys credentials,
      String table,
      Workload.Kind kind,
      KeyPattern keys,
      int keyCount,
      int itemBytes,
      int writePercent) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
    this.table = table;
    this.kind = kind;
    this.keys = keys;
    this.payload = "x".repeat(itemBytes);
    this.writePercent =
        kind == Workload.Kind.put ? 100 : kind == Workload.Kind.get ? 0 : writePercent;
    if (kind != Workload.Kind.ping && keyCount <= PRESIGN_LIMIT) {
      for (int key = 0; key < keyCount; key++) {
        if (this.writePercent < 100) {
          presignedGets.add(request(key, false));
        }
        if (this.writePercent > 0) {
          presignedPuts.add(request(key, true));
        }
      }
    }
  }

  /** The next request to send. */
  byte[] next() {
    if (kind == Workload.Kind.ping) {
      return ("GET /healthz HTTP/1.1\r\nHost: " + endpoint.getAuthority() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
    }
    int key = keys.next();
    boolean put = Workload.isWrite(writePercent);
    List<byte[]> presigned = put ? presignedPuts : presignedGets;
    return presigned.isEmpty() ? request(key, put) : presigned.get(key);
  }

  private byte[] request(int key, boolean put) {
    String keyJson =
        "\"pk\":{\"S\":\"" + Workload.partition(key) + "\"},\"sk\":{\"N\":\"" + key + "\"}";
    String body =
        put
            ? "{\"TableName\":\""
                + table
                + "\",\"Item\":{"
                + keyJson
                + ",\"payload\":{\"S\":\""
                + payload
                + "\"}}}"
            : "{\"TableName\":\"" + table + "\",\"Key\":{" + keyJson + "}}";
    return signed("DynamoDB_20120810." + (put ? "PutItem" : "GetItem"), body);
  }

  private byte[] signed(String target, String body) {
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

package io.strata.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Complete HTTP/1.1 requests for the raw client, each ready to write to a socket. Up to {@value
 * #PRESIGN_LIMIT} keys, every request is signed once up front (SigV4 signatures stay valid for 15
 * minutes and DynamoDB accepts a signed request more than once), so replaying them measures the
 * server without paying the SDK's per-request signing and marshalling; above that, keeping them all
 * would take gigabytes, so each request is signed when it is sent.
 */
final class RawRequests {
  static final int PRESIGN_LIMIT = 50_000;

  private final RawSigner signer;
  private final String table;
  private final Workload.Kind kind;
  private final KeyPattern keys;
  private final String payload;
  private final int writePercent;
  private final List<byte[]> presignedGets = new ArrayList<>();
  private final List<byte[]> presignedPuts = new ArrayList<>();

  RawRequests(
      RawSigner signer,
      String table,
      Workload.Kind kind,
      KeyPattern keys,
      int keyCount,
      int itemBytes,
      int writePercent) {
    this.signer = signer;
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
      return ("GET /healthz HTTP/1.1\r\nHost: " + signer.endpoint().getAuthority() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
    }
    int key = keys.next();
    boolean put = Workload.isWrite(writePercent);
    List<byte[]> presigned = put ? presignedPuts : presignedGets;
    return presigned.isEmpty() ? request(key, put) : presigned.get(key);
  }

  private byte[] request(int key, boolean put) {
    String body =
        put
            ? "{\"TableName\":\"" + table + "\",\"Item\":" + itemJson(key, payload) + "}"
            : "{\"TableName\":\"" + table + "\",\"Key\":{" + keyJson(key) + "}}";
    return signer.signed(put ? "PutItem" : "GetItem", body);
  }

  /** The key attributes of {@code key} in DynamoDB JSON, without the enclosing braces. */
  static String keyJson(int key) {
    return "\"pk\":{\"S\":\"" + Workload.partition(key) + "\"},\"sk\":{\"N\":\"" + key + "\"}";
  }

  /** The whole item of {@code key} in DynamoDB JSON, as {@link Workload#item} builds it. */
  static String itemJson(int key, String payload) {
    return "{" + keyJson(key) + ",\"payload\":{\"S\":\"" + payload + "\"}}";
  }
}

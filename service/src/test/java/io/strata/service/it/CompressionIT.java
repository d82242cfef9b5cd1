package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.Clients;
import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compressed requests ({@code Content-Encoding}) and responses ({@code Accept-Encoding}), gzip and
 * deflate, as DynamoDB speaks them. The SDKs do not compress DynamoDB requests, so requests are
 * made by hand and signed over the compressed bytes, as a client that compresses signs them.
 */
@Timeout(120)
class CompressionIT {
  private static StrataTestServer server;
  private static RawClient raw;
  private static DynamoDbClient client;
  private static String table;

  @BeforeAll
  static void createTable() {
    server = StrataTestServer.shared();
    raw = new RawClient(server.endpoint(), server.certificate());
    client = server.client();
    table = TablesIT.randomName();
    client.createTable(TablesIT.hashAndRange(table).build());
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Nested
  class Requests {
    @Test
    void gzipAndDeflateBodiesAreDecompressedAfterTheirSignatureIsChecked() {
      for (String coding : List.of("gzip", "deflate", "GZIP")) {
        String pk = UUID.randomUUID().toString();
        byte[] body = compress(coding, putItem(pk, "compressed with " + coding));
        RawClient.Response response = send(body, coding);
        assertThat(response.status()).as(coding + ": " + response.body()).isEqualTo(200);
        assertThat(stored(pk)).isEqualTo("compressed with " + coding);
      }
    }

    @Test
    void concatenatedGzipMembersAreOneBody() {
      String pk = UUID.randomUUID().toString();
      byte[] json = putItem(pk, "two members");
      byte[] body =
          concat(
              compress("gzip", Arrays.copyOfRange(json, 0, 10)),
              compress("gzip", Arrays.copyOfRange(json, 10, json.length)));
      assertThat(send(body, "gzip").status()).isEqualTo(200);
      assertThat(stored(pk)).isEqualTo("two members");
    }

    @Test
    void anUnknownCodingIsDynamoDbsInternalFailure() {
      String pk = UUID.randomUUID().toString();
      RawClient.Response response = send(putItem(pk, "x"), "br");
      assertInternalFailure(response);
      assertThat(stored(pk)).isNull();
    }

    @Test
    void aBodyThatDoesNotDecompressIsDynamoDbsInternalFailure() {
      String pk = UUID.randomUUID().toString();
      byte[] json = putItem(pk, "x");
      byte[] gzip = compress("gzip", json);
      assertInternalFailure(send(json, "gzip"));
      assertInternalFailure(send(json, "deflate"));
      assertInternalFailure(send(Arrays.copyOf(gzip, gzip.length - 1), "gzip"));
      assertInternalFailure(send(new byte[0], "gzip"));
      assertThat(stored(pk)).isNull();
    }

    @Test
    void aBodyInflatingFarBeyondJsonsRatioIsRefusedAsTooLarge() {
      String pk = UUID.randomUUID().toString();
      String json = new String(putItem(pk, "bomb"), StandardCharsets.UTF_8);
      byte[] bomb =
          compress(
              "gzip",
              (json.substring(0, json.length() - 1) + " ".repeat(4 << 20) + "}")
                  .getBytes(StandardCharsets.UTF_8));
      RawClient.Response response = send(bomb, "gzip");
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body())
          .isEqualTo(
              "{\"__type\":\"com.amazon.coral.service#RequestEntityTooLarge\",\"message\":\"The"
                  + " request body decompresses to more than 200 times its compressed size\"}");
      assertThat(stored(pk)).isNull();
    }

    @Test
    void theSizeLimitAppliesToTheDecompressedBody() {
      StrataTestServer small = StrataTestServer.start(Map.of("STRATA_MAX_REQUEST_BYTES", "100000"));
      try {
        RawClient smallRaw = new RawClient(small.endpoint(), small.certificate());
        StringBuilder text = new StringBuilder();
        while (text.length() < 150_000) {
          text.append(UUID.randomUUID());
        }
        byte[] body = compress("gzip", ("{\"Limit\":1,\"x\":\"" + text + "\"}").getBytes());
        assertThat(body.length).isLessThan(100_000);
        Map<String, List<String>> headers =
            new HashMap<>(
                smallRaw.sign(
                    "DynamoDB_20120810.ListTables", body, small.firstTenant(), Clock.systemUTC()));
        headers.put("Content-Encoding", List.of("gzip"));
        RawClient.Response response = smallRaw.send(headers, body);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body())
            .contains("Request must be smaller than 100000 bytes for the operation");
      } finally {
        small.closeQuietly();
      }
    }

    private static void assertInternalFailure(RawClient.Response response) {
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.body())
          .isEqualTo(
              "{\"__type\":\"com.amazon.coral.service#InternalFailure\",\"message\":\"The request"
                  + " processing has failed because of an unknown error, exception or failure.\"}");
    }

    private static RawClient.Response send(byte[] body, String coding) {
      Map<String, List<String>> headers =
          new HashMap<>(
              raw.sign("DynamoDB_20120810.PutItem", body, server.firstTenant(), Clock.systemUTC()));
      headers.put("Content-Encoding", List.of(coding));
      return raw.send(headers, body);
    }

    private static byte[] putItem(String pk, String text) {
      return ("{\"TableName\":\""
              + table
              + "\",\"Item\":{\"pk\":{\"S\":\""
              + pk
              + "\"},\"sk\":{\"N\":\"1\"},\"text\":{\"S\":\""
              + text
              + "\"}}}")
          .getBytes(StandardCharsets.UTF_8);
    }

    private static String stored(String pk) {
      Map<String, AttributeValue> item =
          client
              .getItem(
                  b ->
                      b.tableName(table)
                          .consistentRead(true)
                          .key(
                              Map.of(
                                  "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN("1"))))
              .item();
      return item.isEmpty() ? null : item.get("text").s();
    }
  }

  @Nested
  class Responses {
    private static final String BIG_TEXT = "compressible ".repeat(500);

    @Test
    void responsesFromFourKilobytesAreCompressedWithTheCodingTheClientPrefersIfAny()
        throws Exception {
      String pk = putBigItem();
      for (String coding : List.of("gzip", "deflate")) {
        RawClient.BinaryResponse response = getItem(pk, coding + ";q=1, identity;q=0.5");
        assertThat(response.header("Content-Encoding")).isEqualTo(coding);
        assertThat(Long.parseLong(response.header("Content-Length")))
            .isEqualTo(response.body().length);
        String json = new String(decompress(coding, response.body()), StandardCharsets.UTF_8);
        assertThat(json).contains(BIG_TEXT);
        assertThat(json.length()).isGreaterThan(4096);
      }
      RawClient.BinaryResponse small =
          raw.sendBytes(
              "POST",
              withAcceptEncoding(
                  raw.sign(
                      "DynamoDB_20120810.ListTables",
                      "{\"Limit\":1}",
                      server.firstTenant(),
                      Clock.systemUTC()),
                  "gzip"),
              "{\"Limit\":1}".getBytes(StandardCharsets.UTF_8));
      assertThat(small.header("Content-Encoding")).as("under 4 KB").isNull();
      for (String refusing : List.of("identity", "br, zstd", "gzip;q=0, deflate;q=0", "*;q=0")) {
        RawClient.BinaryResponse response = getItem(pk, refusing);
        assertThat(response.header("Content-Encoding")).as(refusing).isNull();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains(BIG_TEXT);
      }
    }

    /**
     * DynamoDB's checksum is over the bytes on the wire, compressed or not: the SDKs check it
     * before they decompress.
     */
    @Test
    void theCrc32CoversTheCompressedBytes() {
      RawClient.BinaryResponse response = getItem(putBigItem(), "gzip");
      assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
      CRC32 crc = new CRC32();
      crc.update(response.body());
      assertThat(response.header("x-amz-crc32")).isEqualTo(Long.toString(crc.getValue()));
    }

    @Test
    void theSdkReadsCompressedResponses() {
      String pk = putBigItem();
      try (DynamoDbClient gzipClient =
          DynamoDbClient.builder()
              .endpointOverride(server.endpoint())
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(
                          server.firstTenant().accessKeyId(),
                          server.firstTenant().secretAccessKey())))
              .httpClient(Clients.httpClient(server.certificate()))
              .overrideConfiguration(
                  c -> c.putHeader("Accept-Encoding", "gzip").retryStrategy(r -> r.maxAttempts(1)))
              .build()) {
        var response = gzipClient.getItem(b -> b.tableName(table).key(key(pk)));
        assertThat(response.sdkHttpResponse().firstMatchingHeader("Content-Encoding"))
            .hasValue("gzip");
        assertThat(response.item().get("text").s()).isEqualTo(BIG_TEXT);
      }
    }

    private static String putBigItem() {
      String pk = UUID.randomUUID().toString();
      Map<String, AttributeValue> item = new HashMap<>(key(pk));
      item.put("text", AttributeValue.fromS(BIG_TEXT));
      client.putItem(b -> b.tableName(table).item(item));
      return pk;
    }

    private static Map<String, AttributeValue> key(String pk) {
      return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN("1"));
    }

    private static RawClient.BinaryResponse getItem(String pk, String acceptEncoding) {
      String body =
          "{\"TableName\":\""
              + table
              + "\",\"ConsistentRead\":true,\"Key\":{\"pk\":{\"S\":\""
              + pk
              + "\"},\"sk\":{\"N\":\"1\"}}}";
      RawClient.BinaryResponse response =
          raw.sendBytes(
              "POST",
              withAcceptEncoding(
                  raw.sign(
                      "DynamoDB_20120810.GetItem", body, server.firstTenant(), Clock.systemUTC()),
                  acceptEncoding),
              body.getBytes(StandardCharsets.UTF_8));
      assertThat(response.status()).isEqualTo(200);
      return response;
    }

    private static Map<String, List<String>> withAcceptEncoding(
        Map<String, List<String>> signed, String acceptEncoding) {
      Map<String, List<String>> headers = new HashMap<>(signed);
      headers.put("Accept-Encoding", List.of(acceptEncoding));
      return headers;
    }
  }

  static byte[] compress(String coding, byte[] body) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (OutputStream out =
        coding.equalsIgnoreCase("gzip")
            ? new GZIPOutputStream(compressed)
            : new DeflaterOutputStream(compressed)) {
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  static byte[] decompress(String coding, byte[] body) throws IOException {
    try (InputStream in =
        coding.equals("gzip")
            ? new GZIPInputStream(new ByteArrayInputStream(body))
            : new InflaterInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}

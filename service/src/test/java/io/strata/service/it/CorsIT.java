package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cross-origin requests from browser SDKs, as DynamoDB answers them: any origin may read the
 * responses, and a preflight is allowed what it asks for.
 */
@Timeout(60)
class CorsIT {
  private static final String ORIGIN = "https://app.example.com";
  private static final List<String> CORS_HEADERS =
      List.of(
          "Access-Control-Allow-Origin",
          "Access-Control-Expose-Headers",
          "Access-Control-Max-Age",
          "Access-Control-Allow-Methods",
          "Access-Control-Allow-Headers");

  private static StrataTestServer server;
  private static RawClient raw;

  @BeforeAll
  static void connect() {
    server = StrataTestServer.shared();
    raw = new RawClient(server.endpoint(), server.certificate());
  }

  @Test
  void responsesToCrossOriginRequestsMayBeReadByAnyOrigin() {
    Map<String, List<String>> headers =
        new HashMap<>(
            raw.sign(
                "DynamoDB_20120810.ListTables", "{}", server.firstTenant(), Clock.systemUTC()));
    headers.put("Origin", List.of(ORIGIN));
    RawClient.Response response = raw.send(headers, "{}");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(response.header("Access-Control-Expose-Headers"))
        .contains("x-amzn-RequestId")
        .contains("x-amz-crc32");
    assertThat(response.header("Access-Control-Max-Age")).isNull();

    RawClient.Response refused =
        raw.send(Map.of("Origin", List.of(ORIGIN), "X-Amz-Target", List.of("x")), "{}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.header("Access-Control-Allow-Origin")).isEqualTo("*");
  }

  @Test
  void aPreflightIsAllowedTheMethodAndHeadersItAsksFor() {
    RawClient.BinaryResponse response =
        raw.sendBytes(
            "OPTIONS",
            Map.of(
                "Origin", List.of(ORIGIN),
                "Access-Control-Request-Method", List.of("POST"),
                "Access-Control-Request-Headers",
                    List.of("authorization, content-type, x-amz-date, x-amz-target")),
            new byte[0]);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(response.header("Access-Control-Allow-Methods")).isEqualTo("POST");
    assertThat(response.header("Access-Control-Allow-Headers"))
        .isEqualTo("authorization, content-type, x-amz-date, x-amz-target");
    assertThat(response.header("Access-Control-Max-Age")).isEqualTo("1728000");
  }

  @Test
  void requestsWithoutAnOriginGetNoCorsHeaders() {
    RawClient.BinaryResponse preflight = raw.sendBytes("OPTIONS", Map.of(), new byte[0]);
    assertThat(preflight.status()).isEqualTo(200);
    RawClient.Response call = raw.signed("ListTables", "{}", server.firstTenant());
    for (String header : CORS_HEADERS) {
      assertThat(preflight.header(header)).as(header).isNull();
      assertThat(call.header(header)).as(header).isNull();
    }
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The JSON 1.0 wire protocol: framing, headers and DynamoDB's errors for malformed requests. */
@Timeout(60)
class ProtocolIT {
  private static StrataTestServer server;
  private static RawClient raw;

  @BeforeAll
  static void connect() {
    server = StrataTestServer.shared();
    raw = new RawClient(server.endpoint(), server.certificate());
  }

  @Test
  void responsesCarryARequestIdTheJsonContentTypeAndTheCrc32OfTheBody() {
    RawClient.Response response = raw.signed("ListTables", "{}", server.firstTenant());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("x-amzn-RequestId")).matches("[A-Z0-9]{52}");
    assertThat(response.header("Content-Type")).isEqualTo("application/x-amz-json-1.0");
    CRC32 crc = new CRC32();
    crc.update(response.body().getBytes(StandardCharsets.UTF_8));
    assertThat(response.header("x-amz-crc32")).isEqualTo(Long.toString(crc.getValue()));
  }

  @Test
  void unknownOperationsAreUnknownOperationExceptions() {
    RawClient.Response response = raw.signed("DropEverything", "{}", server.firstTenant());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo("{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}");
  }

  @Test
  void malformedJsonIsASerializationException() {
    for (String body :
        List.of(
            "{\"TableName\": ",
            "",
            "not json",
            "{} trailing",
            "{\"TableName\":1e2147483648}",
            "{\"Limit\":-1E+9999999999}")) {
      RawClient.Response response = raw.signed("ListTables", body, server.firstTenant());
      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.body())
          .as(body)
          .startsWith("{\"__type\":\"com.amazon.coral.service#SerializationException\"");
    }
  }

  @Test
  void wrongJsonTypesAreSerializationExceptionsWithCoralsWording() {
    RawClient.Response number =
        raw.signed("DescribeTable", "{\"TableName\":5}", server.firstTenant());
    assertThat(number.body())
        .isEqualTo(
            "{\"__type\":\"com.amazon.coral.service#SerializationException\",\"message\":\"class"
                + " com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to"
                + " an String\"}");
    RawClient.Response list = raw.signed("ListTables", "[]", server.firstTenant());
    assertThat(list.body()).contains("Start of list found where not expected");
  }

  @Test
  void missingRequiredMembersAreValidationExceptions() {
    RawClient.Response response = raw.signed("DescribeTable", "{}", server.firstTenant());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo(
            "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"1"
                + " validation error detected: Value null at 'tableName' failed to satisfy"
                + " constraint: Member must not be null\"}");
  }

  @Test
  void bodiesOverSixteenMegabytesAreRefusedBeforeBeingRead() {
    Map<String, List<String>> headers =
        raw.sign(
            "DynamoDB_20120810.ListTables",
            "{}",
            server.firstTenant(),
            java.time.Clock.systemUTC());
    String huge = "{\"x\":\"" + "a".repeat(17 * 1024 * 1024) + "\"}";
    RawClient.Response response = raw.send(headers, huge);
    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void healthEndpointAnswersOk() throws Exception {
    HttpResponse<String> response =
        raw.http()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/healthz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The JSON 1.0 wire protocol: framing, headers, health checks, the order of authentication and
 * operation lookup, and DynamoDB's errors for malformed requests.
 */
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
  void unknownOperationsAreUnknownOperationExceptionsNamingTheTarget() {
    RawClient.Response response = raw.signed("DropEverything", "{}", server.firstTenant());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo(
            "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\",\"message\":\"An"
                + " unknown operation was requested: DynamoDB_20120810.DropEverything\"}");
  }

  @Test
  void unauthenticatedRequestsAreRefusedBeforeTheOperationIsLookedUp() {
    RawClient.Response unsigned =
        raw.send(Map.of("X-Amz-Target", List.of("DynamoDB_20120810.DropEverything")), "{}");
    assertThat(unsigned.body())
        .isEqualTo(
            "{\"__type\":\"com.amazon.coral.service#MissingAuthenticationTokenException\","
                + "\"message\":\"Request is missing Authentication Token\"}");

    Credentials mine = server.firstTenant();
    Credentials wrongSecret =
        new Credentials(mine.tenantId(), mine.accessKeyId(), mine.secretAccessKey() + "x");
    assertThat(raw.signed("DropEverything", "{}", wrongSecret).body())
        .startsWith("{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\"");

    Credentials stranger =
        new Credentials(
            "000000000000", "AKIAXXXXXXXXXXXXXXXX", "secretsecretsecretsecretsecretsecret1234");
    assertThat(raw.signed("DropEverything", "{}", stranger).body())
        .startsWith("{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\"");
  }

  @Test
  void signaturesTooOldOrTooFarAheadAreRefusedBeforeTheOperationIsLookedUp() {
    Instant now = Instant.now();
    RawClient.Response expired =
        raw.send(
            raw.sign(
                "DynamoDB_20120810.DropEverything",
                "{}",
                server.firstTenant(),
                Clock.fixed(now.minus(Duration.ofMinutes(20)), ZoneOffset.UTC)),
            "{}");
    assertThat(expired.body())
        .matches(
            "\\{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\",\"message\":"
                + "\"Signature expired: \\d{8}T\\d{6}Z is now earlier than \\d{8}T\\d{6}Z"
                + " \\(\\d{8}T\\d{6}Z - 15 min.\\)\"}");
    RawClient.Response ahead =
        raw.send(
            raw.sign(
                "DynamoDB_20120810.DropEverything",
                "{}",
                server.firstTenant(),
                Clock.fixed(now.plus(Duration.ofMinutes(20)), ZoneOffset.UTC)),
            "{}");
    assertThat(ahead.body())
        .matches(
            "\\{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\",\"message\":"
                + "\"Signature not yet current: \\d{8}T\\d{6}Z is still later than \\d{8}T\\d{6}Z"
                + " \\(\\d{8}T\\d{6}Z \\+ 15 min.\\)\"}");
  }

  @Test
  void theTargetPrefixMustBeTheOperationsOwnApi() {
    String table = TablesIT.randomName();
    try (DynamoDbClient client = server.client()) {
      client.createTable(TablesIT.hashAndRange(table).build());
      String item =
          "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}";
      RawClient.Response put =
          raw.send(
              raw.sign(
                  "DynamoDBStreams_20120810.PutItem",
                  item,
                  server.firstTenant(),
                  Clock.systemUTC()),
              item);
      assertThat(put.body())
          .isEqualTo(
              "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\",\"message\":"
                  + "\"An unknown operation was requested: DynamoDBStreams_20120810.PutItem\"}");
      assertThat(client.scan(b -> b.tableName(table)).count()).isZero();
    }
    assertThat(raw.signed("ListStreams", "{}", server.firstTenant()).body())
        .contains("UnknownOperationException")
        .contains("DynamoDB_20120810.ListStreams");
    try (DynamoDbStreamsClient streams = server.streamsClientFor(server.firstTenant())) {
      assertThat(streams.listStreams().streams()).isNotNull();
    }
  }

  @Test
  void responsesCarryDynamoDbsServerAndDateHeaders() {
    try (DynamoDbClient client = server.client()) {
      SdkHttpResponse success = client.listTables().sdkHttpResponse();
      assertThat(success.firstMatchingHeader("Server")).hasValue("Server");
      assertHttpDateIsNow(success.firstMatchingHeader("Date").orElseThrow());
      DynamoDbException failure =
          catchThrowableOfType(
              DynamoDbException.class,
              () -> client.describeTable(b -> b.tableName(TablesIT.randomName())));
      SdkHttpResponse error = failure.awsErrorDetails().sdkHttpResponse();
      assertThat(error.firstMatchingHeader("Server")).hasValue("Server");
      assertHttpDateIsNow(error.firstMatchingHeader("Date").orElseThrow());
    }
  }

  private static void assertHttpDateIsNow(String date) {
    assertThat(date).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    Instant sent = DateTimeFormatter.RFC_1123_DATE_TIME.parse(date, Instant::from);
    assertThat(Duration.between(sent, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
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

  /**
   * Text that UTF-8 cannot carry is refused, so it can never name another item: an escaped lone
   * surrogate used to be stored as {@code ?}, and an overlong {@code C0 AF} decoded as {@code /}.
   */
  @Test
  void textThatIsNotWellFormedUnicodeIsAValidationException() {
    String table = TablesIT.randomName();
    try (DynamoDbClient client = server.client()) {
      client.createTable(TablesIT.hashAndRange(table).build());
      Map<String, AttributeValue> existing =
          Map.of("pk", AttributeValue.fromS("col?1"), "sk", AttributeValue.fromN("1"));
      client.putItem(b -> b.tableName(table).item(existing));
      String prefix = "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"col";
      String suffix = "1\"},\"sk\":{\"N\":\"1\"},\"new\":{\"BOOL\":true}}}";
      byte[] loneSurrogate = (prefix + "\\udc00" + suffix).getBytes(StandardCharsets.UTF_8);
      byte[] overlong = concat(prefix.getBytes(), new byte[] {(byte) 0xC0, (byte) 0xAF}, suffix);
      for (byte[] body : List.of(loneSurrogate, overlong)) {
        RawClient.Response response =
            raw.send(
                raw.sign(
                    "DynamoDB_20120810.PutItem", body, server.firstTenant(), Clock.systemUTC()),
                body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body())
            .startsWith(
                "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"The"
                    + " request is not valid UTF-8: ");
      }
      assertThat(client.scan(b -> b.tableName(table)).items()).containsExactly(existing);

      String pair = prefix + "\\ud83d\\ude00" + suffix;
      assertThat(raw.signed("PutItem", pair, server.firstTenant()).status()).isEqualTo(200);
      assertThat(
              client
                  .getItem(
                      b ->
                          b.tableName(table)
                              .key(
                                  Map.of(
                                      "pk",
                                      AttributeValue.fromS("col\ud83d\ude001"),
                                      "sk",
                                      AttributeValue.fromN("1"))))
                  .item())
          .containsEntry("new", AttributeValue.fromBool(true));
    }
  }

  private static byte[] concat(byte[] first, byte[] second, String third) {
    byte[] last = third.getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(first, first.length + second.length + last.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    System.arraycopy(last, 0, all, first.length + second.length, last.length);
    return all;
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
        raw.sign("DynamoDB_20120810.ListTables", "{}", server.firstTenant(), Clock.systemUTC());
    String huge = "{\"x\":\"" + "a".repeat(17 * 1024 * 1024) + "\"}";
    RawClient.Response response = raw.send(headers, huge);
    assertThat(response.status()).isEqualTo(413);
  }

  @Test
  void theRootPathAnswersHealthyWithTheEndpointsName() throws Exception {
    HttpResponse<String> response =
        raw.http()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("healthy: localhost:" + server.server().apiPort());
    assertThat(response.headers().firstValue("Server")).hasValue("Server");
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

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.RawClient;
import io.strata.service.testing.StrataTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** SigV4 through the wire: DynamoDB's error types and messages for every way a signature fails. */
@Timeout(60)
class AuthenticationIT {
  private static final String LIST_TABLES = "DynamoDB_20120810.ListTables";
  private static StrataTestServer server;
  private static RawClient raw;

  @BeforeAll
  static void connect() {
    server = StrataTestServer.shared();
    raw = new RawClient(server.endpoint(), server.certificate());
  }

  @Test
  void requestsWithoutAuthorizationAreMissingAuthenticationToken() {
    RawClient.Response response = raw.send(Map.of("X-Amz-Target", List.of(LIST_TABLES)), "{}");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo(
            "{\"__type\":\"com.amazon.coral.service#MissingAuthenticationTokenException\","
                + "\"message\":\"Request is missing Authentication Token\"}");
  }

  @Test
  void unknownAccessKeysAreUnrecognizedClients() {
    Credentials stranger =
        new Credentials(
            "000000000000", "AKIAXXXXXXXXXXXXXXXX", "secretsecretsecretsecretsecretsecret1234");
    RawClient.Response response = raw.signed("ListTables", "{}", stranger);
    assertThat(response.body())
        .isEqualTo(
            "{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\","
                + "\"message\":\"The security token included in the request is invalid.\"}");
  }

  @Test
  void aWrongSecretIsAnInvalidSignature() {
    Credentials mine = server.firstTenant();
    Credentials wrongSecret =
        new Credentials(mine.tenantId(), mine.accessKeyId(), mine.secretAccessKey() + "x");
    RawClient.Response response = raw.signed("ListTables", "{}", wrongSecret);
    assertThat(response.body())
        .startsWith("{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\"")
        .contains("The request signature we calculated does not match the signature you provided.");
  }

  @Test
  void aBodyChangedAfterSigningIsAnInvalidSignature() {
    Map<String, List<String>> headers =
        raw.sign(LIST_TABLES, "{\"Limit\":1}", server.firstTenant(), Clock.systemUTC());
    RawClient.Response response = raw.send(headers, "{\"Limit\":2}");
    assertThat(response.body()).contains("InvalidSignatureException");
  }

  @Test
  void signaturesOlderThanFifteenMinutesHaveExpired() {
    Clock twentyMinutesAgo =
        Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);
    Map<String, List<String>> headers =
        raw.sign(LIST_TABLES, "{}", server.firstTenant(), twentyMinutesAgo);
    RawClient.Response response = raw.send(headers, "{}");
    assertThat(response.body())
        .startsWith(
            "{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\","
                + "\"message\":\"Signature expired: ")
        .contains("is now earlier than")
        .endsWith(" - 15 min.)\"}");
  }

  @Test
  void anAuthorizationHeaderWithoutItsPartsIsAnIncompleteSignature() {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("X-Amz-Target", List.of(LIST_TABLES));
    headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Signature=abc"));
    RawClient.Response response = raw.send(headers, "{}");
    assertThat(response.body())
        .isEqualTo(
            "{\"__type\":\"com.amazon.coral.service#IncompleteSignatureException\",\"message\":"
                + "\"Authorization header requires 'Credential' parameter. Authorization header"
                + " requires 'SignedHeaders' parameter. Authorization header requires existence of"
                + " either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256"
                + " Signature=abc\"}");
  }

  @Test
  void aRevokedKeyStopsWorkingAtOnce() throws Exception {
    Credentials tenant = server.newTenant("revocation");
    try (DynamoDbClient client = server.clientFor(tenant)) {
      assertThat(client.listTables().tableNames()).isEmpty();
      server
          .server()
          .changeTenants(
              tenants -> tenants.setAccessKeyActive(tenant.tenantId(), tenant.accessKeyId(), false))
          .toCompletionStage()
          .toCompletableFuture()
          .get();
      DynamoDbException refused =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              DynamoDbException.class, client::listTables);
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
    }
  }
}

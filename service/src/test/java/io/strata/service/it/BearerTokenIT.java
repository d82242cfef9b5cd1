package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.service.admin.AdminCli;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.BearerTokens;
import io.strata.service.testing.Clients;
import io.strata.service.testing.StrataTestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * JWT bearer tokens end to end: a tenant registers its issuer with {@code strata admin}, then an
 * SDK client whose signer sends {@code Authorization: Bearer} works on that tenant's tables.
 */
@Timeout(120)
class BearerTokenIT {
  private static final String AUDIENCE = "strata";
  private static StrataTestServer server;
  private static Credentials tenant;
  private static BearerTokens issuer;

  @BeforeAll
  static void registerIssuer() throws Exception {
    server = StrataTestServer.shared();
    tenant = server.newTenant("token-users");
    issuer = new BearerTokens("https://login.example.com/" + tenant.tenantId());
    Path key = Files.createTempFile("issuer", ".pem");
    Files.writeString(key, issuer.publicKeyPem());
    StringWriter out = new StringWriter();
    int exit =
        AdminCli.run(
            new String[] {
              "--url=https://localhost:" + server.server().adminPort(),
              "--data-dir=" + server.dataDirectory(),
              "add-jwt-issuer",
              tenant.tenantId(),
              "--issuer=" + issuer.issuer(),
              "--audience=" + AUDIENCE,
              "--public-key-file=" + key,
              "--algorithm=ES256"
            },
            Map.of(),
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));
    assertThat(exit).as(out.toString()).isZero();
  }

  private static DynamoDbClient clientWith(String token) {
    return Clients.bearer(server.endpoint(), server.certificate(), token);
  }

  @Test
  void aValidTokenActsForItsTenant() {
    String token =
        issuer.token(
            Map.of("sub", "svc-reports", "aud", AUDIENCE, "exp", BearerTokens.inMinutes(5)));
    try (DynamoDbClient client = clientWith(token)) {
      client.createTable(TablesIT.hashAndRange("from-token").build());
      assertThat(client.listTables().tableNames()).containsExactly("from-token");
      assertThat(client.describeTable(b -> b.tableName("from-token")).table().tableArn())
          .startsWith("arn:aws:dynamodb:us-east-1:" + tenant.tenantId() + ":table/");
    }
    try (DynamoDbClient sigv4 = server.clientFor(tenant)) {
      assertThat(sigv4.listTables().tableNames()).contains("from-token");
    }
  }

  @Test
  void expiredWrongAudienceAndForgedTokensAreRefused() {
    BearerTokens forger = new BearerTokens(issuer.issuer());
    for (String token :
        new String[] {
          issuer.token(Map.of("sub", "a", "aud", AUDIENCE, "exp", BearerTokens.inMinutes(-5))),
          issuer.token(Map.of("sub", "a", "aud", "someone-else", "exp", BearerTokens.inMinutes(5))),
          forger.token(Map.of("sub", "a", "aud", AUDIENCE, "exp", BearerTokens.inMinutes(5))),
          "not.a.token"
        }) {
      try (DynamoDbClient client = clientWith(token)) {
        DynamoDbException refused =
            catchThrowableOfType(DynamoDbException.class, client::listTables);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
      }
    }
  }

  @Test
  void aTokenCannotClaimAnotherTenant() {
    String token =
        issuer.token(
            Map.of(
                "sub",
                "a",
                "aud",
                AUDIENCE,
                "exp",
                BearerTokens.inMinutes(5),
                "tenant",
                server.firstTenant().tenantId()));
    try (DynamoDbClient client = clientWith(token)) {
      DynamoDbException refused = catchThrowableOfType(DynamoDbException.class, client::listTables);
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
    }
  }
}

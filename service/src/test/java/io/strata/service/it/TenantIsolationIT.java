package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.StrataTestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Two tenants with tables of the same name never see each other's data or tables. */
@Timeout(120)
class TenantIsolationIT {
  private static StrataTestServer server;
  private static Credentials alice;
  private static Credentials bob;
  private static DynamoDbClient aliceClient;
  private static DynamoDbClient bobClient;

  @BeforeAll
  static void twoTenantsEachWithAUsersTable() {
    server = StrataTestServer.shared();
    alice = server.newTenant("alice");
    bob = server.newTenant("bob");
    aliceClient = server.clientFor(alice);
    bobClient = server.clientFor(bob);
    for (DynamoDbClient client : new DynamoDbClient[] {aliceClient, bobClient}) {
      client.createTable(TablesIT.hashAndRange("users").build());
    }
    aliceClient.putItem(b -> b.tableName("users").item(item("alice's secret")));
    bobClient.putItem(b -> b.tableName("users").item(item("bob's secret")));
  }

  @AfterAll
  static void disconnect() {
    aliceClient.close();
    bobClient.close();
  }

  private static Map<String, AttributeValue> item(String secret) {
    return Map.of(
        "pk", AttributeValue.fromS("same-key"),
        "sk", AttributeValue.fromN("1"),
        "secret", AttributeValue.fromS(secret));
  }

  private static final Map<String, AttributeValue> KEY =
      Map.of("pk", AttributeValue.fromS("same-key"), "sk", AttributeValue.fromN("1"));

  @Test
  void eachTenantReadsOnlyItsOwnItemUnderTheSameTableNameAndKey() {
    assertThat(aliceClient.getItem(b -> b.tableName("users").key(KEY)).item().get("secret").s())
        .isEqualTo("alice's secret");
    assertThat(bobClient.getItem(b -> b.tableName("users").key(KEY)).item().get("secret").s())
        .isEqualTo("bob's secret");
  }

  @Test
  void eachTenantListsOnlyItsOwnTables() {
    assertThat(aliceClient.listTables().tableNames()).containsExactly("users");
    assertThat(bobClient.listTables().tableNames()).containsExactly("users");
  }

  @Test
  void tableArnsCarryTheOwningTenant() {
    assertThat(aliceClient.describeTable(b -> b.tableName("users")).table().tableArn())
        .contains(":" + alice.tenantId() + ":table/users");
  }

  @Test
  void anotherTenantsArnIsAccessDenied() {
    String bobsArn = bobClient.describeTable(b -> b.tableName("users")).table().tableArn();
    for (Runnable attempt :
        new Runnable[] {
          () -> aliceClient.getItem(b -> b.tableName(bobsArn).key(KEY)),
          () -> aliceClient.describeTable(b -> b.tableName(bobsArn)),
          () -> aliceClient.listTagsOfResource(b -> b.resourceArn(bobsArn)),
          () -> aliceClient.deleteTable(b -> b.tableName(bobsArn))
        }) {
      DynamoDbException denied = catchThrowableOfType(DynamoDbException.class, attempt::run);
      assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
      assertThat(denied.getMessage()).doesNotContain("bob's secret");
    }
    assertThat(bobClient.getItem(b -> b.tableName("users").key(KEY)).hasItem()).isTrue();
  }

  @Test
  void ownArnWorksLikeTheName() {
    String arn = aliceClient.describeTable(b -> b.tableName("users")).table().tableArn();
    assertThat(aliceClient.getItem(b -> b.tableName(arn).key(KEY)).item().get("secret").s())
        .isEqualTo("alice's secret");
  }
}

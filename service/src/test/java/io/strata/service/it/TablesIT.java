package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable and tags through the SDK. */
@Timeout(120)
class TablesIT {
  private static DynamoDbClient client;

  @BeforeAll
  static void connect() {
    client = StrataTestServer.shared().client();
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  static String randomName() {
    return "t-" + UUID.randomUUID();
  }

  static CreateTableRequest.Builder hashAndRange(String name) {
    return hashAndRange(name, ScalarAttributeType.N);
  }

  /** On-demand, string partition key {@code pk}, sort key {@code sk} of this type. */
  static CreateTableRequest.Builder hashAndRange(String name, ScalarAttributeType sortKeyType) {
    return CreateTableRequest.builder()
        .tableName(name)
        .keySchema(
            KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
        .attributeDefinitions(
            AttributeDefinition.builder()
                .attributeName("pk")
                .attributeType(ScalarAttributeType.S)
                .build(),
            AttributeDefinition.builder().attributeName("sk").attributeType(sortKeyType).build())
        .billingMode(BillingMode.PAY_PER_REQUEST);
  }

  @Nested
  class Validation {
    @Test
    void rejectsShortAndInvalidNamesWithTheConstraintMessage() {
      assertThatThrownBy(() -> client.createTable(hashAndRange("a;").build()))
          .isInstanceOf(DynamoDbException.class)
          .hasMessageStartingWith(
              "2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy"
                  + " constraint: Member must satisfy regular expression pattern:"
                  + " [a-zA-Z0-9_.-]+; Value 'a;' at 'tableName' failed to satisfy constraint:"
                  + " Member must have length greater than or equal to 3");
    }

    @Test
    void rejectsKeySchemaWhoseAttributesAreNotDefined() {
      assertThatThrownBy(
              () ->
                  client.createTable(
                      hashAndRange(randomName())
                          .attributeDefinitions(
                              AttributeDefinition.builder()
                                  .attributeName("pk")
                                  .attributeType(ScalarAttributeType.S)
                                  .build())
                          .build()))
          .hasMessageStartingWith("Invalid KeySchema: Some index key attribute have no definition");
    }

    @Test
    void requiresThroughputForProvisionedTables() {
      assertThatThrownBy(
              () ->
                  client.createTable(hashAndRange(randomName()).billingMode((String) null).build()))
          .hasMessageStartingWith("No provisioned throughput specified for the table");
    }

    @Test
    void refusesDuplicateTables() {
      String name = randomName();
      client.createTable(hashAndRange(name).build());
      assertThatThrownBy(() -> client.createTable(hashAndRange(name).build()))
          .isInstanceOf(ResourceInUseException.class)
          .hasMessageStartingWith("Table already exists: " + name);
    }

    @Test
    void describesMissingTablesAsNotFound() {
      assertThatThrownBy(() -> client.describeTable(b -> b.tableName("no-such-table")))
          .isInstanceOf(ResourceNotFoundException.class)
          .hasMessageStartingWith("Requested resource not found: Table: no-such-table not found");
    }
  }

  @Nested
  class Functionality {
    @Test
    void createdTableIsDescribedWithItsSchemaAndArn() {
      String name = randomName();
      TableDescription created = client.createTable(hashAndRange(name).build()).tableDescription();
      assertThat(created.tableStatus()).isEqualTo(TableStatus.CREATING);
      client.waiter().waitUntilTableExists(b -> b.tableName(name));
      TableDescription described = client.describeTable(b -> b.tableName(name)).table();
      assertThat(described.tableStatus()).isEqualTo(TableStatus.ACTIVE);
      assertThat(described.keySchema())
          .extracting(KeySchemaElement::attributeName)
          .containsExactly("pk", "sk");
      assertThat(described.tableArn())
          .isEqualTo(
              "arn:aws:dynamodb:us-east-1:"
                  + StrataTestServer.shared().firstTenant().tenantId()
                  + ":table/"
                  + name);
      assertThat(described.billingModeSummary().billingMode())
          .isEqualTo(BillingMode.PAY_PER_REQUEST);
      assertThat(described.itemCount()).isZero();
    }

    @Test
    void listTablesPagesInNameOrder() {
      String prefix = "list-" + UUID.randomUUID() + "-";
      for (int i = 0; i < 5; i++) {
        client.createTable(hashAndRange(prefix + i).build());
      }
      List<String> seen = new ArrayList<>();
      String start = null;
      do {
        ListTablesResponse page = client.listTables(b -> b.limit(2).exclusiveStartTableName(null));
        page =
            client.listTables(
                builder ->
                    builder
                        .limit(2)
                        .exclusiveStartTableName(
                            seen.isEmpty() ? null : seen.get(seen.size() - 1)));
        seen.addAll(page.tableNames());
        start = page.lastEvaluatedTableName();
      } while (start != null);
      List<String> ours = seen.stream().filter(name -> name.startsWith(prefix)).toList();
      assertThat(ours).containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4);
      assertThat(seen).isSorted();
    }

    @Test
    void updateTableSwitchesToProvisionedAndChangesThroughput() {
      String name = randomName();
      client.createTable(
          hashAndRange(name)
              .billingMode(BillingMode.PROVISIONED)
              .provisionedThroughput(
                  ProvisionedThroughput.builder()
                      .readCapacityUnits(5L)
                      .writeCapacityUnits(5L)
                      .build())
              .build());
      TableDescription updated =
          client
              .updateTable(
                  b ->
                      b.tableName(name)
                          .provisionedThroughput(
                              ProvisionedThroughput.builder()
                                  .readCapacityUnits(10L)
                                  .writeCapacityUnits(3L)
                                  .build()))
              .tableDescription();
      assertThat(updated.provisionedThroughput().readCapacityUnits()).isEqualTo(10);
      assertThat(updated.provisionedThroughput().writeCapacityUnits()).isEqualTo(3);
      assertThat(updated.provisionedThroughput().numberOfDecreasesToday()).isEqualTo(1);
      assertThatThrownBy(
              () ->
                  client.updateTable(
                      b ->
                          b.tableName(name)
                              .provisionedThroughput(
                                  ProvisionedThroughput.builder()
                                      .readCapacityUnits(10L)
                                      .writeCapacityUnits(3L)
                                      .build())))
          .hasMessageStartingWith("The provisioned throughput for the table will not change.");
    }

    @Test
    void deletedTableIsGoneAndItsNameCanBeReused() {
      String name = randomName();
      client.createTable(hashAndRange(name).build());
      assertThat(client.deleteTable(b -> b.tableName(name)).tableDescription().tableStatus())
          .isEqualTo(TableStatus.DELETING);
      client.waiter().waitUntilTableNotExists(b -> b.tableName(name));
      client.createTable(hashAndRange(name).build());
      assertThat(client.describeTable(b -> b.tableName(name)).table().itemCount()).isZero();
    }

    @Test
    void tagsAreAddedListedAndRemoved() {
      String name = randomName();
      String arn = client.createTable(hashAndRange(name).build()).tableDescription().tableArn();
      client.tagResource(
          b ->
              b.resourceArn(arn)
                  .tags(
                      Tag.builder().key("team").value("a").build(),
                      Tag.builder().key("env").value("prod").build()));
      assertThat(client.listTagsOfResource(b -> b.resourceArn(arn)).tags())
          .extracting(Tag::key)
          .containsExactly("team", "env");
      client.untagResource(b -> b.resourceArn(arn).tagKeys("team"));
      assertThat(client.listTagsOfResource(b -> b.resourceArn(arn)).tags())
          .containsExactly(Tag.builder().key("env").value("prod").build());
    }
  }
}

package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.error.ValidationMessages;
import io.strata.service.tenant.Credentials;
import io.strata.service.testing.StrataTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DuplicateItemException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * ExecuteStatement, BatchExecuteStatement and ExecuteTransaction through the AWS SDK for Java v2
 * (and once through the aws CLI) against the running server over HTTPS. What DynamoDB Local can
 * tell us is compared in {@code PartiqlDifferentialIT}; this pins what it cannot: capacity, nested
 * projections, the error types the API reference names, idempotent transactions.
 */
@Timeout(120)
class PartiqlIT {
  private static final String TABLE = "pq_it_" + UUID.randomUUID().toString().substring(0, 8);
  private static DynamoDbClient client;

  @BeforeAll
  static void createTable() {
    client = StrataTestServer.shared().client();
    client.createTable(
        request ->
            request
                .tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    definition ->
                        definition.attributeName("pk").attributeType(ScalarAttributeType.S),
                    definition ->
                        definition.attributeName("sk").attributeType(ScalarAttributeType.N))
                .keySchema(
                    key -> key.attributeName("pk").keyType(KeyType.HASH),
                    key -> key.attributeName("sk").keyType(KeyType.RANGE)));
  }

  @AfterAll
  static void dropTable() {
    client.deleteTable(request -> request.tableName(TABLE));
  }

  private static String partition() {
    return "p" + UUID.randomUUID();
  }

  private static ExecuteStatementResponse execute(String statement, AttributeValue... parameters) {
    return client.executeStatement(
        request ->
            request
                .statement(statement)
                .parameters(parameters.length == 0 ? null : List.of(parameters)));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(int value) {
    return AttributeValue.fromN(Integer.toString(value));
  }

  @Nested
  class ExecuteStatement {
    @Test
    void insertsAndSelectsAnItemWithEveryLiteralType() {
      String pk = partition();
      execute(
          "INSERT INTO \""
              + TABLE
              + "\" VALUE {'pk': ?, 'sk': 1, 's': 'it''s', 'n': -1.5,"
              + " 'b': ?, 'ok': true, 'none': NULL, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>,"
              + " 'l': [1, 'x'], 'm': {'k': {'deep': [true]}}}",
          s(pk),
          AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromUtf8String("bin")));
      Map<String, AttributeValue> item =
          execute("SELECT * FROM \"" + TABLE + "\" WHERE pk = ? AND sk = 1", s(pk)).items().get(0);
      assertThat(item.get("s").s()).isEqualTo("it's");
      assertThat(item.get("n").n()).isEqualTo("-1.5");
      assertThat(item.get("b").b().asUtf8String()).isEqualTo("bin");
      assertThat(item.get("ok").bool()).isTrue();
      assertThat(item.get("none").nul()).isTrue();
      assertThat(item.get("ss").ss()).containsExactlyInAnyOrder("a", "b");
      assertThat(item.get("ns").ns()).containsExactlyInAnyOrder("1", "2");
      assertThat(item.get("l").l()).containsExactly(n(1), s("x"));
      assertThat(item.get("m").m().get("k").m().get("deep").l())
          .containsExactly(AttributeValue.fromBool(true));
    }

    @Test
    void refusesInsertOfATakenKeyAsDuplicateItem() {
      String insert = "INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': 1}";
      AttributeValue pk = s(partition());
      execute(insert, pk);
      assertThatThrownBy(() -> execute(insert, pk))
          .isInstanceOf(DuplicateItemException.class)
          .hasMessageStartingWith("Duplicate primary key exists in table");
    }

    @Test
    void nestedProjectionKeepsTheDocumentStructure() {
      String pk = partition();
      execute(
          "INSERT INTO \""
              + TABLE
              + "\" VALUE {'pk': ?, 'sk': 1, 'm': {'b': [1, {'c': 'deep'}]}, 'x': 2}",
          s(pk));
      Map<String, AttributeValue> item =
          execute("SELECT m.b[1].c FROM \"" + TABLE + "\" WHERE pk = ?", s(pk)).items().get(0);
      assertThat(item).containsOnlyKeys("m");
      assertThat(item.get("m").m().get("b").l().get(0).m().get("c").s()).isEqualTo("deep");
    }

    @Test
    void pagesThroughSeveralPartitionsWithLimitAndNextToken() {
      String first = partition();
      String second = partition();
      for (String pk : List.of(first, second)) {
        for (int sk = 1; sk <= 3; sk++) {
          execute("INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': ?}", s(pk), n(sk));
        }
      }
      String statement =
          "SELECT sk FROM \"" + TABLE + "\" WHERE pk IN [?, ?] AND sk >= 2 ORDER BY sk DESC";
      List<String> read = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        String next = token;
        ExecuteStatementResponse page =
            client.executeStatement(
                request ->
                    request
                        .statement(statement)
                        .parameters(s(first), s(second))
                        .limit(1)
                        .nextToken(next));
        page.items().forEach(item -> read.add(item.get("sk").n()));
        token = page.nextToken();
        pages++;
      } while (token != null);
      assertThat(read).containsExactly("3", "2", "3", "2");
      assertThat(pages).isGreaterThanOrEqualTo(4);
      String tokenOfAnotherStatement =
          client
              .executeStatement(
                  request -> request.statement(statement).parameters(s(first), s(second)).limit(1))
              .nextToken();
      assertThatThrownBy(
              () ->
                  client.executeStatement(
                      request ->
                          request
                              .statement(statement)
                              .parameters(s(second), s(first))
                              .nextToken(tokenOfAnotherStatement)))
          .hasMessageStartingWith("Invalid NextToken");
    }

    @Test
    void chargesWhatTheEquivalentQueryCosts() {
      String pk = partition();
      execute(
          "INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': 1, 'pad': ?}",
          s(pk),
          s("x".repeat(5000)));
      double partiql =
          client
              .executeStatement(
                  request ->
                      request
                          .statement("SELECT * FROM \"" + TABLE + "\" WHERE pk = ?")
                          .parameters(s(pk))
                          .consistentRead(true)
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
              .consumedCapacity()
              .capacityUnits();
      double query =
          client
              .query(
                  request ->
                      request
                          .tableName(TABLE)
                          .keyConditionExpression("pk = :p")
                          .expressionAttributeValues(Map.of(":p", s(pk)))
                          .consistentRead(true)
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
              .consumedCapacity()
              .capacityUnits();
      assertThat(partiql).isEqualTo(query).isEqualTo(2.0);
    }

    @Test
    void updateReturnsModifiedAttributesAndFailedConditionReturnsOldItem() {
      String pk = partition();
      execute(
          "INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': 1, 'n': 1, 'tags': <<'a'>>}", s(pk));
      Map<String, AttributeValue> updated =
          execute(
                  "UPDATE \""
                      + TABLE
                      + "\" SET n = n + 2 SET tags = set_add(tags, <<'b'>>)"
                      + " WHERE pk = ? AND sk = 1 RETURNING MODIFIED NEW *",
                  s(pk))
              .items()
              .get(0);
      assertThat(updated).containsOnlyKeys("n", "tags");
      assertThat(updated.get("n").n()).isEqualTo("3");
      assertThat(updated.get("tags").ss()).containsExactlyInAnyOrder("a", "b");
      assertThatThrownBy(
              () ->
                  client.executeStatement(
                      request ->
                          request
                              .statement(
                                  "UPDATE \""
                                      + TABLE
                                      + "\" SET n = 0 WHERE pk = ? AND sk = 1 AND n = 99")
                              .parameters(s(pk))
                              .returnValuesOnConditionCheckFailure(
                                  ReturnValuesOnConditionCheckFailure.ALL_OLD)))
          .isInstanceOfSatisfying(
              ConditionalCheckFailedException.class,
              e -> assertThat(e.item().get("n").n()).isEqualTo("3"));
      assertThatThrownBy(
              () -> execute("UPDATE \"" + TABLE + "\" SET n = 0 WHERE pk = ? AND sk = 9", s(pk)))
          .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void refusesWritesWithoutTheFullKeyAndUnknownFunctions() {
      assertThatThrownBy(() -> execute("DELETE FROM \"" + TABLE + "\" WHERE pk = 'a'"))
          .hasMessageStartingWith(
              "Where clause does not contain a mandatory equality on all key attributes");
      assertThatThrownBy(() -> execute("SELECT * FROM \"" + TABLE + "\" WHERE exists(x)"))
          .hasMessageStartingWith("Unrecognized function: exists");
      assertThatThrownBy(() -> execute("SELECT * FROM \"" + TABLE + "\" WHERE pk = 1"))
          .hasMessageStartingWith(
              "Key attribute's data type should match its data type in table's schema: Key pk");
    }

    @Test
    void answersTheAwsCli() throws Exception {
      StrataTestServer server = StrataTestServer.shared();
      Credentials credentials = server.firstTenant();
      String pk = partition();
      execute("INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': 7, 'x': 'from sdk'}", s(pk));
      ProcessBuilder cli =
          new ProcessBuilder(
                  "aws",
                  "dynamodb",
                  "execute-statement",
                  "--endpoint-url",
                  server.endpoint().toString(),
                  "--ca-bundle",
                  server.certificate().toString(),
                  "--statement",
                  "SELECT x FROM \"" + TABLE + "\" WHERE pk = '" + pk + "' AND sk = 7",
                  "--output",
                  "json")
              .redirectErrorStream(true);
      cli.environment().put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
      cli.environment().put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
      cli.environment().put("AWS_DEFAULT_REGION", "us-east-1");
      Process process;
      try {
        process = cli.start();
      } catch (IOException e) {
        throw new AssertionError(
            "the aws CLI is needed for this test: apt-get install -y awscli", e);
      }
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("\"from sdk\"");
    }
  }

  @Nested
  class BatchExecuteStatement {
    @Test
    void reportsEachStatementsOutcomeInItsPlace() {
      String pk = partition();
      execute("INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': 1}", s(pk));
      BatchExecuteStatementResponse response =
          client.batchExecuteStatement(
              request ->
                  request.statements(
                      statement("INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': 1}", s(pk)),
                      statement("INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': 2}", s(pk)),
                      statement(
                          "UPDATE \"" + TABLE + "\" SET x = 1 WHERE pk = ? AND sk = 3", s(pk)),
                      statement("DELETE FROM nothere WHERE pk = 'a' AND sk = 1"),
                      statement("SELEC")));
      assertThat(response.responses())
          .extracting(r -> r.error() == null ? null : r.error().code())
          .containsExactly(
              BatchStatementErrorCodeEnum.DUPLICATE_ITEM,
              null,
              BatchStatementErrorCodeEnum.CONDITIONAL_CHECK_FAILED,
              BatchStatementErrorCodeEnum.RESOURCE_NOT_FOUND,
              BatchStatementErrorCodeEnum.VALIDATION_ERROR);
      assertThat(response.responses().get(1).tableName()).isEqualTo(TABLE);
      BatchExecuteStatementResponse reads =
          client.batchExecuteStatement(
              request ->
                  request
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                      .statements(
                          statement(
                              "SELECT * FROM \"" + TABLE + "\" WHERE pk = ? AND sk = 2", s(pk)),
                          statement(
                              "SELECT * FROM \"" + TABLE + "\" WHERE pk = ? AND sk = 9", s(pk))));
      assertThat(reads.responses().get(0).item().get("sk").n()).isEqualTo("2");
      assertThat(reads.responses().get(1).item()).isEmpty();
      assertThat(reads.consumedCapacity())
          .singleElement()
          .satisfies(c -> assertThat(c.capacityUnits()).isEqualTo(1.0));
    }

    @Test
    void refusesReadsAndWritesTogether() {
      assertThatThrownBy(
              () ->
                  client.batchExecuteStatement(
                      request ->
                          request.statements(
                              statement(
                                  "SELECT * FROM \"" + TABLE + "\" WHERE pk = 'a' AND sk = 1"),
                              statement(
                                  "DELETE FROM \"" + TABLE + "\" WHERE pk = 'b' AND sk = 1"))))
          .hasMessageStartingWith(
              "Read and write requests together in the same batch is not supported.");
    }
  }

  @Nested
  class ExecuteTransaction {
    @Test
    void cancelsEverythingWhenOneConditionFailsWithReasonsInOrder() {
      String pk = partition();
      execute("INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': 1, 'n': 1}", s(pk));
      assertThatThrownBy(
              () ->
                  client.executeTransaction(
                      request ->
                          request.transactStatements(
                              parameterized(
                                  "INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': 2}", s(pk)),
                              parameterized(
                                  "EXISTS(SELECT * FROM \""
                                      + TABLE
                                      + "\" WHERE pk = ? AND sk = 1 AND n = 5)",
                                  s(pk)))))
          .isInstanceOfSatisfying(
              TransactionCanceledException.class,
              e ->
                  assertThat(e.cancellationReasons())
                      .extracting(r -> r.code())
                      .containsExactly("None", "ConditionalCheckFailed"));
      assertThat(execute("SELECT * FROM \"" + TABLE + "\" WHERE pk = ?", s(pk)).items()).hasSize(1);
    }

    @Test
    void appliesAClientRequestTokenOnce() {
      String pk = partition();
      execute("INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': 1, 'n': 1}", s(pk));
      String token = UUID.randomUUID().toString();
      for (int i = 0; i < 2; i++) {
        client.executeTransaction(
            request ->
                request
                    .clientRequestToken(token)
                    .transactStatements(
                        parameterized(
                            "UPDATE \"" + TABLE + "\" SET n = n + 1 WHERE pk = ? AND sk = 1",
                            s(pk))));
      }
      ExecuteTransactionResponse read =
          client.executeTransaction(
              request ->
                  request.transactStatements(
                      parameterized(
                          "SELECT n FROM \"" + TABLE + "\" WHERE pk = ? AND sk = 1", s(pk)),
                      parameterized(
                          "SELECT n FROM \"" + TABLE + "\" WHERE pk = ? AND sk = 2", s(pk))));
      assertThat(read.responses().get(0).item().get("n").n()).isEqualTo("2");
      assertThat(read.responses().get(1).item()).isEmpty();
    }

    @Test
    void refusesReturningAndMixedReadsAndWrites() {
      assertThatThrownBy(
              () ->
                  client.executeTransaction(
                      request ->
                          request.transactStatements(
                              parameterized(
                                  "DELETE FROM \""
                                      + TABLE
                                      + "\" WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD *"))))
          .isInstanceOf(DynamoDbException.class)
          .hasMessageStartingWith(
              "Validation failed in TransactStatements[0]: RETURNING clause is not supported in"
                  + " ExecuteTransaction.");
      assertThatThrownBy(
              () ->
                  client.executeTransaction(
                      request ->
                          request.transactStatements(
                              parameterized(
                                  "SELECT * FROM \"" + TABLE + "\" WHERE pk = 'a' AND sk = 1"),
                              parameterized(
                                  "DELETE FROM \"" + TABLE + "\" WHERE pk = 'a' AND sk = 2"))))
          .hasMessageStartingWith(
              "ExecuteTransaction API does not support both read and write operations in the same"
                  + " request.");
    }
  }

  private static BatchStatementRequest statement(String statement, AttributeValue... parameters) {
    return BatchStatementRequest.builder()
        .statement(statement)
        .parameters(parameters.length == 0 ? null : List.of(parameters))
        .build();
  }

  private static ParameterizedStatement parameterized(
      String statement, AttributeValue... parameters) {
    return ParameterizedStatement.builder()
        .statement(statement)
        .parameters(parameters.length == 0 ? null : List.of(parameters))
        .build();
  }

  /**
   * IN lists as DynamoDB bounds them (floci's captures from AWS; developer guide,
   * ql-operators.html): at most 100 operands, at most 50 reads decomposed from the key conditions,
   * and pages of up to 10 items where a SELECT reads several partitions. DynamoDB Local applies
   * only the first.
   */
  @Nested
  class InLists {
    private static final String SELECT = "SELECT sk FROM \"" + TABLE + "\" WHERE ";

    private static String strings(int count) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        values.add("'v" + i + "'");
      }
      return "[" + String.join(", ", values) + "]";
    }

    private static String numbers(int count) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        values.add(Integer.toString(i));
      }
      return "[" + String.join(", ", values) + "]";
    }

    private static String refusal(Runnable call) {
      List<String> message = new ArrayList<>();
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                message.add(e.awsErrorDetails().errorMessage());
              });
      return message.get(0);
    }

    @Test
    void aSelectDecomposedIntoMoreThanFiftyReadsIsRefused() {
      for (String where :
          List.of(
              "pk IN " + strings(51),
              "pk = 'a' AND sk IN " + numbers(51),
              "pk IN " + strings(26) + " AND sk IN [1, 2]")) {
        assertThat(refusal(() -> execute(SELECT + where)))
            .as(where)
            .isEqualTo(ValidationMessages.TOO_MANY_DECOMPOSED_READS);
      }
      for (String where :
          List.of(
              "pk IN " + strings(50) + " AND flag IN " + strings(100),
              "pk IN " + strings(51) + " OR flag = 'one'",
              "pk IN " + strings(25) + " AND sk IN [1, 2]")) {
        assertThat(execute(SELECT + where).items()).as(where).isEmpty();
      }
      BatchExecuteStatementResponse batch =
          client.batchExecuteStatement(
              request ->
                  request.statements(statement(SELECT + "pk IN " + strings(51) + " AND sk = 1")));
      assertThat(batch.responses().get(0).error().message())
          .isEqualTo(ValidationMessages.TOO_MANY_DECOMPOSED_READS);
    }

    @Test
    void anInListOfMoreThanAHundredOperandsIsRefusedInDynamoDbsWords() {
      String tooMany = ValidationMessages.TOO_MANY_IN_OPERANDS.formatted(101);
      assertThat(refusal(() -> execute(SELECT + "pk = 'a' AND flag IN " + strings(101))))
          .isEqualTo(tooMany);
      assertThat(
              refusal(
                  () ->
                      execute(
                          "UPDATE \""
                              + TABLE
                              + "\" SET t = 1 WHERE pk = 'a' AND sk = 1 AND flag IN "
                              + strings(101))))
          .isEqualTo(tooMany);
      assertThat(
              refusal(
                  () ->
                      client.executeTransaction(
                          request ->
                              request.transactStatements(
                                  ParameterizedStatement.builder()
                                      .statement(
                                          "SELECT * FROM \""
                                              + TABLE
                                              + "\" WHERE pk IN "
                                              + strings(101)
                                              + " AND sk = 1")
                                      .build()))))
          .isEqualTo("Validation failed in TransactStatements[0]: " + tooMany);
      assertThat(refusal(() -> execute(SELECT + "flag IN " + strings(101) + " AND")))
          .as("a syntax error later in the statement is reported first")
          .startsWith("Statement wasn't well formed");
    }

    @Test
    void aSelectOverSeveralPartitionsAnswersInPagesOfAtMostTenItems() {
      List<String> partitions = new ArrayList<>();
      for (int p = 0; p < 12; p++) {
        String pk = partition();
        partitions.add("'" + pk + "'");
        for (int sk = 1; sk <= 2; sk++) {
          execute("INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': ?}", s(pk), n(sk));
        }
      }
      String several = SELECT + "pk IN [" + String.join(", ", partitions) + "]";
      List<Integer> pageSizes = new ArrayList<>();
      String token = null;
      do {
        String next = token;
        ExecuteStatementResponse page =
            client.executeStatement(request -> request.statement(several).nextToken(next));
        pageSizes.add(page.items().size());
        token = page.nextToken();
      } while (token != null);
      assertThat(pageSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(24);
      assertThat(pageSizes).allMatch(size -> size <= 10).hasSizeGreaterThanOrEqualTo(3);
      ExecuteStatementResponse limited =
          client.executeStatement(request -> request.statement(several).limit(4));
      assertThat(limited.items()).hasSize(4);
      String one = partition();
      for (int sk = 1; sk <= 12; sk++) {
        execute("INSERT INTO \"" + TABLE + "\" VALUE {'pk': ?, 'sk': ?}", s(one), n(sk));
      }
      ExecuteStatementResponse single = execute(SELECT + "pk = ?", s(one));
      assertThat(single.items()).as("one partition is one read, not paged by ten").hasSize(12);
      assertThat(single.nextToken()).isNull();
    }
  }
}

package io.strata.service.partiql;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.DynamoDbLocal;
import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Replays seeded random PartiQL statements ({@link StatementGenerator}, 600 of them over tables
 * with mixed types, a global and a local index) on DynamoDB Local and on a running Strata server,
 * both through the SDK's ExecuteStatement, following NextToken to the end, and requires the same
 * outcome: the same error code and message, or the same items (in the same order, page by page,
 * where the statement reads one partition; as a multiset where it scans or reads several), and the
 * same stored items after every 50 statements.
 *
 * <p>Where DynamoDB Local departs from the developer guide and API reference we follow those, and
 * the comparison tolerates the difference:
 *
 * <ol>
 *   <li>syntax errors: DynamoDB Local repeats the statement after {@code Statement wasn't well
 *       formed, can't be processed: }; we say what was expected and where ({@code at
 *       line:column:length}, the position format of DynamoDB's other PartiQL messages); both must
 *       have that prefix;
 *   <li>a duplicate INSERT: DynamoDB Local's {@code __type} is {@code DuplicateItem}, the API
 *       reference's (and ours) {@code DuplicateItemException}; the messages must agree;
 *   <li>ConsumedCapacity: DynamoDB Local never returns it for PartiQL; we return what the
 *       equivalent item operation costs (pinned in {@code PartiqlIT}), so it is not compared here.
 * </ol>
 */
@Timeout(600)
class PartiqlDifferentialIT {
  private static final long[] SEEDS = {7L, 11L, 2024L};
  private static final int STATEMENTS_PER_SEED = 200;
  private static final String MALFORMED = "Statement wasn't well formed, can't be processed: ";

  private static final String TABLE = "pq_" + UUID.randomUUID().toString().substring(0, 8);
  private static final String HASH_TABLE = TABLE + "_h";
  private static DynamoDbClient reference;
  private static DynamoDbClient ours;

  @BeforeAll
  static void createTables() {
    reference = DynamoDbLocal.shared().client();
    ours = StrataTestServer.shared().client();
    for (DynamoDbClient client : List.of(reference, ours)) {
      client.createTable(
          request ->
              request
                  .tableName(TABLE)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      definition("pk", ScalarAttributeType.S),
                      definition("sk", ScalarAttributeType.N),
                      definition("g", ScalarAttributeType.S),
                      definition("l", ScalarAttributeType.N))
                  .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                  .globalSecondaryIndexes(
                      index ->
                          index
                              .indexName("gix")
                              .keySchema(key("g", KeyType.HASH))
                              .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                  .localSecondaryIndexes(
                      index ->
                          index
                              .indexName("lix")
                              .keySchema(key("pk", KeyType.HASH), key("l", KeyType.RANGE))
                              .projection(p -> p.projectionType(ProjectionType.ALL))));
      client.createTable(
          request ->
              request
                  .tableName(HASH_TABLE)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(definition("id", ScalarAttributeType.S))
                  .keySchema(key("id", KeyType.HASH)));
    }
  }

  @AfterAll
  static void dropTables() {
    for (DynamoDbClient client : List.of(ours, reference)) {
      client.deleteTable(request -> request.tableName(TABLE));
      client.deleteTable(request -> request.tableName(HASH_TABLE));
    }
    reference.close();
  }

  @Test
  void randomStatementsBehaveLikeDynamoDbLocal() {
    List<String> mismatches = new ArrayList<>();
    int errors = 0;
    int statements = 0;
    for (long seed : SEEDS) {
      StatementGenerator generator = new StatementGenerator(seed, TABLE, HASH_TABLE);
      for (StatementGenerator.Statement statement : generator.statements(STATEMENTS_PER_SEED)) {
        statements++;
        Outcome expected = run(reference, statement);
        Outcome actual = run(ours, statement);
        if (expected.errorCode() != null) {
          errors++;
        }
        String mismatch = compare(statement, expected, actual);
        if (mismatch != null) {
          mismatches.add("seed " + seed + ": " + statement + "\n    " + mismatch);
        }
        if (statements % 50 == 0) {
          for (String table : List.of(TABLE, HASH_TABLE)) {
            String difference = difference(scanAll(reference, table), scanAll(ours, table));
            if (difference != null) {
              mismatches.add(
                  "seed "
                      + seed
                      + ": items of "
                      + table
                      + " after statement "
                      + statements
                      + "\n    "
                      + difference);
            }
          }
        }
      }
    }
    assertThat(mismatches.subList(0, Math.min(mismatches.size(), 12)))
        .as("statements that differ from DynamoDB Local (first 12 of %d)", mismatches.size())
        .isEmpty();
    assertThat(statements).isGreaterThanOrEqualTo(500);
    assertThat(errors)
        .as("error statements out of %d", statements)
        .isBetween(statements / 20, statements / 2);
  }

  /** Every page of a statement, or its error. */
  private record Outcome(
      List<List<Map<String, AttributeValue>>> pages, String errorCode, String errorMessage) {
    List<Map<String, AttributeValue>> items() {
      return pages.stream().flatMap(List::stream).toList();
    }

    /**
     * Pages that hold items: DynamoDB Local ends a Query that stopped exactly at Limit with an
     * empty page, Strata's Query sees there is nothing more (both are allowed by the API).
     */
    long pageCount() {
      return pages.stream().filter(page -> !page.isEmpty()).count();
    }
  }

  private static Outcome run(DynamoDbClient client, StatementGenerator.Statement statement) {
    List<List<Map<String, AttributeValue>>> pages = new ArrayList<>();
    String nextToken = null;
    try {
      do {
        String token = nextToken;
        ExecuteStatementResponse response =
            client.executeStatement(
                request ->
                    request
                        .statement(statement.text())
                        .parameters(
                            statement.parameters().isEmpty()
                                ? null
                                : statement.parameters().stream()
                                    .map(PartiqlDifferentialIT::parameter)
                                    .toList())
                        .limit(statement.limit())
                        .nextToken(token));
        pages.add(response.items());
        nextToken = response.nextToken();
      } while (nextToken != null && pages.size() < 50);
      return new Outcome(pages, null, null);
    } catch (DynamoDbException e) {
      return new Outcome(
          List.of(), e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
    }
  }

  private static String compare(
      StatementGenerator.Statement statement, Outcome expected, Outcome actual) {
    if (!Objects.equals(expected.errorCode(), actual.errorCode())
        && !(Objects.equals(expected.errorCode(), "DuplicateItem")
            && Objects.equals(actual.errorCode(), "DuplicateItemException"))) {
      return "DynamoDB Local: "
          + expected.errorCode()
          + " "
          + expected.errorMessage()
          + "\n    ours:           "
          + actual.errorCode()
          + " "
          + actual.errorMessage();
    }
    if (expected.errorCode() != null) {
      boolean bothMalformed =
          expected.errorMessage().startsWith(MALFORMED)
              && actual.errorMessage().startsWith(MALFORMED);
      return bothMalformed || expected.errorMessage().equals(actual.errorMessage())
          ? null
          : "DynamoDB Local: "
              + expected.errorMessage()
              + "\n    ours:           "
              + actual.errorMessage();
    }
    if (statement.orderedResult()) {
      List<String> expectedItems = canonical(expected.items());
      List<String> actualItems = canonical(actual.items());
      return expectedItems.equals(actualItems) && expected.pageCount() == actual.pageCount()
          ? null
          : expected.pageCount()
              + " pages "
              + expectedItems
              + "\n    ours: "
              + actual.pageCount()
              + " pages "
              + actualItems;
    }
    return sorted(expected.items()).equals(sorted(actual.items()))
        ? null
        : "items " + sorted(expected.items()) + "\n    ours:  " + sorted(actual.items());
  }

  /** What only one side holds, or null when both hold the same items. */
  private static String difference(
      List<Map<String, AttributeValue>> expected, List<Map<String, AttributeValue>> actual) {
    List<String> onlyExpected = new ArrayList<>(sorted(expected));
    List<String> onlyActual = new ArrayList<>(sorted(actual));
    List<String> common = new ArrayList<>(onlyExpected);
    common.retainAll(onlyActual);
    onlyExpected.removeAll(common);
    onlyActual.removeAll(common);
    return onlyExpected.isEmpty() && onlyActual.isEmpty()
        ? null
        : "only in DynamoDB Local: " + onlyExpected + "\n    only in ours: " + onlyActual;
  }

  private static List<Map<String, AttributeValue>> scanAll(DynamoDbClient client, String table) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    client.scanPaginator(request -> request.tableName(table)).items().forEach(items::add);
    return items;
  }

  private static List<String> sorted(List<Map<String, AttributeValue>> items) {
    return canonical(items).stream().sorted(Comparator.naturalOrder()).toList();
  }

  /** Items as text with map keys and set elements sorted: the SDK compares sets in order. */
  private static List<String> canonical(List<Map<String, AttributeValue>> items) {
    return items.stream().map(PartiqlDifferentialIT::canonical).toList();
  }

  private static String canonical(Map<String, AttributeValue> map) {
    StringBuilder text = new StringBuilder("{");
    new java.util.TreeMap<>(map)
        .forEach(
            (name, value) -> text.append(name).append('=').append(canonical(value)).append(' '));
    return text.append('}').toString();
  }

  private static String canonical(AttributeValue value) {
    return switch (value.type()) {
      case M -> canonical(value.m());
      case L -> value.l().stream().map(PartiqlDifferentialIT::canonical).toList().toString();
      case SS -> "SS" + new java.util.TreeSet<>(value.ss());
      case NS -> "NS" + new java.util.TreeSet<>(value.ns());
      case BS -> "BS" + value.bs().stream().map(Object::toString).sorted().toList();
      default -> value.toString();
    };
  }

  private static AttributeValue parameter(String literal) {
    return literal.startsWith("'")
        ? AttributeValue.fromS(literal.substring(1, literal.length() - 1))
        : AttributeValue.fromN(literal);
  }

  private static AttributeDefinition definition(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  private static software.amazon.awssdk.services.dynamodb.model.KeySchemaElement key(
      String name, KeyType type) {
    return software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder()
        .attributeName(name)
        .keyType(type)
        .build();
  }
}

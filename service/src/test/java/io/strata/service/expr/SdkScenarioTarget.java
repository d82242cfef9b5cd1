package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Runs scenario steps against any DynamoDB endpoint through the AWS SDK v2: DynamoDB Local as the
 * reference, or (in the server's integration tests) our own server. After each step it reads the
 * item back with a consistent read.
 */
final class SdkScenarioTarget implements AutoCloseable {
  private final DynamoDbClient client;
  private final String table;

  SdkScenarioTarget(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  /** Creates the scenario table: string hash key {@code pk}, on-demand. */
  void createTable() {
    client.createTable(
        request ->
            request
                .tableName(table)
                .keySchema(
                    KeySchemaElement.builder()
                        .attributeName(ExpressionScenarioGenerator.KEY_ATTRIBUTE)
                        .keyType(KeyType.HASH)
                        .build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName(ExpressionScenarioGenerator.KEY_ATTRIBUTE)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
  }

  void deleteTable() {
    client.deleteTable(request -> request.tableName(table));
  }

  void deleteItem(Map<String, AttributeValue> key) {
    client.deleteItem(request -> request.tableName(table).key(ScenarioJson.toSdk(key)));
  }

  ScenarioOutcome execute(ScenarioStep step) {
    var key = ScenarioJson.toSdk(step.key());
    var names = step.names().isEmpty() ? null : step.names();
    var values = step.values().isEmpty() ? null : ScenarioJson.toSdk(step.values());
    Map<String, AttributeValue> returned;
    try {
      returned =
          switch (step.operation()) {
            case PUT_ITEM -> {
              client.putItem(
                  request ->
                      request
                          .tableName(table)
                          .item(ScenarioJson.toSdk(step.item()))
                          .conditionExpression(step.conditionExpression())
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(values));
              yield Map.of();
            }
            case DELETE_ITEM -> {
              client.deleteItem(
                  request ->
                      request
                          .tableName(table)
                          .key(key)
                          .conditionExpression(step.conditionExpression())
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(values));
              yield Map.of();
            }
            case UPDATE_ITEM ->
                ScenarioJson.fromSdk(
                    client
                        .updateItem(
                            request ->
                                request
                                    .tableName(table)
                                    .key(key)
                                    .updateExpression(step.updateExpression())
                                    .conditionExpression(step.conditionExpression())
                                    .expressionAttributeNames(names)
                                    .expressionAttributeValues(values)
                                    .returnValues(step.returnValues().name()))
                        .attributes());
            case GET_ITEM ->
                ScenarioJson.fromSdk(
                    client
                        .getItem(
                            request ->
                                request
                                    .tableName(table)
                                    .key(key)
                                    .consistentRead(true)
                                    .projectionExpression(step.projectionExpression())
                                    .expressionAttributeNames(names))
                        .item());
          };
    } catch (DynamoDbException e) {
      return ScenarioOutcome.failure(
          e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage(), stored(key));
    }
    return ScenarioOutcome.success(returned, stored(key));
  }

  private Map<String, AttributeValue> stored(
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key) {
    GetItemResponse response =
        client.getItem(request -> request.tableName(table).key(key).consistentRead(true));
    return response.hasItem() && !response.item().isEmpty()
        ? ScenarioJson.fromSdk(response.item())
        : null;
  }

  @Override
  public void close() {
    client.close();
  }
}

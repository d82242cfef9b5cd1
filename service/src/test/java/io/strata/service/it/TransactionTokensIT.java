package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.testing.ManualClock;
import io.strata.service.testing.StrataTestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A retried TransactWriteItems whose first attempt committed just before the server went down (the
 * client never saw the answer) must not be applied twice: the ClientRequestToken outlives the
 * restart, for the same ten minutes it would have lived otherwise.
 */
@Timeout(180)
class TransactionTokensIT {
  private static final String TABLE = "counters";
  private static final Map<String, AttributeValue> KEY =
      Map.of("pk", AttributeValue.fromS("c"), "sk", AttributeValue.fromN("1"));

  @Test
  void aCommittedTokenIsHonouredAfterARestartUntilItsWindowEnds() throws Exception {
    Map<String, String> environment =
        Map.of("STRATA_DATA_DIR", Files.createTempDirectory("strata-tokens").toString());
    String token = UUID.randomUUID().toString();

    StrataTestServer first = StrataTestServer.start(environment, new ManualClock());
    try {
      DynamoDbClient client = first.client();
      client.createTable(TablesIT.hashAndRange(TABLE).build());
      client.transactWriteItems(b -> b.transactItems(add(1)).clientRequestToken(token));
      assertThat(counter(client)).isEqualTo(1);
    } finally {
      first.closeQuietly();
    }

    ManualClock clock = new ManualClock();
    StrataTestServer second = StrataTestServer.start(environment, clock);
    try {
      DynamoDbClient client = second.client();
      client.transactWriteItems(b -> b.transactItems(add(1)).clientRequestToken(token));
      assertThat(counter(client))
          .as("the retry after the restart is not applied again")
          .isEqualTo(1);
      assertThatThrownBy(
              () ->
                  client.transactWriteItems(b -> b.transactItems(add(5)).clientRequestToken(token)))
          .isInstanceOf(IdempotentParameterMismatchException.class);

      clock.advance(Duration.ofMinutes(10).plusSeconds(1));
      client.transactWriteItems(b -> b.transactItems(add(1)).clientRequestToken(token));
      assertThat(counter(client)).as("after ten minutes the token is new again").isEqualTo(2);
    } finally {
      second.closeQuietly();
    }
  }

  private static TransactWriteItem add(int amount) {
    return TransactWriteItem.builder()
        .update(
            u ->
                u.tableName(TABLE)
                    .key(KEY)
                    .updateExpression("ADD n :amount")
                    .expressionAttributeValues(
                        Map.of(":amount", AttributeValue.fromN(Integer.toString(amount)))))
        .build();
  }

  private static int counter(DynamoDbClient client) {
    return Integer.parseInt(
        client.getItem(b -> b.tableName(TABLE).key(KEY).consistentRead(true)).item().get("n").n());
  }
}

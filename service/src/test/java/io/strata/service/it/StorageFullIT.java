package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * When the store cannot take another write (here: the LMDB map is full), the node stops writing
 * rather than risk a half-applied batch, and says so everywhere an operator looks: writes are
 * refused with ServiceUnavailable, {@code /healthz} answers 503 so the orchestrator replaces the
 * pod, {@code ddb_writer_up} drops to 0 for the dashboards, and every acknowledged item stays
 * readable.
 */
@Timeout(120)
class StorageFullIT {
  private static final String PAYLOAD = "x".repeat(350_000);

  @Test
  void aFullStoreStopsWritesVisiblyAndKeepsWhatItAcknowledged() throws Exception {
    StrataTestServer server =
        StrataTestServer.start(Map.of("STRATA_MAP_SIZE_BYTES", Long.toString(8L << 20)));
    try {
      DynamoDbClient client = server.client();
      String table = TablesIT.randomName();
      client.createTable(TablesIT.hashAndRange(table).build());
      assertThat(server.scrapedValue("ddb_writer_up")).isEqualTo(1.0);

      List<Integer> acknowledged = new ArrayList<>();
      DynamoDbException refusal = null;
      for (int sk = 0; sk < 100 && refusal == null; sk++) {
        int key = sk;
        refusal =
            catchThrowableOfType(
                () -> client.putItem(b -> b.tableName(table).item(item(key))),
                DynamoDbException.class);
        if (refusal == null) {
          acknowledged.add(key);
        }
      }

      assertThat(refusal).as("an 8 MB store cannot hold 100 items of 350 KB").isNotNull();
      assertThat(acknowledged).isNotEmpty();
      DynamoDbException afterwards =
          catchThrowableOfType(
              () -> client.putItem(b -> b.tableName(table).item(item(1000))),
              DynamoDbException.class);
      assertThat(afterwards.statusCode()).isEqualTo(503);
      assertThat(afterwards.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
      assertThat(server.healthStatus()).isEqualTo(503);
      assertThat(server.scrapedValue("ddb_writer_up")).isEqualTo(0.0);
      for (int key : acknowledged) {
        assertThat(
                client.getItem(b -> b.tableName(table).key(key(key)).consistentRead(true)).item())
            .as("acknowledged item %d", key)
            .isEqualTo(item(key));
      }
    } finally {
      server.closeQuietly();
    }
  }

  private static Map<String, AttributeValue> key(int sk) {
    return Map.of(
        "pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromN(Integer.toString(sk)));
  }

  private static Map<String, AttributeValue> item(int sk) {
    return Map.of(
        "pk", AttributeValue.fromS("p"),
        "sk", AttributeValue.fromN(Integer.toString(sk)),
        "payload", AttributeValue.fromS(PAYLOAD));
  }
}

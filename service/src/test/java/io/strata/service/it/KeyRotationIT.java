package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.testing.StrataTestServer;
import io.strata.service.testing.Waiters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Master-key rotation (data keys re-wrapped at start, after which the old master key can go) and
 * per-tenant data-key rotation (items re-sealed online), across restarts of a real server.
 */
@Timeout(240)
class KeyRotationIT {
  private static final int ITEMS = 700;

  private static String masterKey(String id) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return id + ":" + Base64.getEncoder().encodeToString(secret);
  }

  private static StrataTestServer start(Path data, String masterKey, String retired) {
    Map<String, String> environment = new HashMap<>();
    environment.put("STRATA_DATA_DIR", data.toString());
    environment.put("STRATA_MASTER_KEY", masterKey);
    if (retired != null) {
      environment.put("STRATA_RETIRED_MASTER_KEYS", retired);
    }
    return StrataTestServer.start(environment);
  }

  private static Map<String, Map<String, AttributeValue>> contents(
      DynamoDbClient client, String table) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    client
        .scanPaginator(b -> b.tableName(table).consistentRead(true))
        .items()
        .forEach(item -> items.put(item.get("sk").n(), item));
    return items;
  }

  @Test
  void rotatedKeysKeepEveryItemReadableAcrossRestarts() throws Exception {
    Path data = Files.createTempDirectory("strata-keys");
    String first = masterKey("first");
    String second = masterKey("second");
    String table = TablesIT.randomName();
    Map<String, Map<String, AttributeValue>> written;

    StrataTestServer server = start(data, first, null);
    try (DynamoDbClient client = server.client()) {
      client.createTable(TablesIT.hashAndRange(table).build());
      for (int from = 0; from < ITEMS; from += 25) {
        List<WriteRequest> batch =
            IntStream.range(from, from + 25)
                .mapToObj(
                    i ->
                        WriteRequest.builder()
                            .putRequest(
                                PutRequest.builder()
                                    .item(
                                        Map.of(
                                            "pk", AttributeValue.fromS("k"),
                                            "sk", AttributeValue.fromN(Integer.toString(i)),
                                            "secret", AttributeValue.fromS("value " + i)))
                                    .build())
                            .build())
                .toList();
        client.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
      }
      client.createBackup(b -> b.tableName(table).backupName("before-rotation"));
      written = contents(client, table);

      String tenant = server.firstTenant().tenantId();
      JsonNode rotated = server.admin("rotate-data-key", tenant);
      assertThat(rotated.get("dataKeyId").asLong()).isEqualTo(2);
      assertThat(rotated.get("resealedItems").asLong())
          .as("the table's items and the backup's")
          .isEqualTo(2L * ITEMS);
      client.putItem(
          b ->
              b.tableName(table)
                  .item(Map.of("pk", AttributeValue.fromS("k"), "sk", AttributeValue.fromN("-1"))));
      assertThat(server.admin("reencrypt-tenant", tenant).get("resealedItems").asLong())
          .as("new writes already use the new key")
          .isZero();
      assertThat(contents(client, table)).containsAllEntriesOf(written);
    } finally {
      server.closeQuietly();
    }

    server = start(data, second, first);
    try (DynamoDbClient client = server.client()) {
      assertThat(contents(client, table)).containsAllEntriesOf(written);
    } finally {
      server.closeQuietly();
    }

    server = start(data, second, null);
    try (DynamoDbClient client = server.client()) {
      assertThat(contents(client, table))
          .as("the first master key is no longer needed")
          .containsAllEntriesOf(written);
      String backupArn =
          client.listBackups(b -> b.tableName(table)).backupSummaries().get(0).backupArn();
      client.restoreTableFromBackup(b -> b.backupArn(backupArn).targetTableName(table + "-r"));
      Waiters.tableActive(client, table + "-r");
      assertThat(contents(client, table + "-r")).isEqualTo(written);
    } finally {
      server.closeQuietly();
    }

    assertThatThrownBy(() -> start(data, masterKey("stranger"), null))
        .as("a wrong master key cannot open the data keys")
        .isInstanceOf(IllegalStateException.class);
  }
}

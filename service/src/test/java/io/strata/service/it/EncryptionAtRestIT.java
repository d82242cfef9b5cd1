package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.StrataTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items are sealed before they reach LMDB: the data file on disk contains none of the attribute
 * values (nor attribute names) a client wrote, while the client reads them back intact.
 */
@Timeout(120)
class EncryptionAtRestIT {

  @Test
  void theLmdbFileContainsNoPlaintextAttributeValue() throws Exception {
    StrataTestServer server = StrataTestServer.shared();
    String marker = "plaintext-marker-" + UUID.randomUUID();
    String attributeName = "attribute-name-" + UUID.randomUUID().toString().substring(0, 8);
    String table = TablesIT.randomName();
    try (DynamoDbClient client = server.client()) {
      client.createTable(TablesIT.hashAndRange(table).build());
      for (int i = 0; i < 50; i++) {
        int sortKey = i;
        client.putItem(
            b ->
                b.tableName(table)
                    .item(
                        Map.of(
                            "pk",
                            AttributeValue.fromS("pk-" + marker),
                            "sk",
                            AttributeValue.fromN(Integer.toString(sortKey)),
                            attributeName,
                            AttributeValue.fromS(marker))));
      }
      assertThat(
              client
                  .getItem(
                      b ->
                          b.tableName(table)
                              .key(
                                  Map.of(
                                      "pk", AttributeValue.fromS("pk-" + marker),
                                      "sk", AttributeValue.fromN("3"))))
                  .item()
                  .get(attributeName)
                  .s())
          .isEqualTo(marker);
    }
    byte[] data = Files.readAllBytes(server.dataDirectory().resolve("lmdb").resolve("data.mdb"));
    assertThat(data.length).isGreaterThan(0);
    assertThat(contains(data, marker.getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(contains(data, attributeName.getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(contains(data, table.getBytes(StandardCharsets.UTF_8)))
        .as(
            "the catalog (table names) is stored in the same file, proving we looked at the right one")
        .isTrue();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}

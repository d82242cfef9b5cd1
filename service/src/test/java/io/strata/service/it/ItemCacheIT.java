package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The item cache through the SDK: a repeated eventually consistent read is answered from memory and
 * charged nothing (as DAX does), strongly consistent reads always pay, and no read after an
 * acknowledged write ever returns the older value, however many clients write and read at once.
 */
@Timeout(120)
class ItemCacheIT {

  @Test
  void repeatedEventuallyConsistentReadsAreFreeHitsAndStrongReadsPay() {
    String table = TablesIT.randomName();
    try (DynamoDbClient client = StrataTestServer.shared().client()) {
      client.createTable(TablesIT.hashAndRange(table).build());
      Map<String, AttributeValue> key = CapacityIT.key("cached");
      client.putItem(b -> b.tableName(table).item(CapacityIT.item("cached", 100)));
      assertThat(readUnits(client, table, key, false)).as("miss").isEqualTo(0.5);
      assertThat(readUnits(client, table, key, false)).as("hit").isEqualTo(0.0);
      assertThat(readUnits(client, table, key, true)).as("strong").isEqualTo(1.0);
      client.putItem(b -> b.tableName(table).item(CapacityIT.item("cached", 200)));
      assertThat(readUnits(client, table, key, false)).as("miss after write").isEqualTo(0.5);
    }
  }

  @Test
  void noReadAfterAnAcknowledgedWriteSeesAnOlderValue() throws Exception {
    String table = TablesIT.randomName();
    try (DynamoDbClient client = StrataTestServer.shared().client()) {
      client.createTable(TablesIT.hashAndRange(table).build());
      Map<String, AttributeValue> key = CapacityIT.key("hot");
      AtomicLong acknowledged = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(7);
      try {
        List<Callable<Integer>> tasks = new ArrayList<>();
        tasks.add(
            () -> {
              for (long version = 1; version <= 400; version++) {
                long written = version;
                client.putItem(
                    b ->
                        b.tableName(table)
                            .item(
                                Map.of(
                                    "pk", key.get("pk"),
                                    "sk", key.get("sk"),
                                    "version", AttributeValue.fromN(Long.toString(written)))));
                acknowledged.set(written);
              }
              return 0;
            });
        for (int reader = 0; reader < 6; reader++) {
          tasks.add(
              () -> {
                int violations = 0;
                while (acknowledged.get() < 400) {
                  long mustSee = acknowledged.get();
                  Map<String, AttributeValue> item =
                      client.getItem(b -> b.tableName(table).key(key)).item();
                  long seen = item.isEmpty() ? 0 : Long.parseLong(item.get("version").n());
                  if (seen < mustSee) {
                    violations++;
                  }
                }
                return violations;
              });
        }
        int violations = 0;
        for (Future<Integer> result : pool.invokeAll(tasks)) {
          violations += result.get();
        }
        assertThat(violations).isZero();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static double readUnits(
      DynamoDbClient client, String table, Map<String, AttributeValue> key, boolean consistent) {
    return client
        .getItem(
            b ->
                b.tableName(table)
                    .key(key)
                    .consistentRead(consistent)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
        .consumedCapacity()
        .capacityUnits();
  }
}

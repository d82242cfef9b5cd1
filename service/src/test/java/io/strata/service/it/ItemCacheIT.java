package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.DynamoDbLocal;
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
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The item cache through the SDK: a repeated eventually consistent read is answered from memory,
 * yet reports exactly the capacity DynamoDB would (the cache is invisible through the API; what a
 * hit costs on the tenant's bill is a billing setting, see {@code CacheBillingIT}), strongly
 * consistent reads always go to storage, and no read after an acknowledged write ever returns the
 * older value, however many clients write and read at once.
 */
@Timeout(120)
class ItemCacheIT {

  @Test
  void cacheHitsReportTheCapacityDynamoDbReportsAndStrongReadsBypassTheCache() {
    String table = TablesIT.randomName();
    StrataTestServer server = StrataTestServer.shared();
    try (DynamoDbClient client = server.client();
        DynamoDbClient reference = DynamoDbLocal.shared().client()) {
      Map<String, AttributeValue> key = CapacityIT.key("cached");
      for (DynamoDbClient target : List.of(client, reference)) {
        target.createTable(TablesIT.hashAndRange(table).build());
        target.putItem(b -> b.tableName(table).item(CapacityIT.item("cached", 6000)));
      }
      double hitsBefore = cacheHits(server);
      for (boolean consistent : List.of(false, false, true, false)) {
        for (ReturnConsumedCapacity detail :
            List.of(ReturnConsumedCapacity.TOTAL, ReturnConsumedCapacity.INDEXES)) {
          assertThat(consumed(client, table, key, consistent, detail))
              .as("consistent=%s %s", consistent, detail)
              .isEqualTo(consumed(reference, table, key, consistent, detail));
        }
      }
      assertThat(cacheHits(server) - hitsBefore)
          .as("every eventually consistent read after the first was a hit")
          .isEqualTo(5.0);
      client.putItem(b -> b.tableName(table).item(CapacityIT.item("cached", 200)));
      assertThat(consumed(client, table, key, false, ReturnConsumedCapacity.TOTAL).capacityUnits())
          .as("miss after write")
          .isEqualTo(0.5);
    }
  }

  /** The tenant's item-cache hits so far, from the metrics endpoint. */
  static double cacheHits(StrataTestServer server) {
    return server.scrapedValue(
        "ddb_cache_hits_total\\{tenant=\"" + server.firstTenant().tenantId() + "\"}");
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

  private static ConsumedCapacity consumed(
      DynamoDbClient client,
      String table,
      Map<String, AttributeValue> key,
      boolean consistent,
      ReturnConsumedCapacity detail) {
    return client
        .getItem(
            b ->
                b.tableName(table)
                    .key(key)
                    .consistentRead(consistent)
                    .returnConsumedCapacity(detail))
        .consumedCapacity();
  }
}

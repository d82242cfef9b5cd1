package io.strata.service.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.tenant.Credentials;
import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One tenant's problem is that tenant's alone: deleting a tenant while it and others write (its
 * writes already queued behind the deletion, its items and keys gone when they are evaluated) fails
 * only that tenant's requests; every other tenant keeps writing, nothing answers 5xx, and the
 * writer stays up.
 */
@Timeout(180)
class TenantDeletionUnderLoadIT {
  private static final int WRITERS_PER_TENANT = 3;

  /** Acknowledged writes of the victim before it is deleted, and of the others after. */
  private static final int WRITES_BEFORE = 150;

  private static final int WRITES_AFTER = 150;

  private static StrataTestServer server;

  @BeforeAll
  static void start() {
    server = StrataTestServer.start(Map.of());
  }

  @AfterAll
  static void stop() {
    server.closeQuietly();
  }

  @Test
  void deletingATenantUnderWriteLoadFailsOnlyItsOwnRequests() throws Exception {
    Credentials victim = server.newTenant("victim");
    List<Credentials> others = List.of(server.newTenant("other-1"), server.newTenant("other-2"));
    List<Credentials> all = new ArrayList<>(others);
    all.add(victim);
    for (Credentials tenant : all) {
      try (DynamoDbClient client = server.clientFor(tenant)) {
        client.createTable(TablesIT.hashAndRange("load", ScalarAttributeType.S).build());
      }
    }

    Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
    Map<String, List<String>> failures = new ConcurrentHashMap<>();
    CountDownLatch victimWarm = new CountDownLatch(WRITES_BEFORE);
    AtomicBoolean deleted = new AtomicBoolean();
    AtomicInteger afterDeletion = new AtomicInteger();
    CountDownLatch othersDone = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(all.size() * WRITERS_PER_TENANT);
    List<Future<?>> writers = new ArrayList<>();
    for (Credentials tenant : all) {
      boolean isVictim = tenant == victim;
      acknowledged.put(tenant.tenantId(), new AtomicInteger());
      failures.put(tenant.tenantId(), new CopyOnWriteArrayList<>());
      for (int w = 0; w < WRITERS_PER_TENANT; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  try (DynamoDbClient client = server.clientFor(tenant)) {
                    for (int i = 0; !stop.get(); i++) {
                      // the victim overwrites its items, so its late writes meet sealed values
                      // whose keys are gone
                      int n = isVictim ? i % 20 : i;
                      try {
                        client.putItem(
                            b ->
                                b.tableName("load")
                                    .item(
                                        Map.of(
                                            "pk", AttributeValue.fromS("w" + writer),
                                            "sk", AttributeValue.fromS("i" + n),
                                            "v", AttributeValue.fromS("x".repeat(200)))));
                        acknowledged.get(tenant.tenantId()).incrementAndGet();
                        if (isVictim) {
                          victimWarm.countDown();
                        } else if (deleted.get()
                            && afterDeletion.incrementAndGet() >= WRITES_AFTER) {
                          othersDone.countDown();
                        }
                      } catch (DynamoDbException e) {
                        failures
                            .get(tenant.tenantId())
                            .add(e.statusCode() + " " + e.awsErrorDetails().errorCode());
                        if (isVictim && deleted.get()) {
                          return;
                        }
                      }
                    }
                  }
                }));
      }
    }

    assertThat(victimWarm.await(60, TimeUnit.SECONDS)).isTrue();
    server.admin("delete-tenant", victim.tenantId());
    deleted.set(true);
    assertThat(othersDone.await(60, TimeUnit.SECONDS))
        .as("the other tenants kept writing after the deletion")
        .isTrue();
    stop.set(true);
    for (Future<?> writer : writers) {
      writer.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    for (Credentials other : others) {
      assertThat(failures.get(other.tenantId())).as("failures of " + other.tenantId()).isEmpty();
    }
    assertThat(failures.get(victim.tenantId()))
        .as("the deleted tenant's requests fail as a client's, never as the service's")
        .allSatisfy(failure -> assertThat(failure).startsWith("400 "));
    assertThat(server.healthStatus()).isEqualTo(200);
    try (DynamoDbClient client = server.clientFor(others.get(0))) {
      assertThat(client.scan(b -> b.tableName("load").select("COUNT")).count())
          .isEqualTo(acknowledged.get(others.get(0).tenantId()).get());
    }
  }
}

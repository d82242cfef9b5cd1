package io.strata.service.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The SDK's own waiters (what applications use to wait for a restore or an import), polling every
 * 100 ms instead of the SDK's 20 s so tests of background work stay quick.
 */
public final class Waiters {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int ATTEMPTS = 1_200;

  private Waiters() {}

  /** Waits until the table is ACTIVE (a restore or an import completed) and returns it. */
  public static TableDescription tableActive(DynamoDbClient client, String tableName) {
    try (DynamoDbWaiter waiter = of(client)) {
      return waiter
          .waitUntilTableExists(b -> b.tableName(tableName))
          .matched()
          .response()
          .orElseThrow(() -> new AssertionError(tableName + " never became ACTIVE"))
          .table();
    }
  }

  /** Waits until the table is gone. */
  public static void tableGone(DynamoDbClient client, String tableName) {
    try (DynamoDbWaiter waiter = of(client)) {
      waiter.waitUntilTableNotExists(b -> b.tableName(tableName));
    }
  }

  /**
   * Waits until background work made {@code condition} true (a sweep deleted what expired, a
   * backfill finished), checking every 100 ms for at most two minutes.
   */
  public static void until(String description, BooleanSupplier condition) {
    for (int attempt = 0; !condition.getAsBoolean(); attempt++) {
      if (attempt == ATTEMPTS) {
        throw new AssertionError("never happened: " + description);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + description, e);
      }
    }
  }

  private static DynamoDbWaiter of(DynamoDbClient client) {
    return DynamoDbWaiter.builder()
        .client(client)
        .overrideConfiguration(
            WaiterOverrideConfiguration.builder()
                .backoffStrategy(FixedDelayBackoffStrategy.create(POLL))
                .maxAttempts(ATTEMPTS)
                .build())
        .build();
  }
}

package io.strata.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TokenBucketTest {
  private static final long SECOND = TokenBucket.NANOS_PER_SECOND;

  /** Starts far from zero and near the top of the range, to catch origin and overflow mistakes. */
  private final AtomicLong clock = new AtomicLong(Long.MAX_VALUE - 1000 * SECOND);

  private TokenBucket bucket(long rate, long burst, long initial) {
    return new TokenBucket(clock::get, rate, burst, initial);
  }

  private void advanceNanos(long nanos) {
    clock.addAndGet(nanos);
  }

  @Test
  void refillsExactlyAtItsRateUpToTheBurst() {
    TokenBucket bucket = bucket(3, 30, 0);
    assertThat(bucket.availableHalfUnits()).isZero();
    advanceNanos(SECOND / 3);
    assertThat(bucket.availableHalfUnits()).isEqualTo(0);
    advanceNanos(1);
    assertThat(bucket.availableHalfUnits()).isEqualTo(1);
    advanceNanos(SECOND - SECOND / 3 - 1);
    assertThat(bucket.availableHalfUnits()).isEqualTo(3);
    advanceNanos(100 * SECOND);
    assertThat(bucket.availableHalfUnits()).isEqualTo(30);
  }

  @Test
  void admitsWhilePositiveAndGoesIntoDebt() {
    TokenBucket bucket = bucket(10, 100, 5);
    assertThat(bucket.tryTake(4)).isZero();
    assertThat(bucket.tryTake(4)).isZero();
    assertThat(bucket.availableHalfUnits()).isEqualTo(-3);
    // Three half-units of debt at 10 per second: positive 0.3 s + 1 ns from now.
    assertThat(bucket.tryTake(1)).isEqualTo(3 * SECOND / 10 + 1);
    assertThat(bucket.availableHalfUnits()).isEqualTo(-3);
  }

  @Test
  void refundsNeverExceedTheBurst() {
    TokenBucket bucket = bucket(10, 100, 100);
    bucket.adjust(-50);
    assertThat(bucket.availableHalfUnits()).isEqualTo(100);
    bucket.adjust(30);
    bucket.adjust(-10);
    assertThat(bucket.availableHalfUnits()).isEqualTo(80);
  }

  @Test
  void debtIsCappedSoArithmeticCannotOverflow() {
    TokenBucket bucket = bucket(2, 600, 0);
    bucket.adjust(CapacityGate.MAX_CHARGE_HALF_UNITS);
    bucket.adjust(CapacityGate.MAX_CHARGE_HALF_UNITS);
    long available = bucket.availableHalfUnits();
    assertThat(available).isNegative().isGreaterThanOrEqualTo(-2L * (1L << 50) / SECOND - 1);
    advanceNanos(1L << 50);
    assertThat(bucket.availableHalfUnits()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void reconfigurationKeepsTheBalanceUpToTheNewBurst() {
    TokenBucket bucket = bucket(20, 6000, 6000);
    bucket.configure(40, 12_000);
    assertThat(bucket.availableHalfUnits()).isEqualTo(6000);
    bucket.configure(2, 600);
    assertThat(bucket.availableHalfUnits()).isEqualTo(600);
    assertThat(bucket.ratePerSecond()).isEqualTo(2);
    assertThat(bucket.burst()).isEqualTo(600);
  }

  @Test
  void reconfigurationKeepsDebtAndRepaysItAtTheNewRate() {
    TokenBucket bucket = bucket(20, 6000, 0);
    bucket.adjust(40);
    bucket.configure(200, 60_000);
    assertThat(bucket.availableHalfUnits()).isEqualTo(-40);
    assertThat(bucket.tryTake(1)).isEqualTo(SECOND / 5 + 1);
    advanceNanos(SECOND / 5 + 1);
    assertThat(bucket.tryTake(1)).isZero();
  }

  @Test
  void manyReconfigurationsWrapTheGenerationSafely() {
    TokenBucket bucket = bucket(20, 6000, 100);
    for (int i = 0; i < 100; i++) {
      bucket.configure(i % 2 == 0 ? 50 : 20, 6000);
    }
    assertThat(bucket.availableHalfUnits()).isEqualTo(100);
    advanceNanos(SECOND);
    assertThat(bucket.availableHalfUnits()).isEqualTo(120);
  }

  @Test
  void concurrentTakersAndReconfigurationLoseAndInventNothing() throws InterruptedException {
    long balance = 200_000;
    TokenBucket bucket = bucket(20, 1_000_000, balance);
    AtomicLong admitted = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(
          new Thread(
              () -> {
                await(start);
                while (bucket.tryTake(1) == 0) {
                  admitted.incrementAndGet();
                }
              },
              "taker-" + t));
    }
    Thread configurer =
        new Thread(
            () -> {
              await(start);
              for (int i = 0; !done.get(); i++) {
                bucket.configure(i % 2 == 0 ? 50 : 20, 1_000_000);
              }
            },
            "configurer");
    threads.forEach(Thread::start);
    configurer.start();
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    done.set(true);
    configurer.join();

    // Time is frozen, the balance is a whole number of half-units and each take is one: exactly
    // the balance is admitted, however the limits flipped meanwhile.
    assertThat(admitted.get()).isEqualTo(balance);
    assertThat(bucket.availableHalfUnits()).isLessThanOrEqualTo(0);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

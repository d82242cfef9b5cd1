package io.strata.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.tenancy.CapacityDecision.Admitted;
import io.strata.tenancy.CapacityDecision.Limit;
import io.strata.tenancy.CapacityDecision.Throttled;
import io.strata.tenancy.CapacityGate.TableKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CapacityGateTest {
  /** One write capacity unit, the charge of a write of up to 1 KB. */
  private static final long WCU = 2;

  private static final TableKey ORDERS = new TableKey("acme", "orders");

  private final AtomicLong clock = new AtomicLong(-5_000_000_000L);
  private final CapacityGate gate = new CapacityGate(clock::get, CapacityQuota.DEFAULT);

  private void advance(Duration duration) {
    clock.addAndGet(duration.toNanos());
  }

  private CapacityDecision write(TableKey table) {
    return gate.tryAcquire(table, 0, WCU);
  }

  /** Admits one-WCU writes at the current instant until one is throttled; returns how many. */
  private int writesUntilThrottled(TableKey table) {
    int admitted = 0;
    while (write(table) instanceof Admitted) {
      admitted++;
    }
    return admitted;
  }

  @Nested
  class Provisioned {
    @Test
    void sustainsExactlyItsRateOnceTheBurstIsSpent() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      // A new table holds one second of capacity.
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(10);
      for (int second = 0; second < 30; second++) {
        advance(Duration.ofSeconds(1));
        assertThat(writesUntilThrottled(ORDERS)).isEqualTo(10);
      }
      int admitted = 0;
      for (int step = 0; step < 100; step++) {
        advance(Duration.ofMillis(100));
        admitted += writesUntilThrottled(ORDERS);
      }
      assertThat(admitted).isEqualTo(100);
    }

    @Test
    void accumulatesAtMostThreeHundredSecondsOfBurst() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      writesUntilThrottled(ORDERS);

      advance(Duration.ofSeconds(150));
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(1500);

      advance(Duration.ofSeconds(1000));
      assertThat(gate.available(ORDERS)).containsExactly(3000, 6000);
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(3000);
    }

    @Test
    void throttledRequestsTakeNothingAndTheTableRecovers() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      writesUntilThrottled(ORDERS);

      for (int i = 0; i < 100; i++) {
        CapacityDecision decision = write(ORDERS);
        assertThat(decision).isInstanceOf(Throttled.class);
        assertThat(((Throttled) decision).limit()).isEqualTo(Limit.TABLE_WRITE);
      }
      assertThat(gate.available(ORDERS)[1]).isZero();

      // Admission needs a positive balance, not a covering one: 1 of the 2 half-units will do.
      advance(Duration.ofMillis(50));
      assertThat(write(ORDERS)).isInstanceOf(Admitted.class);
      assertThat(gate.available(ORDERS)[1]).isEqualTo(-1);
    }

    @Test
    void throttlingSaysWhenTheBucketTurnsPositive() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      assertThat(gate.tryAcquire(ORDERS, 0, 30)).isInstanceOf(Admitted.class);
      // 20 half-units less 30 leaves 10 of debt: 0.5 s at 20 per second.
      Throttled throttled = (Throttled) write(ORDERS);
      assertThat(throttled.retryAfter()).isEqualTo(Duration.ofMillis(500).plusNanos(1));
      advance(throttled.retryAfter());
      assertThat(write(ORDERS)).isInstanceOf(Admitted.class);
    }

    @Test
    void readsAndWritesHaveTheirOwnBuckets() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      writesUntilThrottled(ORDERS);
      CapacityDecision read = gate.tryAcquire(ORDERS, 2, 0);
      assertThat(read).isInstanceOf(Admitted.class);
      // A request needing both is refused by the exhausted one and takes nothing from the other.
      CapacityDecision both = gate.tryAcquire(ORDERS, 2, WCU);
      assertThat(((Throttled) both).limit()).isEqualTo(Limit.TABLE_WRITE);
      assertThat(gate.available(ORDERS)[0]).isEqualTo(8);
    }
  }

  @Nested
  class Settlement {
    @Test
    void aLargerActualChargeCreatesDebtThatDelaysTheNextAdmission() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      writesUntilThrottled(ORDERS);
      advance(Duration.ofMillis(100));

      Admitted admitted = (Admitted) write(ORDERS);
      // The item turned out to be 20 KB: 20 WCU, not the 1 estimated.
      gate.settle(admitted.ticket(), 0, 40);
      assertThat(gate.available(ORDERS)[1]).isEqualTo(-38);

      Throttled throttled = (Throttled) write(ORDERS);
      assertThat(throttled.retryAfter()).isEqualTo(Duration.ofMillis(1900).plusNanos(1));
      advance(Duration.ofMillis(1900));
      assertThat(write(ORDERS)).isInstanceOf(Throttled.class);
      advance(Duration.ofNanos(1));
      assertThat(write(ORDERS)).isInstanceOf(Admitted.class);
    }

    @Test
    void aSmallerActualChargeGivesTheSurplusBack() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      Admitted admitted = (Admitted) gate.tryAcquire(ORDERS, 0, 16);
      assertThat(gate.available(ORDERS)[1]).isEqualTo(4);
      gate.settle(admitted.ticket(), 0, WCU);
      assertThat(gate.available(ORDERS)[1]).isEqualTo(18);
    }

    @Test
    void settlementChargesAKindThatWasNotEstimated() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      Admitted admitted = (Admitted) gate.tryAcquire(ORDERS, 0, WCU);
      // UpdateItem with ReturnValues costs no reads, but a read-before-write might.
      gate.settle(admitted.ticket(), 4, WCU);
      assertThat(gate.available(ORDERS)).containsExactly(6, 18);
    }

    @Test
    void cancelGivesTheWholeEstimateBackAndTicketsSettleOnce() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      Admitted admitted = (Admitted) gate.tryAcquire(ORDERS, 4, 8);
      gate.cancel(admitted.ticket());
      assertThat(gate.available(ORDERS)).containsExactly(10, 20);
      assertThatThrownBy(() -> gate.settle(admitted.ticket(), 1, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("already settled");
    }

    @Test
    void rejectsNegativeAndOversizedCharges() {
      assertThatThrownBy(() -> gate.tryAcquire(ORDERS, -1, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("readHalfUnits must be in [0, 4294967296]: -1");
      assertThatThrownBy(() -> gate.tryAcquire(ORDERS, 0, (1L << 32) + 1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Reconfiguration {
    @Test
    void raisingTheProvisionedRateAppliesImmediately() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      writesUntilThrottled(ORDERS);
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 100));
      advance(Duration.ofSeconds(1));
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(100);
    }

    @Test
    void loweringTheRateKeepsTheBalanceUpToTheNewBurst() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 100));
      advance(Duration.ofSeconds(300));
      assertThat(gate.available(ORDERS)).containsExactly(3000, 60_000);
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 1));
      assertThat(gate.available(ORDERS)).containsExactly(3000, 600);
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(300);
    }

    @Test
    void debtSurvivesARateChange() {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      Admitted admitted = (Admitted) write(ORDERS);
      gate.settle(admitted.ticket(), 0, 60);
      assertThat(gate.available(ORDERS)[1]).isEqualTo(-40);
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 100));
      assertThat(gate.available(ORDERS)[1]).isEqualTo(-40);
      advance(Duration.ofMillis(200));
      assertThat(write(ORDERS)).isInstanceOf(Throttled.class);
      advance(Duration.ofNanos(1));
      assertThat(write(ORDERS)).isInstanceOf(Admitted.class);
    }

    @Test
    void switchingToOnDemandUsesTheTenantQuota() {
      gate.configureTenant("acme", new CapacityQuota(1000, 1000, 100, 50, 1));
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 10));
      advance(Duration.ofSeconds(10));
      gate.configureTable(ORDERS, CapacityMode.payPerRequest());
      // Reads keep their 110 half-units; writes had 220 banked, clamped to one second of the
      // 50 WRU per-table quota.
      assertThat(gate.available(ORDERS)).containsExactly(110, 100);
      advance(Duration.ofSeconds(10));
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(50);
    }
  }

  @Nested
  class OnDemand {
    @Test
    void tenantQuotaCapsTheSumOfItsTables() {
      gate.configureTenant("acme", new CapacityQuota(100, 10, 100, 8, 1));
      List<TableKey> tables = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        TableKey table = new TableKey("acme", "t" + i);
        gate.configureTable(table, CapacityMode.payPerRequest());
        tables.add(table);
      }
      Map<Limit, Integer> throttledBy = new EnumMap<>(Limit.class);
      int[] perTable = new int[3];
      for (int step = 0; step <= 100; step++) {
        for (int i = 0; i < 3; i++) {
          CapacityDecision decision = write(tables.get(i));
          for (; decision instanceof Admitted; decision = write(tables.get(i))) {
            perTable[i]++;
          }
          throttledBy.merge(((Throttled) decision).limit(), 1, Integer::sum);
        }
        advance(Duration.ofMillis(100));
      }
      int total = perTable[0] + perTable[1] + perTable[2];
      // One second of burst, then 10 WRU per second for 10 seconds: the tenant's limit, although
      // the three tables could do 24 per second between them.
      assertThat(total).isEqualTo(10 + 100);
      assertThat(throttledBy).containsKey(Limit.TENANT_WRITE);
      for (int admitted : perTable) {
        assertThat(admitted).isLessThanOrEqualTo(8 + 80 + 1);
      }
    }

    @Test
    void eachTableIsCappedByThePerTableQuota() {
      gate.configureTenant("acme", new CapacityQuota(1000, 1000, 100, 8, 1));
      gate.configureTable(ORDERS, CapacityMode.payPerRequest());
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(8);
      assertThat(((Throttled) write(ORDERS)).limit()).isEqualTo(Limit.TABLE_WRITE);
      advance(Duration.ofSeconds(10));
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(8);
      assertThat(gate.tenantAvailable("acme")[1]).isEqualTo(2000 - 16);
    }

    @Test
    void tableMaximumLowersThePerTableQuota() {
      gate.configureTenant("acme", new CapacityQuota(1000, 1000, 100, 100, 1));
      gate.configureTable(ORDERS, new CapacityMode.PayPerRequest(-1, 5));
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(5);
    }

    @Test
    void aThrottledTenantGivesTheTablesEstimateBack() {
      gate.configureTenant("acme", new CapacityQuota(100, 1, 100, 100, 1));
      gate.configureTable(ORDERS, CapacityMode.payPerRequest());
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(1);
      assertThat(((Throttled) write(ORDERS)).limit()).isEqualTo(Limit.TENANT_WRITE);
      assertThat(gate.available(ORDERS)[1]).isEqualTo(200 - WCU);
    }

    @Test
    void changingTheQuotaReconfiguresTheTenantsOnDemandTables() {
      gate.configureTable(ORDERS, CapacityMode.payPerRequest());
      gate.configureTenant("acme", new CapacityQuota(100, 100, 100, 3, 1));
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(3);
      advance(Duration.ofSeconds(1));
      gate.configureTenant("acme", new CapacityQuota(100, 100, 100, 6, 1));
      advance(Duration.ofSeconds(1));
      assertThat(writesUntilThrottled(ORDERS)).isEqualTo(6);
    }

    @Test
    void anUnconfiguredTableIsChargedToItsTenantOnly() {
      gate.configureTenant("acme", new CapacityQuota(100, 2, 100, 100, 1));
      TableKey unknown = new TableKey("acme", "never-created");
      assertThat(writesUntilThrottled(unknown)).isEqualTo(2);
      assertThat(gate.available(unknown)).isEmpty();
    }
  }

  @Nested
  class Concurrency {
    @Test
    void concurrentAcquiresOverdrawByAtMostOneRequest() throws InterruptedException {
      gate.configureTable(ORDERS, CapacityMode.provisioned(5, 1000));
      advance(Duration.ofSeconds(300));
      long balance = gate.available(ORDERS)[1];
      assertThat(balance).isEqualTo(600_000);
      long estimate = 7;

      long admitted = hammer(8, () -> gate.tryAcquire(ORDERS, 0, estimate));

      long taken = admitted * estimate;
      assertThat(taken).isGreaterThanOrEqualTo(balance).isLessThan(balance + estimate);
      assertThat(gate.available(ORDERS)[1]).isEqualTo(balance - taken);
    }

    @Test
    void concurrentAcquiresOnSeveralTablesOverdrawTheTenantByAtMostOneRequest()
        throws InterruptedException {
      gate.configureTenant("acme", new CapacityQuota(100, 1000, 100, 1000, 10));
      List<TableKey> tables = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        TableKey table = new TableKey("acme", "t" + i);
        gate.configureTable(table, CapacityMode.payPerRequest());
        tables.add(table);
      }
      advance(Duration.ofSeconds(10));
      long balance = gate.tenantAvailable("acme")[1];
      assertThat(balance).isEqualTo(20_000);
      long estimate = 3;
      AtomicLong next = new AtomicLong();

      long admitted =
          hammer(
              8,
              () ->
                  gate.tryAcquire(
                      tables.get((int) (next.getAndIncrement() % tables.size())), 0, estimate));

      long taken = admitted * estimate;
      assertThat(taken).isGreaterThanOrEqualTo(balance).isLessThan(balance + estimate);
      assertThat(gate.tenantAvailable("acme")[1]).isEqualTo(balance - taken);
    }

    /** Runs {@code threads} threads acquiring until each is throttled; returns the admissions. */
    private long hammer(int threads, Supplier<CapacityDecision> acquire)
        throws InterruptedException {
      AtomicLong admitted = new AtomicLong();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread worker =
            new Thread(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                  while (acquire.get() instanceof Admitted) {
                    admitted.incrementAndGet();
                  }
                },
                "acquirer-" + t);
        workers.add(worker);
        worker.start();
      }
      start.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
      return admitted.get();
    }
  }

  @Test
  void quotasAndModesRejectNonsense() {
    assertThatThrownBy(() -> new CapacityQuota(0, 1, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readUnitsPerSecond must be positive: 0");
    assertThatThrownBy(() -> new CapacityQuota(1, 1, 1, 1, 301))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burstSeconds must be in [1, 300]: 301");
    assertThatThrownBy(() -> CapacityMode.provisioned(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CapacityMode.PayPerRequest(0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxReadRequestUnits must be -1 or at least 1: 0");
  }

  @Test
  void ratesAboveTheMaximumAreClamped() {
    gate.configureTable(ORDERS, CapacityMode.provisioned(1_000_000_000_000L, 1));
    assertThat(gate.available(ORDERS)[0]).isEqualTo(2 * CapacityGate.MAX_UNITS_PER_SECOND);
  }

  @Nested
  class ClusterMember {
    private final CapacityGate member = new CapacityGate(clock::get, CapacityQuota.DEFAULT, 3);

    private int readsUntilThrottled(CapacityGate gate, TableKey table) {
      int admitted = 0;
      while (gate.tryAcquire(table, 1, 0) instanceof Admitted) {
        admitted++;
      }
      return admitted;
    }

    @Test
    void admitsItsShareOfEveryReadRateAndTheWholeWriteRate() {
      member.configureTable(ORDERS, CapacityMode.provisioned(30, 10));
      // One second of a third of 30 RCU: 20 half-units, 10 RCU.
      assertThat(readsUntilThrottled(member, ORDERS)).isEqualTo(20);
      advance(Duration.ofSeconds(3));
      assertThat(readsUntilThrottled(member, ORDERS)).isEqualTo(60);
      int writes = 0;
      while (member.tryAcquire(ORDERS, 0, WCU) instanceof Admitted) {
        writes++;
      }
      // The whole write rate: one second of 10 WCU at creation, and three seconds since.
      assertThat(writes).isEqualTo(40);

      TableKey onDemand = new TableKey("acme", "events");
      member.configureTenant("acme", new CapacityQuota(300, 300, 100, 100, 1));
      member.configureTable(onDemand, CapacityMode.payPerRequest());
      // The table's quota (100 RCU) is the tighter: a third of it, rounded up, in half-units.
      assertThat(readsUntilThrottled(member, onDemand)).isEqualTo(67);
    }

    @Test
    void refusesToShareAmongNoMembers() {
      assertThatThrownBy(() -> new CapacityGate(clock::get, CapacityQuota.DEFAULT, 0))
          .hasMessageContaining("readSharers must be at least 1");
    }
  }
}

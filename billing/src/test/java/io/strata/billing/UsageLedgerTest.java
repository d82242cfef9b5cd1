package io.strata.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UsageLedgerTest {
  private static final Instant TEN = Instant.parse("2025-01-01T10:00:00Z");
  private static final Instant ELEVEN = TEN.plusSeconds(3600);
  private static final Instant TWELVE = ELEVEN.plusSeconds(3600);
  private static final long GIB = 1L << 30;

  /** DynamoDB on-demand list prices in us-east-1 at the time of writing. */
  private static final UsagePrices ON_DEMAND =
      UsagePrices.of(
          "USD", new BigDecimal("0.125"), new BigDecimal("0.625"), new BigDecimal("0.25"));

  private final InMemoryUsageStore store = new InMemoryUsageStore();
  private final UsageLedger ledger = new UsageLedger(store);

  @Test
  void consumedCapacityAddsUpPerHour() {
    ledger.recordConsumed("acme", "orders", TEN.plusSeconds(5), 3, 0);
    ledger.recordConsumed("acme", "orders", TEN.plusSeconds(3599), 1, 4);
    ledger.recordConsumed("acme", "orders", ELEVEN, 0, 2);

    assertThat(store.read(new UsageKey("acme", "orders", TEN)))
        .contains(new UsageRow(new UsageKey("acme", "orders", TEN), 4, 4, 0));
    assertThat(store.read(new UsageKey("acme", "orders", ELEVEN)))
        .contains(new UsageRow(new UsageKey("acme", "orders", ELEVEN), 0, 2, 0));
    assertThat(store.size()).isEqualTo(2);
  }

  @Test
  void storageSamplesSpreadOverTheHoursTheyCover() {
    ledger.recordStorage(
        "acme", "orders", TEN.plusSeconds(1800), TWELVE.plusSeconds(900).plusMillis(999), 1000);

    assertThat(store.list("acme", TEN, TWELVE.plusSeconds(3600)))
        .extracting(UsageRow::storageByteSeconds)
        .containsExactly(1800 * 1000L, 3600 * 1000L, 900 * 1000L);
  }

  @Test
  void pointInTimeRecoveryStorageAndRestoresArePricedAsDynamoDbPricesThem() {
    // us-east-1 list prices: PITR $0.20 per GB-month, restores $0.15 per GB restored.
    UsagePrices prices =
        ON_DEMAND.withRecoveryPrices(new BigDecimal("0.20"), new BigDecimal("0.15"));
    ledger.recordPitrStorage("acme", "orders", TEN, ELEVEN, 730 * GIB);
    ledger.recordRestored("acme", "orders-restored", TEN.plusSeconds(60), 2 * GIB);
    ledger.recordRestored("acme", "orders-restored", TEN.plusSeconds(90), GIB);

    assertThat(store.read(new UsageKey("acme", "orders", TEN)))
        .contains(new UsageRow(new UsageKey("acme", "orders", TEN), 0, 0, 0, 730 * GIB * 3600, 0));
    UsageReport report =
        ledger.report(List.of("acme"), TEN, ELEVEN, UsageReport.Grouping.TABLE, prices);
    UsageReport.Line orders = report.lines().get(0);
    assertThat(orders.pitrStorageGbMonths()).isEqualByComparingTo("1");
    assertThat(orders.pitrStorageCost()).isEqualByComparingTo("0.20");
    assertThat(orders.storageCost()).isEqualByComparingTo("0");
    UsageReport.Line restored = report.lines().get(1);
    assertThat(restored.restoredBytes()).isEqualTo(3 * GIB);
    assertThat(restored.restoredGb()).isEqualByComparingTo("3");
    assertThat(restored.restoreCost()).isEqualByComparingTo("0.45");
    assertThat(report.totals().totalCost()).isEqualByComparingTo("0.65");
  }

  @Test
  void emptyStorageIntervalRecordsNothingAndBackwardsIntervalIsRejected() {
    ledger.recordStorage("acme", "orders", TEN, TEN.plusMillis(500), 1000);
    assertThat(store.size()).isZero();
    assertThatThrownBy(() -> ledger.recordStorage("acme", "orders", ELEVEN, TEN, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listReturnsOnlyTheTenantsRowsInRangeOrderedByHourThenTable() {
    ledger.recordConsumed("acme", "orders", ELEVEN, 1, 0);
    ledger.recordConsumed("acme", "carts", ELEVEN, 1, 0);
    ledger.recordConsumed("acme", "orders", TEN, 1, 0);
    ledger.recordConsumed("acme", "orders", TWELVE, 1, 0);
    ledger.recordConsumed("acmeco", "orders", ELEVEN, 1, 0);
    ledger.recordConsumed("acm", "orders", ELEVEN, 1, 0);

    assertThat(store.list("acme", TEN, TWELVE))
        .extracting(UsageRow::key)
        .containsExactly(
            new UsageKey("acme", "orders", TEN),
            new UsageKey("acme", "carts", ELEVEN),
            new UsageKey("acme", "orders", ELEVEN));
  }

  @Test
  void eachTablesRowsArePricedAtItsOwnPriceListAndMixedLinesRoundOnce() {
    UsagePrices infrequentAccess =
        ON_DEMAND.withUnitPrices(
            new BigDecimal("0.15625"), new BigDecimal("0.78125"), new BigDecimal("0.10"));
    ledger.recordConsumed("acme", "hot", TEN, 0, 1);
    ledger.recordConsumed("acme", "cold", TEN, 0, 1);
    ledger.recordStorage("acme", "cold", TEN, ELEVEN, GIB);

    UsageReport byTable =
        ledger.report(
            List.of("acme"),
            TEN,
            ELEVEN,
            UsageReport.Grouping.TABLE,
            ON_DEMAND,
            key -> key.tableName().equals("cold") ? infrequentAccess : ON_DEMAND);
    // One write half-unit: 0.3125e-6 standard, 0.390625e-6 infrequent access.
    assertThat(byTable.lines())
        .extracting(UsageReport.Line::tableName, UsageReport.Line::writeCost)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cold", new BigDecimal("0.000000")),
            org.assertj.core.groups.Tuple.tuple("hot", new BigDecimal("0.000000")));
    assertThat(byTable.lines().get(0).storageCost())
        .as("one GiB-hour at 0.10 a GiB-month of 730 hours")
        .isEqualByComparingTo("0.000137");

    UsageReport byTenant =
        ledger.report(
            List.of("acme"),
            TEN,
            ELEVEN,
            UsageReport.Grouping.TENANT,
            ON_DEMAND,
            key -> key.tableName().equals("cold") ? infrequentAccess : ON_DEMAND);
    // 0.3125e-6 + 0.390625e-6 = 0.703125e-6: exact, then rounded once to 0.000001.
    assertThat(byTenant.lines().get(0).writeCost()).isEqualByComparingTo("0.000001");
    assertThatThrownBy(
            () ->
                UsageReport.of(
                    store.list("acme", TEN, ELEVEN),
                    TEN,
                    ELEVEN,
                    UsageReport.Grouping.TABLE,
                    ON_DEMAND,
                    key -> UsagePrices.of("EUR", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reportPricesEachLineAndTotalsAddUp() {
    record();

    UsageReport byHour =
        ledger.report(List.of("acme", "zeta"), TEN, TWELVE, UsageReport.Grouping.HOUR, ON_DEMAND);

    assertThat(byHour.lines()).hasSize(3);
    UsageReport.Line ordersAtTen = byHour.lines().get(0);
    assertThat(ordersAtTen.tenantId()).isEqualTo("acme");
    assertThat(ordersAtTen.tableName()).isEqualTo("orders");
    assertThat(ordersAtTen.hourStart()).isEqualTo(TEN);
    assertThat(ordersAtTen.readUnits()).isEqualByComparingTo("1.5");
    assertThat(ordersAtTen.writeUnits()).isEqualByComparingTo("2");
    // 3 half-units at $0.125/M = $0.0000001875 -> 0.000000; 4 at $0.625/M = $0.00000125.
    assertThat(ordersAtTen.readCost()).isEqualTo(new BigDecimal("0.000000"));
    assertThat(ordersAtTen.writeCost()).isEqualTo(new BigDecimal("0.000001"));
    // 1 GiB for one hour of a 730-hour month at $0.25 = $0.000342465...
    assertThat(ordersAtTen.storageGbMonths()).isEqualTo(new BigDecimal("0.001369863014"));
    assertThat(ordersAtTen.storageCost()).isEqualTo(new BigDecimal("0.000342"));
    assertThat(ordersAtTen.totalCost()).isEqualTo(new BigDecimal("0.000343"));

    UsageReport.Line ordersAtEleven = byHour.lines().get(1);
    assertThat(ordersAtEleven.hourStart()).isEqualTo(ELEVEN);
    assertThat(ordersAtEleven.readCost()).isEqualTo(new BigDecimal("0.125000"));

    UsageReport.Line zeta = byHour.lines().get(2);
    assertThat(zeta.tenantId()).isEqualTo("zeta");
    assertThat(zeta.writeCost()).isEqualTo(new BigDecimal("0.000001"));

    UsageReport.Line totals = byHour.totals();
    assertThat(totals.tenantId()).isNull();
    assertThat(totals.readHalfUnits()).isEqualTo(2_000_003);
    assertThat(totals.writeHalfUnits()).isEqualTo(6);
    assertThat(totals.storageByteSeconds()).isEqualTo(GIB * 3600);
    assertThat(totals.totalCost())
        .isEqualTo(
            byHour.lines().stream()
                .map(UsageReport.Line::totalCost)
                .reduce(BigDecimal.ZERO, BigDecimal::add));
    assertThat(totals.totalCost()).isEqualTo(new BigDecimal("0.125344"));
  }

  @Test
  void reportGroupsPerTableAndPerTenant() {
    record();

    UsageReport byTable =
        ledger.report(List.of("acme"), TEN, TWELVE, UsageReport.Grouping.TABLE, ON_DEMAND);
    assertThat(byTable.lines()).hasSize(1);
    UsageReport.Line orders = byTable.lines().get(0);
    assertThat(orders.tableName()).isEqualTo("orders");
    assertThat(orders.hourStart()).isNull();
    assertThat(orders.readHalfUnits()).isEqualTo(2_000_003);
    // 2,000,003 half-units * $0.125 / 2,000,000 = $0.1250001875, rounded once.
    assertThat(orders.readCost()).isEqualTo(new BigDecimal("0.125000"));

    UsageReport byTenant =
        ledger.report(List.of("acme", "zeta"), TEN, TWELVE, UsageReport.Grouping.TENANT, ON_DEMAND);
    assertThat(byTenant.lines())
        .extracting(UsageReport.Line::tenantId, UsageReport.Line::tableName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("acme", null),
            org.assertj.core.groups.Tuple.tuple("zeta", null));
  }

  @Test
  void reportRangeWidensToWholeHours() {
    record();
    UsageReport report =
        ledger.report(
            List.of("acme"),
            ELEVEN.plusSeconds(10),
            ELEVEN.plusSeconds(20),
            UsageReport.Grouping.HOUR,
            ON_DEMAND);
    assertThat(report.from()).isEqualTo(ELEVEN);
    assertThat(report.to()).isEqualTo(TWELVE);
    assertThat(report.lines()).extracting(UsageReport.Line::hourStart).containsExactly(ELEVEN);
  }

  @Test
  void roundingModeIsConfigurable() {
    ledger.recordConsumed("acme", "orders", TEN, 0, 1);
    BigDecimal dollarPerMillion = BigDecimal.ONE;
    UsagePrices halfEven =
        new UsagePrices(
            "USD",
            dollarPerMillion,
            dollarPerMillion,
            dollarPerMillion,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            6,
            RoundingMode.HALF_EVEN,
            730);
    UsagePrices halfUp =
        new UsagePrices(
            "USD",
            dollarPerMillion,
            dollarPerMillion,
            dollarPerMillion,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            6,
            RoundingMode.HALF_UP,
            730);
    // One write half-unit at $1 per million units is exactly $0.0000005: a tie.
    assertThat(
            ledger
                .report(List.of("acme"), TEN, ELEVEN, UsageReport.Grouping.HOUR, halfEven)
                .totals()
                .writeCost())
        .isEqualTo(new BigDecimal("0.000000"));
    assertThat(
            ledger
                .report(List.of("acme"), TEN, ELEVEN, UsageReport.Grouping.HOUR, halfUp)
                .totals()
                .writeCost())
        .isEqualTo(new BigDecimal("0.000001"));
  }

  @Test
  void pricesRejectNonsense() {
    assertThatThrownBy(
            () -> UsagePrices.of("USD", new BigDecimal("-1"), BigDecimal.ONE, BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("perMillionReadUnits must not be negative: -1");
    assertThatThrownBy(
            () ->
                new UsagePrices(
                    "USD",
                    BigDecimal.ONE,
                    BigDecimal.ONE,
                    BigDecimal.ONE,
                    BigDecimal.ONE,
                    BigDecimal.ONE,
                    6,
                    RoundingMode.UNNECESSARY,
                    730))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void record() {
    ledger.recordConsumed("acme", "orders", TEN.plusSeconds(1), 3, 4);
    ledger.recordStorage("acme", "orders", TEN, ELEVEN, GIB);
    ledger.recordConsumed("acme", "orders", ELEVEN.plusSeconds(1), 2_000_000, 0);
    ledger.recordConsumed("zeta", "t", TEN, 0, 2);
    // Outside the reported range.
    ledger.recordConsumed("acme", "orders", TWELVE, 100, 100);
  }
}

package io.strata.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UsageReportWriterTest {
  private static final Instant TEN = Instant.parse("2025-01-01T10:00:00Z");
  private static final Instant ELEVEN = TEN.plusSeconds(3600);
  private static final UsagePrices PRICES =
      UsagePrices.of(
              "USD", new BigDecimal("0.125"), new BigDecimal("0.625"), new BigDecimal("0.25"))
          .withRecoveryPrices(new BigDecimal("0.20"), new BigDecimal("0.15"));

  /** One GB-month of point-in-time recovery storage, in byte-seconds: 2821793513472000. */
  private static final long PITR_GB_MONTH = (1L << 30) * 3600 * 730;

  private static UsageReport report(UsageReport.Grouping grouping) {
    List<UsageRow> rows =
        List.of(
            new UsageRow(
                new UsageKey("acme", "orders", TEN), 3, 4, 1L << 30, PITR_GB_MONTH, 1L << 30),
            new UsageRow(new UsageKey("we,\"ird\"", "t", TEN), 2_000_000, 0, 0));
    return UsageReport.of(rows, TEN, ELEVEN, grouping, PRICES);
  }

  @Test
  void csvHasAHeaderAndOneQuotedWhereNeededLinePerReportLine() {
    assertThat(UsageReportWriter.toCsv(report(UsageReport.Grouping.HOUR)))
        .isEqualTo(
            UsageReportWriter.CSV_HEADER
                + "\r\n"
                + "acme,orders,2025-01-01T10:00:00Z,3,4,1073741824,1.5,2.0,0.000000380518,"
                + "0.000000,0.000001,0.000000,0.350001,USD,"
                + "2821793513472000,1073741824,1.000000000000,1.000000000000,0.200000,0.150000\r\n"
                + "\"we,\"\"ird\"\"\",t,2025-01-01T10:00:00Z,2000000,0,0,1000000.0,0.0,"
                + "0.000000000000,0.125000,0.000000,0.000000,0.125000,USD,"
                + "0,0,0.000000000000,0.000000000000,0.000000,0.000000\r\n");
  }

  @Test
  void csvLeavesAbsentPartsEmpty() {
    assertThat(UsageReportWriter.toCsv(report(UsageReport.Grouping.TENANT)).split("\r\n")[1])
        .startsWith("acme,,,3,4,");
  }

  @Test
  void jsonIsOneObjectWithMembersInDocumentedOrder() {
    assertThat(UsageReportWriter.toJson(report(UsageReport.Grouping.TABLE)))
        .isEqualTo(
            "{\"from\":\"2025-01-01T10:00:00Z\",\"to\":\"2025-01-01T11:00:00Z\","
                + "\"grouping\":\"TABLE\",\"currency\":\"USD\","
                + "\"prices\":{\"perMillionReadUnits\":\"0.125\",\"perMillionWriteUnits\":\"0.625\","
                + "\"perGbMonth\":\"0.25\",\"perGbMonthPitr\":\"0.20\",\"perGbRestored\":\"0.15\","
                + "\"moneyScale\":6,\"rounding\":\"HALF_EVEN\",\"hoursPerMonth\":730},"
                + "\"lines\":["
                + "{\"tenant\":\"acme\",\"table\":\"orders\",\"hourStart\":null,"
                + "\"readHalfUnits\":3,\"writeHalfUnits\":4,\"storageByteSeconds\":1073741824,"
                + "\"readUnits\":\"1.5\",\"writeUnits\":\"2.0\","
                + "\"storageGbMonths\":\"0.000000380518\",\"readCost\":\"0.000000\","
                + "\"writeCost\":\"0.000001\",\"storageCost\":\"0.000000\","
                + "\"totalCost\":\"0.350001\","
                + "\"pitrStorageByteSeconds\":2821793513472000,\"restoredBytes\":1073741824,"
                + "\"pitrStorageGbMonths\":\"1.000000000000\",\"restoredGb\":\"1.000000000000\","
                + "\"pitrStorageCost\":\"0.200000\",\"restoreCost\":\"0.150000\"},"
                + "{\"tenant\":\"we,\\\"ird\\\"\",\"table\":\"t\",\"hourStart\":null,"
                + "\"readHalfUnits\":2000000,\"writeHalfUnits\":0,\"storageByteSeconds\":0,"
                + "\"readUnits\":\"1000000.0\",\"writeUnits\":\"0.0\","
                + "\"storageGbMonths\":\"0.000000000000\",\"readCost\":\"0.125000\","
                + "\"writeCost\":\"0.000000\",\"storageCost\":\"0.000000\","
                + "\"totalCost\":\"0.125000\","
                + "\"pitrStorageByteSeconds\":0,\"restoredBytes\":0,"
                + "\"pitrStorageGbMonths\":\"0.000000000000\",\"restoredGb\":\"0.000000000000\","
                + "\"pitrStorageCost\":\"0.000000\",\"restoreCost\":\"0.000000\"}],"
                + "\"totals\":{\"readHalfUnits\":2000003,\"writeHalfUnits\":4,"
                + "\"storageByteSeconds\":1073741824,\"readUnits\":\"1000001.5\","
                + "\"writeUnits\":\"2.0\",\"storageGbMonths\":\"0.000000380518\","
                + "\"readCost\":\"0.125000\",\"writeCost\":\"0.000001\","
                + "\"storageCost\":\"0.000000\",\"totalCost\":\"0.475001\","
                + "\"pitrStorageByteSeconds\":2821793513472000,\"restoredBytes\":1073741824,"
                + "\"pitrStorageGbMonths\":\"1.000000000000\",\"restoredGb\":\"1.000000000000\","
                + "\"pitrStorageCost\":\"0.200000\",\"restoreCost\":\"0.150000\"}}");
  }

  @Test
  void jsonStringsEscapeControlCharacters() {
    assertThat(UsageReportWriter.quoted("a\"b\\c\n\u0001\u2028"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u2028\"");
  }
}

package io.strata.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link UsageReport} as CSV or JSON. Both formats are API: scripts and the admin UI
 * parse them, so a change here is a change of contract.
 *
 * <h2>CSV</h2>
 *
 * RFC 4180: a header line, then one line per report line, CRLF line ends, fields quoted only when
 * they contain a comma, quote or line break. Absent parts (the table of a per-tenant line, the hour
 * of a per-table line) are empty fields. No totals line: the columns add up, so consumers sum them.
 *
 * <pre>
 * tenant,table,hour_start,read_half_units,write_half_units,storage_byte_seconds,read_units,
 * write_units,storage_gb_months,read_cost,write_cost,storage_cost,total_cost,currency,
 * pitr_storage_byte_seconds,restored_bytes,pitr_storage_gb_months,restored_gb,pitr_storage_cost,
 * restore_cost
 * </pre>
 *
 * The point-in-time recovery and restore columns came later, so they follow {@code currency}:
 * readers that take columns by position keep working. {@code total_cost} includes them.
 *
 * <h2>JSON</h2>
 *
 * One object, members always in this order:
 *
 * <pre>
 * {"from":"2025-01-01T00:00:00Z","to":"...","grouping":"TABLE","currency":"USD",
 *  "prices":{"perMillionReadUnits":"0.25","perMillionWriteUnits":"1.25","perGbMonth":"0.25",
 *            "perGbMonthPitr":"0.2","perGbRestored":"0.15",
 *            "moneyScale":6,"rounding":"HALF_EVEN","hoursPerMonth":730},
 *  "lines":[{"tenant":"t","table":"users","hourStart":null,
 *            "readHalfUnits":3,"writeHalfUnits":2,"storageByteSeconds":0,
 *            "readUnits":"1.5","writeUnits":"1.0","storageGbMonths":"0.000000000000",
 *            "readCost":"0.000000","writeCost":"0.000001","storageCost":"0.000000",
 *            "totalCost":"0.000001",
 *            "pitrStorageByteSeconds":0,"restoredBytes":0,
 *            "pitrStorageGbMonths":"0.000000000000","restoredGb":"0.000000000000",
 *            "pitrStorageCost":"0.000000","restoreCost":"0.000000"}],
 *  "totals":{ the same members as a line, without tenant, table and hourStart }}
 * </pre>
 *
 * Integer counters are JSON numbers. Decimal quantities and money are JSON strings holding the
 * plain decimal, as AWS's billing APIs return amounts, so no consumer rounds them through a binary
 * double. Instants are ISO-8601 UTC.
 */
public final class UsageReportWriter {
  static final String CSV_HEADER =
      "tenant,table,hour_start,read_half_units,write_half_units,storage_byte_seconds,read_units,"
          + "write_units,storage_gb_months,read_cost,write_cost,storage_cost,total_cost,currency,"
          + "pitr_storage_byte_seconds,restored_bytes,pitr_storage_gb_months,restored_gb,"
          + "pitr_storage_cost,restore_cost";

  private static final String CRLF = "\r\n";

  private UsageReportWriter() {}

  public static String toCsv(UsageReport report) {
    StringBuilder csv = new StringBuilder(CSV_HEADER).append(CRLF);
    String currency = csvField(report.prices().currency());
    for (UsageReport.Line line : report.lines()) {
      csv.append(csvField(line.tenantId()))
          .append(',')
          .append(csvField(line.tableName()))
          .append(',')
          .append(line.hourStart() == null ? "" : line.hourStart().toString())
          .append(',')
          .append(line.readHalfUnits())
          .append(',')
          .append(line.writeHalfUnits())
          .append(',')
          .append(line.storageByteSeconds())
          .append(',')
          .append(line.readUnits().toPlainString())
          .append(',')
          .append(line.writeUnits().toPlainString())
          .append(',')
          .append(line.storageGbMonths().toPlainString())
          .append(',')
          .append(line.readCost().toPlainString())
          .append(',')
          .append(line.writeCost().toPlainString())
          .append(',')
          .append(line.storageCost().toPlainString())
          .append(',')
          .append(line.totalCost().toPlainString())
          .append(',')
          .append(currency)
          .append(',')
          .append(line.pitrStorageByteSeconds())
          .append(',')
          .append(line.restoredBytes())
          .append(',')
          .append(line.pitrStorageGbMonths().toPlainString())
          .append(',')
          .append(line.restoredGb().toPlainString())
          .append(',')
          .append(line.pitrStorageCost().toPlainString())
          .append(',')
          .append(line.restoreCost().toPlainString())
          .append(CRLF);
    }
    return csv.toString();
  }

  public static String toJson(UsageReport report) {
    UsagePrices prices = report.prices();
    StringBuilder json = new StringBuilder(256 + 384 * report.lines().size());
    json.append('{');
    member(json, "from").append(quoted(report.from())).append(',');
    member(json, "to").append(quoted(report.to())).append(',');
    member(json, "grouping").append(quoted(report.grouping().name())).append(',');
    member(json, "currency").append(quoted(prices.currency())).append(',');
    member(json, "prices").append('{');
    member(json, "perMillionReadUnits").append(decimal(prices.perMillionReadUnits())).append(',');
    member(json, "perMillionWriteUnits").append(decimal(prices.perMillionWriteUnits())).append(',');
    member(json, "perGbMonth").append(decimal(prices.perGbMonth())).append(',');
    member(json, "perGbMonthPitr").append(decimal(prices.perGbMonthPitr())).append(',');
    member(json, "perGbRestored").append(decimal(prices.perGbRestored())).append(',');
    member(json, "moneyScale").append(prices.moneyScale()).append(',');
    member(json, "rounding").append(quoted(prices.rounding().name())).append(',');
    member(json, "hoursPerMonth").append(prices.hoursPerMonth()).append("},");
    member(json, "lines").append('[');
    List<UsageReport.Line> lines = report.lines();
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      UsageReport.Line line = lines.get(i);
      json.append('{');
      member(json, "tenant").append(quoted(line.tenantId())).append(',');
      member(json, "table").append(quoted(line.tableName())).append(',');
      member(json, "hourStart").append(quoted(line.hourStart())).append(',');
      amounts(json, line);
      json.append('}');
    }
    json.append("],");
    member(json, "totals").append('{');
    amounts(json, report.totals());
    return json.append("}}").toString();
  }

  private static void amounts(StringBuilder json, UsageReport.Line line) {
    member(json, "readHalfUnits").append(line.readHalfUnits()).append(',');
    member(json, "writeHalfUnits").append(line.writeHalfUnits()).append(',');
    member(json, "storageByteSeconds").append(line.storageByteSeconds()).append(',');
    member(json, "readUnits").append(decimal(line.readUnits())).append(',');
    member(json, "writeUnits").append(decimal(line.writeUnits())).append(',');
    member(json, "storageGbMonths").append(decimal(line.storageGbMonths())).append(',');
    member(json, "readCost").append(decimal(line.readCost())).append(',');
    member(json, "writeCost").append(decimal(line.writeCost())).append(',');
    member(json, "storageCost").append(decimal(line.storageCost())).append(',');
    member(json, "totalCost").append(decimal(line.totalCost())).append(',');
    member(json, "pitrStorageByteSeconds").append(line.pitrStorageByteSeconds()).append(',');
    member(json, "restoredBytes").append(line.restoredBytes()).append(',');
    member(json, "pitrStorageGbMonths").append(decimal(line.pitrStorageGbMonths())).append(',');
    member(json, "restoredGb").append(decimal(line.restoredGb())).append(',');
    member(json, "pitrStorageCost").append(decimal(line.pitrStorageCost())).append(',');
    member(json, "restoreCost").append(decimal(line.restoreCost()));
  }

  private static StringBuilder member(StringBuilder json, String name) {
    return json.append('"').append(name).append("\":");
  }

  private static String decimal(BigDecimal value) {
    return '"' + value.toPlainString() + '"';
  }

  private static String quoted(@Nullable Instant instant) {
    return instant == null ? "null" : '"' + instant.toString() + '"';
  }

  /** A JSON string literal, or {@code null}. */
  static String quoted(@Nullable String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A CSV field per RFC 4180: quoted only when it must be. */
  static String csvField(@Nullable String text) {
    if (text == null) {
      return "";
    }
    boolean mustQuote = false;
    for (int i = 0; i < text.length() && !mustQuote; i++) {
      char c = text.charAt(i);
      mustQuote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return mustQuote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}

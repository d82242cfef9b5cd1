package io.strata.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The measured period of a run: throughput, latency percentiles and errors. For request workloads
 * an operation is a request; for {@code load} and {@code scan} it is an item ({@code items}), the
 * latencies are those of the requests that carried them, and {@code bytes} gives the MB/s.
 */
record Report(
    Histogram latencies, Duration elapsed, Map<String, Long> errors, long items, long bytes) {
  /** A run in which every request is one operation. */
  Report(Workers.Measured measured) {
    this(measured, measured.latencies().getTotalCount(), 0);
  }

  /** A run that counts {@code items} of {@code bytes} in all. */
  Report(Workers.Measured measured, long items, long bytes) {
    this(measured.latencies(), measured.elapsed(), measured.errors(), items, bytes);
  }

  double opsPerSecond() {
    return items / seconds();
  }

  double megabytesPerSecond() {
    return bytes / 1e6 / seconds();
  }

  private double seconds() {
    return elapsed.toNanos() / 1e9;
  }

  double millis(double percentile) {
    return latencies.getValueAtPercentile(percentile) / 1e6;
  }

  String line(String target, Workload.Kind workload, int connections) {
    return String.format(
        Locale.ROOT,
        "%-16s %-6s c=%-3d %10.0f ops/s%s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %8.3f ms"
            + "  errors %s",
        target,
        workload,
        connections,
        opsPerSecond(),
        bytes == 0 ? "" : String.format(Locale.ROOT, " %8.1f MB/s", megabytesPerSecond()),
        millis(50),
        millis(99),
        millis(99.9),
        latencies.getMaxValue() / 1e6,
        errors.isEmpty() ? "none" : errors);
  }

  String json(String target, Workload.Kind workload, int connections) {
    String errorJson =
        errors.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
            .collect(Collectors.joining(",", "{", "}"));
    return String.format(
        Locale.ROOT,
        "{\"target\":\"%s\",\"workload\":\"%s\",\"connections\":%d,\"opsPerSecond\":%.1f,"
            + "\"megabytesPerSecond\":%.2f,\"seconds\":%.2f,\"p50Ms\":%.3f,\"p99Ms\":%.3f,"
            + "\"p999Ms\":%.3f,\"maxMs\":%.3f,\"requests\":%d,\"errors\":%s}",
        target,
        workload,
        connections,
        opsPerSecond(),
        megabytesPerSecond(),
        seconds(),
        millis(50),
        millis(99),
        millis(99.9),
        latencies.getMaxValue() / 1e6,
        latencies.getTotalCount(),
        errorJson);
  }
}

package io.strata.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** The measured period of a run: throughput, latency percentiles and errors. */
record Report(Histogram latencies, Duration elapsed, Map<String, Long> errors) {
  double opsPerSecond() {
    return latencies.getTotalCount() / (elapsed.toNanos() / 1e9);
  }

  double millis(double percentile) {
    return latencies.getValueAtPercentile(percentile) / 1e6;
  }

  String line(String target, Workload.Kind workload, int connections) {
    return String.format(
        Locale.ROOT,
        "%-16s %-6s c=%-3d %10.0f ops/s  p50 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %8.3f ms  errors %s",
        target,
        workload,
        connections,
        opsPerSecond(),
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
            + "\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f,\"requests\":%d,\"errors\":%s}",
        target,
        workload,
        connections,
        opsPerSecond(),
        millis(50),
        millis(99),
        millis(99.9),
        latencies.getMaxValue() / 1e6,
        latencies.getTotalCount(),
        errorJson);
  }
}

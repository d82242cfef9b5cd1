package io.strata.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * A pool of worker threads run to completion, each recording latencies into a histogram of its own
 * (no contention on the measured path) and counting failures by name in one shared table; what they
 * measured together comes back merged. Every workload of the load generator runs on it.
 */
final class Workers {
  static final long MAX_LATENCY_NANOS = Duration.ofSeconds(60).toNanos();

  /** One worker's share of a run. */
  static final class Worker {
    final int index;
    private final Histogram latencies = new Histogram(MAX_LATENCY_NANOS, 3);
    private final Map<String, Long> errors;

    private Worker(int index, Map<String, Long> errors) {
      this.index = index;
      this.errors = errors;
    }

    /** Records the latency of a request sent at {@code sentNanos} ({@link System#nanoTime}). */
    void recordSince(long sentNanos) {
      latencies.recordValue(Math.min(System.nanoTime() - sentNanos, MAX_LATENCY_NANOS));
    }

    /** Counts one failure under {@code name}. */
    void countError(String name) {
      synchronized (errors) {
        errors.merge(name, 1L, Long::sum);
      }
    }
  }

  /** What the workers measured: every latency, the wall time of the run, failures by name. */
  record Measured(Histogram latencies, Duration elapsed, Map<String, Long> errors) {}

  private Workers() {}

  /** Runs {@code count} workers, threads named {@code name-<index>}, and waits for all of them. */
  static Measured run(int count, String name, Consumer<Worker> body) throws InterruptedException {
    Map<String, Long> errors = new TreeMap<>();
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int index = 0; index < count; index++) {
      Worker worker = new Worker(index, errors);
      workers.add(worker);
      Thread thread = new Thread(() -> body.accept(worker), name + "-" + index);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Histogram latencies = new Histogram(MAX_LATENCY_NANOS, 3);
    workers.forEach(worker -> latencies.add(worker.latencies));
    return new Measured(latencies, elapsed, errors);
  }
}

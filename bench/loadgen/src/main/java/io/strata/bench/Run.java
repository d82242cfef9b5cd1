package io.strata.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Closed-loop workers: each sends its next request as soon as the previous one is answered. */
final class Run {
  private static final long MAX_LATENCY_NANOS = Duration.ofSeconds(60).toNanos();

  private final Workload workload;
  private final int workers;

  Run(Workload workload, int workers) {
    this.workload = workload;
    this.workers = workers;
  }

  /** Runs every worker for {@code period} and reports what they measured. */
  Report drive(Duration period) throws InterruptedException {
    long end = System.nanoTime() + period.toNanos();
    Histogram latencies = new Histogram(MAX_LATENCY_NANOS, 3);
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    List<Histogram> perWorker = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      Histogram mine = new Histogram(MAX_LATENCY_NANOS, 3);
      perWorker.add(mine);
      Thread thread =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  long sent = System.nanoTime();
                  try {
                    workload.once();
                    mine.recordValue(Math.min(System.nanoTime() - sent, MAX_LATENCY_NANOS));
                  } catch (DynamoDbException e) {
                    errors.computeIfAbsent(errorName(e), n -> new LongAdder()).increment();
                  } catch (RuntimeException e) {
                    errors
                        .computeIfAbsent(e.getClass().getSimpleName(), n -> new LongAdder())
                        .increment();
                  }
                }
              },
              "loadgen-" + w);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long elapsed = System.nanoTime() - start;
    perWorker.forEach(latencies::add);
    Map<String, Long> errorCounts = new java.util.TreeMap<>();
    errors.forEach((name, count) -> errorCounts.put(name, count.sum()));
    return new Report(latencies, Duration.ofNanos(elapsed), errorCounts);
  }

  private static String errorName(DynamoDbException e) {
    return e.awsErrorDetails() == null ? "DynamoDbException" : e.awsErrorDetails().errorCode();
  }
}

package io.strata.bench;

import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Closed-loop workers: each sends its next request as soon as the previous one is answered. */
final class Run {
  private final Workload workload;
  private final int workers;

  Run(Workload workload, int workers) {
    this.workload = workload;
    this.workers = workers;
  }

  /** Runs every worker for {@code period} and reports what they measured. */
  Report drive(Duration period) throws InterruptedException {
    long end = System.nanoTime() + period.toNanos();
    return new Report(
        Workers.run(
            workers,
            "loadgen",
            worker -> {
              while (System.nanoTime() < end) {
                long sent = System.nanoTime();
                try {
                  workload.once();
                  worker.recordSince(sent);
                } catch (DynamoDbException e) {
                  worker.countError(errorName(e));
                } catch (RuntimeException e) {
                  worker.countError(e.getClass().getSimpleName());
                }
              }
            }));
  }

  private static String errorName(DynamoDbException e) {
    return e.awsErrorDetails() == null ? "DynamoDbException" : e.awsErrorDetails().errorCode();
  }
}

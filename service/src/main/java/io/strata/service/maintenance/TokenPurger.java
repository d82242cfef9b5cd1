package io.strata.service.maintenance;

import io.strata.service.idempotency.TransactionTokens;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;

/** Drops transaction idempotency tokens past their ten-minute window, oldest first, in batches. */
final class TokenPurger implements MaintenanceJob {
  private final Writer writer;
  private final Clock clock;
  private final int batch;

  TokenPurger(Writer writer, Clock clock, int batch) {
    this.writer = writer;
    this.clock = clock;
    this.batch = batch;
  }

  @Override
  public Future<Boolean> runRound() {
    return writer
        .submit(view -> TransactionTokens.purge(view, clock.instant(), batch))
        .map(purged -> purged == batch);
  }
}

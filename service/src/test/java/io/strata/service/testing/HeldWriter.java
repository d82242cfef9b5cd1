package io.strata.service.testing;

import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a writer busy with one op until released, so that a test can queue more ops behind it (they
 * then form the next batch, or fill the queue) without any timing assumptions.
 */
public final class HeldWriter {
  private final CountDownLatch release = new CountDownLatch(1);
  private final Future<Void> holding;

  private HeldWriter(Writer writer) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    holding =
        writer.submit(
            view -> {
              started.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return null;
            });
    started.await();
  }

  /** Returns once the writer is applying the holding op. */
  public static HeldWriter hold(Writer writer) throws InterruptedException {
    return new HeldWriter(writer);
  }

  /** Lets the holding op finish and waits until its batch committed. */
  public void release() throws Exception {
    release.countDown();
    holding.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

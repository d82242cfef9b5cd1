package io.strata.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.error.DynamoException;
import io.strata.service.testing.TempStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WriterTest {
  @TempDir Path directory;
  private LmdbStore store;
  private Writer writer;

  @BeforeEach
  void open() {
    TempStore temp = TempStore.open(directory);
    store = temp.store();
    writer = temp.writer();
  }

  /** Closes what the test ended with: some tests replace the writer or reopen the store. */
  @AfterEach
  void close() {
    writer.close();
    store.close();
  }

  @Test
  void opsQueuedWhileTheWriterIsBusyCommitTogetherInOneTransaction() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    Future<Void> blocker =
        writer.submit(
            view -> {
              started.countDown();
              awaitQuietly(release);
              return null;
            });
    started.await();
    List<Future<Boolean>> queued = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      byte[] key = bytes("key-" + i);
      queued.add(writer.submit(view -> view.delete(Db.ITEMS, key) || put(view, key)));
    }
    release.countDown();
    blocker.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    for (Future<Boolean> future : queued) {
      assertThat(future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
          .isTrue();
    }

    assertThat(writer.opsApplied()).isEqualTo(101);
    assertThat(writer.commits()).isEqualTo(2);
    assertThat(stored("key-99")).isNotNull();
  }

  @Test
  void aFailedOpRollsBackAloneWhileItsBatchCommits() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    writer.submit(
        view -> {
          started.countDown();
          awaitQuietly(release);
          return null;
        });
    started.await();
    Future<Boolean> first = writer.submit(view -> put(view, bytes("first")));
    Future<Boolean> failing =
        writer.submit(
            view -> {
              put(view, bytes("failing"));
              throw DynamoException.conditionalCheckFailed(java.util.Map.of());
            });
    Future<Boolean> last = writer.submit(view -> put(view, bytes("last")));
    release.countDown();

    assertThat(first.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(last.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> failed = failing.toCompletionStage().toCompletableFuture();
    assertThat(failed).failsWithin(10, TimeUnit.SECONDS);
    assertThat(stored("failing")).isNull();
    assertThat(stored("first")).isNotNull();
    assertThat(stored("last")).isNotNull();
  }

  @Test
  void completionRunsOnTheSubmittingEventLoopNotOnTheWriterThread() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<String> continuationThread = new CompletableFuture<>();
      Context context = vertx.getOrCreateContext();
      context.runOnContext(
          ignored ->
              writer
                  .submit(view -> put(view, bytes("k")))
                  .onComplete(
                      result ->
                          continuationThread.complete(
                              Context.isOnEventLoopThread()
                                  ? Thread.currentThread().getName()
                                  : "not an event loop: " + Thread.currentThread().getName())));
      assertThat(continuationThread.get(10, TimeUnit.SECONDS)).startsWith("vert.x-eventloop");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void acknowledgedWritesSurviveReopening() throws Exception {
    writer
        .submit(view -> put(view, bytes("durable")))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    writer.close();
    store.close();
    store = LmdbStore.open(directory, 64L << 20, 16);
    writer = new Writer(store, 10, 1 << 20, 10, 1 << 20);
    assertThat(stored("durable")).isEqualTo(bytes("value"));
  }

  @Test
  void aFullQueueIsRefusedImmediatelyWithRequestLimitExceeded() throws Exception {
    writer.close();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    writer = new Writer(store, 2, 1 << 20, 10, 1 << 20);
    writer.submit(
        view -> {
          started.countDown();
          awaitQuietly(release);
          return null;
        });
    started.await();
    writer.submit(view -> null);
    writer.submit(view -> null);
    Future<Object> refused = writer.submit(view -> null);
    release.countDown();
    assertThat(refused.failed()).isTrue();
    assertThat(((DynamoException) refused.cause()).code().name())
        .isEqualTo("REQUEST_LIMIT_EXCEEDED");
  }

  @Test
  void reverseScanStartsAtTheLastKeyAtOrBeforeTheBound() throws Exception {
    for (String key : List.of("a", "b", "d", "\u00e9")) {
      writer
          .submit(view -> put(view, bytes(key)))
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }
    assertThat(scan("c", false)).containsExactly("b", "a");
    assertThat(scan("d", false)).containsExactly("d", "b", "a");
    assertThat(scan("z", false)).containsExactly("d", "b", "a");
    assertThat(scan("\uFFFF", false)).containsExactly("\u00e9", "d", "b", "a");
    assertThat(scan("c", true)).containsExactly("d", "\u00e9");
  }

  private List<String> scan(String from, boolean forward) {
    List<String> keys = new ArrayList<>();
    store.read(
        view -> {
          view.scan(
              Db.ITEMS,
              bytes(from),
              forward,
              (key, value) -> keys.add(new String(key, StandardCharsets.UTF_8)));
          return null;
        });
    return keys;
  }

  private byte[] stored(String key) {
    return store.<byte[]>read(view -> view.get(Db.ITEMS, bytes(key)));
  }

  private static boolean put(WriteView view, byte[] key) {
    view.put(Db.ITEMS, key, bytes("value"));
    return true;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.strata.service.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.error.DynamoException;
import io.strata.service.storage.AppliedPosition;
import io.strata.service.storage.Db;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.StorageException;
import io.strata.service.storage.UnreadableValueException;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteSetApplier;
import io.strata.service.storage.WriteSetCodec;
import io.strata.service.storage.WriteView;
import io.strata.service.testing.HeldWriter;
import io.strata.service.testing.TempStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
    HeldWriter held = HeldWriter.hold(writer);
    List<Future<Boolean>> queued = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      byte[] key = bytes("key-" + i);
      queued.add(writer.submit(view -> view.delete(Db.ITEMS, key) || put(view, key)));
    }
    held.release();
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
    HeldWriter held = HeldWriter.hold(writer);
    Future<Boolean> first = writer.submit(view -> put(view, bytes("first")));
    Future<Boolean> failing =
        writer.submit(
            view -> {
              put(view, bytes("failing"));
              throw DynamoException.conditionalCheckFailed(java.util.Map.of());
            });
    Future<Boolean> last = writer.submit(view -> put(view, bytes("last")));
    held.release();

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
    writer = TempStore.writerOf(store, new Writer.Bounds(10, 1 << 20, 10, 1 << 20));
    assertThat(stored("durable")).isEqualTo(bytes("value"));
  }

  @Test
  void aFullQueueIsRefusedImmediately() throws Exception {
    writer.close();
    writer = TempStore.writerOf(store, new Writer.Bounds(2, 1 << 20, 10, 1 << 20));
    HeldWriter held = HeldWriter.hold(writer);
    writer.submit(view -> null);
    writer.submit(view -> null);
    Future<Object> refused = writer.submit(view -> null);
    held.release();
    assertThat(refused.failed()).isTrue();
    assertThat(((WriterRefusal) refused.cause()).reason())
        .isEqualTo(WriterRefusal.Reason.QUEUE_FULL);
  }

  @Test
  void theWriteSetsHandedToTheReplicatorRebuildTheStoreElsewhere(@TempDir Path replica)
      throws Exception {
    writer.close();
    RecordingReplicator log = new RecordingReplicator();
    writer = new Writer(store, log, Clock.systemUTC(), TempStore.BOUNDS);
    await(writer.submit(view -> put(view, bytes("a"))));
    await(writer.submit(view -> put(view, bytes("b"))));
    await(writer.submit(view -> view.delete(Db.ITEMS, bytes("a"))));
    await(
        writer
            .submit(
                view -> {
                  put(view, bytes("rolled-back"));
                  throw DynamoException.validation("no");
                })
            .recover(failure -> Future.succeededFuture(false)));

    try (LmdbStore copy = LmdbStore.open(replica, 16L << 20, 8)) {
      for (Map.Entry<LogPosition, byte[]> entry : log.entries.entrySet()) {
        WriteSetApplier.apply(copy, entry.getKey(), WriteSetCodec.decode(entry.getValue()));
      }
      assertThat(entries(copy)).containsExactlyElementsOf(entries(store));
      assertThat(entries(copy)).containsExactly("b");
      assertThat(copy.read(AppliedPosition::read)).isEqualTo(writer.appliedPosition());
    }
  }

  @Test
  void aBatchTheLogRefusesIsAbandonedAndTheWriterCarriesOn() throws Exception {
    writer.close();
    RecordingReplicator log = new RecordingReplicator();
    log.refuseNext = 1;
    writer = new Writer(store, log, Clock.systemUTC(), TempStore.BOUNDS);

    Future<Boolean> refused = writer.submit(view -> put(view, bytes("lost")));
    assertThat(refused.toCompletionStage().toCompletableFuture())
        .failsWithin(10, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(WriterRefusal.class)
        .extracting(cause -> ((WriterRefusal) cause).reason())
        .isEqualTo(WriterRefusal.Reason.NOT_REPLICATED);
    assertThat(stored("lost")).isNull();

    await(writer.submit(view -> put(view, bytes("kept"))));
    assertThat(stored("kept")).isNotNull();
    assertThat(writer.isHealthy()).isTrue();
  }

  @Test
  void projectionsHaveSeenACommitBeforeItsRequestIsAnswered() throws Exception {
    List<String> projected = new java.util.concurrent.CopyOnWriteArrayList<>();
    writer.addProjection(
        (position, writes) ->
            writes
                .mutations(Db.ITEMS)
                .forEach(m -> projected.add(new String(m.key(), StandardCharsets.UTF_8))));

    Future<Boolean> written = writer.submit(view -> put(view, bytes("seen")));
    List<String> whenAnswered = new java.util.concurrent.CopyOnWriteArrayList<>();
    await(written.onSuccess(ignored -> whenAnswered.addAll(projected)));

    assertThat(whenAnswered).containsExactly("seen");
  }

  @Test
  void aValueThatCannotBeOpenedFailsItsOwnRequestOnly() throws Exception {
    Future<Boolean> damaged =
        writer.submit(
            view -> {
              throw new UnreadableValueException("sealed value failed to open");
            });

    assertThat(damaged.toCompletionStage().toCompletableFuture()).failsWithin(10, TimeUnit.SECONDS);
    assertThat(writer.isHealthy()).isTrue();
    await(writer.submit(view -> put(view, bytes("after"))));
    assertThat(stored("after")).isNotNull();
  }

  @Test
  void aFaultOfTheStoreStopsTheWriterForGood() throws Exception {
    Future<Boolean> faulty =
        writer.submit(
            view -> {
              throw new StorageException("disk on fire");
            });

    assertThat(faulty.toCompletionStage().toCompletableFuture()).failsWithin(10, TimeUnit.SECONDS);
    assertThat(writer.isHealthy()).isFalse();
    Future<Boolean> later = writer.submit(view -> put(view, bytes("later")));
    assertThat(((WriterRefusal) later.cause()).reason()).isEqualTo(WriterRefusal.Reason.STOPPED);
  }

  @Test
  void aBatchStopsGrowingOnceItsWriteSetReachesTheByteBound() throws Exception {
    writer.close();
    writer = TempStore.writerOf(store, new Writer.Bounds(1_000, 64L << 20, 1_000, 10_000));
    HeldWriter held = HeldWriter.hold(writer);
    List<Future<Boolean>> queued = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      byte[] key = bytes("big-" + i);
      queued.add(
          writer.submit(
              view -> {
                view.put(Db.ITEMS, key, new byte[4_000]);
                return true;
              }));
    }
    held.release();
    for (Future<Boolean> future : queued) {
      await(future);
    }

    // 10 values of 4 KB in batches of at most ~10 KB of write set: at least four commits
    assertThat(writer.commits()).isGreaterThanOrEqualTo(4);
  }

  /** A log that keeps every write set it was given, encoded, and can refuse on demand. */
  private static final class RecordingReplicator implements Replicator {
    final Map<LogPosition, byte[]> entries = new java.util.LinkedHashMap<>();
    int refuseNext;
    private LogPosition last = new LogPosition(7, 0);

    @Override
    public LogPosition replicate(WriteSet writes) {
      if (refuseNext > 0) {
        refuseNext--;
        throw new ReplicationException("no quorum");
      }
      last = last.next();
      entries.put(last, WriteSetCodec.encode(writes));
      return last;
    }
  }

  private static List<String> entries(LmdbStore store) {
    List<String> keys = new ArrayList<>();
    store.read(
        view -> {
          view.scan(
              Db.ITEMS,
              new byte[0],
              true,
              (key, value) -> keys.add(new String(key, StandardCharsets.UTF_8)));
          return null;
        });
    return keys;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
}

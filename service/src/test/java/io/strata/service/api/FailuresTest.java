package io.strata.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.error.ErrorCode;
import io.strata.service.storage.StorageException;
import io.strata.service.storage.UnreadableValueException;
import io.strata.service.testing.HeldWriter;
import io.strata.service.testing.TempStore;
import io.strata.service.writer.Writer;
import io.strata.service.writer.WriterRefusal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's refusals and the store's faults reach clients as DynamoDB's errors. */
class FailuresTest {

  @Test
  void aFullWriterQueueIsDynamoDbsRetryableRequestLimitExceeded(@TempDir Path directory)
      throws Exception {
    try (TempStore store = TempStore.open(directory)) {
      store.writer().close();
      Writer writer = TempStore.writerOf(store.store(), new Writer.Bounds(1, 1 << 20, 1, 1 << 20));
      HeldWriter held = HeldWriter.hold(writer);
      writer.submit(view -> null);
      Throwable refused = writer.submit(view -> null).cause();
      held.release();
      writer.close();

      var error = Failures.asDynamo(refused);
      assertThat(error.code()).isEqualTo(ErrorCode.REQUEST_LIMIT_EXCEEDED);
      assertThat(error.code().isRetryable()).isTrue();
    }
  }

  @Test
  void aStoppedWriterIsServiceUnavailableAndStoreFaultsAreInternalErrors(@TempDir Path directory) {
    Throwable stopped;
    try (TempStore store = TempStore.open(directory)) {
      store.writer().close();
      stopped = store.writer().submit(view -> null).cause();
    }
    assertThat(stopped).isInstanceOf(WriterRefusal.class);
    assertThat(Failures.asDynamo(stopped).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(Failures.asDynamo(new StorageException("disk")).code())
        .isEqualTo(ErrorCode.INTERNAL_SERVER_ERROR);
    assertThat(Failures.asDynamo(new UnreadableValueException("tag")).code())
        .isEqualTo(ErrorCode.INTERNAL_SERVER_ERROR);
    assertThat(Failures.asDynamo(new IllegalStateException("bug"))).isNull();
  }
}

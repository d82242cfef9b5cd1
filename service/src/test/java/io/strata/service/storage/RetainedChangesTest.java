package io.strata.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.TempStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retained changes are derived from write sets in the transaction that applies them, identically by
 * the writer and by {@link WriteSetApplier}, for the tables that retain and no others.
 */
@Timeout(60)
class RetainedChangesTest {
  private static final long RETAINED_TABLE = 7;
  private static final long OTHER_TABLE = 8;
  private static final long RECOVERY_ID = 42;

  @TempDir Path writerDirectory;
  @TempDir Path applierDirectory;

  @Test
  void theWriterAndTheApplierDeriveTheSameChangesOfRetainedTablesOnly() throws Exception {
    List<WriteSet> recorded = new ArrayList<>();
    List<LogPosition> positions = new ArrayList<>();
    try (TempStore evaluated = TempStore.open(writerDirectory)) {
      evaluated
          .writer()
          .addProjection(
              (position, writes) -> {
                positions.add(position);
                recorded.add(writes);
              });
      evaluated.write(
          view -> {
            RetainedChanges.retain(view, RETAINED_TABLE, RECOVERY_ID, bytes("definition v1"));
            view.put(Db.ITEMS, itemKey(RETAINED_TABLE, "a"), bytes("sealed-a1"));
            view.put(Db.ITEMS, itemKey(OTHER_TABLE, "a"), bytes("other"));
            return null;
          });
      evaluated.write(
          view -> {
            view.put(Db.ITEMS, itemKey(RETAINED_TABLE, "b"), bytes("sealed-b1"));
            view.delete(Db.ITEMS, itemKey(RETAINED_TABLE, "a"));
            return null;
          });
      evaluated.write(
          view -> {
            RetainedChanges.stopRetaining(view, RETAINED_TABLE);
            view.put(Db.ITEMS, itemKey(RETAINED_TABLE, "c"), bytes("not retained"));
            return null;
          });
      List<RetainedChanges.Change> derivedByWriter = retained(evaluated.store());

      assertThat(derivedByWriter)
          .extracting(change -> new String(change.itemKey(), 8, 1, StandardCharsets.UTF_8))
          .containsExactly("a", "a", "b");
      RetainedChanges.Change first = derivedByWriter.get(0);
      assertThat(first.logIndex()).isEqualTo(positions.get(0).index());
      assertThat(first.timestampMillis()).isEqualTo(recorded.get(0).timestampMillis());
      assertThat(first.sealedItem()).isEqualTo(bytes("sealed-a1"));
      assertThat(derivedByWriter.get(1).isDelete()).isTrue();
      assertThat(derivedByWriter.get(1).logIndex()).isEqualTo(positions.get(1).index());

      assertThat(definitionAt(evaluated.store(), Long.MAX_VALUE)).isEqualTo(bytes("definition v1"));
      assertThat(definitionAt(evaluated.store(), recorded.get(0).timestampMillis() - 1)).isNull();

      try (LmdbStore replica = LmdbStore.open(applierDirectory, 16L << 20, 8)) {
        for (int i = 0; i < recorded.size(); i++) {
          WriteSetApplier.apply(replica, positions.get(i), recorded.get(i));
        }
        assertThat(retained(replica))
            .usingRecursiveFieldByFieldElementComparator()
            .isEqualTo(derivedByWriter);
        assertThat(totals(replica)).isEqualTo(totals(evaluated.store()));
      }
      RetainedChanges.Totals totals = totals(evaluated.store());
      assertThat(totals.changes()).isEqualTo(3);
      assertThat(totals.bytes()).isGreaterThan(3 * bytes("sealed-a1").length);
      evaluated.write(
          view -> RetainedChanges.trimThrough(view, RECOVERY_ID, positions.get(0).index(), 10));
      assertThat(totals(evaluated.store()).changes()).as("a trim counts down").isEqualTo(2);
      assertThat(retained(evaluated.store())).hasSize(2);
    }
  }

  private static List<RetainedChanges.Change> retained(LmdbStore store) {
    byte[] prefix = RetainedChanges.prefix(RECOVERY_ID);
    return store.read(
        view -> {
          List<RetainedChanges.Change> changes = new ArrayList<>();
          view.scan(
              Db.RECOVERY,
              RetainedChanges.firstKeyAfter(RECOVERY_ID, 0),
              true,
              (key, value) ->
                  CatalogKeys.startsWith(key, prefix)
                      && changes.add(RetainedChanges.decode(key, value)));
          return changes;
        });
  }

  private static RetainedChanges.Totals totals(LmdbStore store) {
    return store.read(view -> RetainedChanges.totals(view, RECOVERY_ID));
  }

  private static byte[] definitionAt(LmdbStore store, long untilMillis) {
    return store.<byte[]>read(view -> RetainedChanges.definitionAt(view, RECOVERY_ID, untilMillis));
  }

  private static byte[] itemKey(long tableId, String suffix) {
    return ByteBuffer.allocate(9).putLong(tableId).put(bytes(suffix)).array();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

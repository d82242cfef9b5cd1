package io.strata.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WriteSetApplierTest {
  @TempDir Path directory;
  private LmdbStore store;

  @BeforeEach
  void open() {
    store = LmdbStore.open(directory, 16L << 20, 8);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void appliesAWriteSetWithItsPositionInOneTransaction() {
    assertThat(store.read(AppliedPosition::read)).isEqualTo(LogPosition.START);

    boolean applied =
        WriteSetApplier.apply(store, new LogPosition(3, 1), set(1, "k", "v1").build(10));

    assertThat(applied).isTrue();
    assertThat(value("k")).isEqualTo("v1");
    assertThat(store.read(AppliedPosition::read)).isEqualTo(new LogPosition(3, 1));
  }

  /**
   * A crash between applying a write set and hearing that it was applied makes the log offer it
   * again; the net values of an older write set must never replace a newer one's.
   */
  @Test
  void aWriteSetOfferedAgainAfterNewerOnesIsSkipped() {
    WriteSet first = set(1, "k", "first").delete(Db.ITEMS, bytes("gone")).build(1);
    WriteSet second = set(2, "k", "second").build(2);
    WriteSetApplier.apply(store, new LogPosition(1, 1), first);
    WriteSetApplier.apply(store, new LogPosition(1, 2), second);

    boolean replayed = WriteSetApplier.apply(store, new LogPosition(1, 1), first);
    boolean repeated = WriteSetApplier.apply(store, new LogPosition(1, 2), second);

    assertThat(replayed).isFalse();
    assertThat(repeated).isFalse();
    assertThat(value("k")).isEqualTo("second");
    assertThat(store.read(AppliedPosition::read)).isEqualTo(new LogPosition(1, 2));
    assertThat(WriteSetApplier.apply(store, new LogPosition(1, 3), set(3, "k", "third").build(3)))
        .isTrue();
    assertThat(value("k")).isEqualTo("third");
  }

  @Test
  void deletesRemoveKeysAndDeletingAnAbsentKeyIsHarmless() {
    WriteSetApplier.apply(store, new LogPosition(0, 1), set(1, "k", "v").build(1));

    WriteSetApplier.apply(
        store,
        new LogPosition(0, 2),
        WriteSet.builder().delete(Db.ITEMS, bytes("k")).delete(Db.ITEMS, bytes("never")).build(2));

    assertThat(value("k")).isNull();
  }

  private static WriteSet.Builder set(int generation, String key, String value) {
    return WriteSet.builder()
        .put(Db.ITEMS, bytes(key), bytes(value))
        .put(Db.CATALOG, bytes("generation"), bytes(Integer.toString(generation)));
  }

  private String value(String key) {
    byte[] stored = store.read(view -> view.get(Db.ITEMS, bytes(key)));
    return stored == null ? null : new String(stored, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

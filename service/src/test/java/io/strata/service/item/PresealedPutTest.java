package io.strata.service.item;

import static io.strata.service.item.ItemTestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.KeyOwner;
import io.strata.service.tenant.ValueSealer;
import io.strata.service.testing.HeldWriter;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A put's item and index entries are sealed before the op reaches the single writer, and what is
 * stored is still sealed with the tenant's data key as of the commit.
 */
@Timeout(60)
class PresealedPutTest {
  private static final KeySchema SCHEMA =
      new KeySchema(new KeySchema.KeyAttribute("pk", AttributeValue.Type.S), null);
  private static final Map<String, AttributeValue> ITEM =
      ItemSize.sized(Map.of("pk", AttributeValue.s("a"), "g", AttributeValue.s("x")));

  @TempDir Path directory;
  private final KeyGenerations sealer = new KeyGenerations();
  private ItemTestStore store;
  private TableMetadata table;
  private SecondaryIndex index;

  @BeforeEach
  void createIndexedTable() throws Exception {
    store = new ItemTestStore(directory, sealer);
    TableMetadata created =
        store.create(
            ItemTestStore.draft(
                "t", 0, SCHEMA, Map.of("pk", AttributeValue.Type.S, "g", AttributeValue.Type.S)));
    table =
        await(
            store
                .writer()
                .submit(
                    TableChanges.update(
                        created.ref(),
                        (view, current) ->
                            current.toBuilder()
                                .indexes(List.of(globalIndex(TableChanges.nextStorageId(view))))
                                .build())));
    index = table.indexes().get(0);
    sealer.sealingThreads.clear();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  @Test
  void theWriterSealsNothingOfAPut() throws Exception {
    await(put());

    assertThat(sealer.sealingThreads).hasSize(2).doesNotContain("lmdb-writer");
    assertThat(generationsUnder(Db.ITEMS, KeyCodec.tablePrefix(table.tableId()))).containsOnly(1);
  }

  @Test
  void aPutSealedBeforeAKeyRotationCommittedIsStoredUnderTheNewKey() throws Exception {
    HeldWriter held = HeldWriter.hold(store.writer());
    Future<?> put = put();
    sealer.rotate();
    held.release();
    await(put);

    assertThat(generationsUnder(Db.ITEMS, KeyCodec.tablePrefix(table.tableId()))).containsOnly(2);
    assertThat(generationsUnder(Db.INDEXES, KeyCodec.tablePrefix(index.indexId()))).containsOnly(2);
  }

  private Future<?> put() {
    return store.writes.change(
        table,
        PrimaryKey.of(SCHEMA, ITEM),
        ItemChange.putting(ITEM, current -> ItemChange.Decision.put(ITEM, null)),
        Instant.EPOCH,
        1024);
  }

  private List<Integer> generationsUnder(Db db, byte[] prefix) {
    return store
        .store()
        .read(
            view -> {
              List<Integer> generations = new ArrayList<>();
              view.scan(
                  db,
                  prefix,
                  true,
                  (key, value) ->
                      CatalogKeys.startsWith(key, prefix) && generations.add((int) value[0]));
              return generations;
            });
  }

  private static SecondaryIndex globalIndex(long indexId) {
    return new SecondaryIndex(
        "by-g",
        SecondaryIndex.Kind.GLOBAL,
        indexId,
        new KeySchema(new KeySchema.KeyAttribute("g", AttributeValue.Type.S), null),
        SecondaryIndex.ProjectionType.ALL,
        List.of(),
        ProvisionedThroughput.NONE,
        true);
  }

  /**
   * Values in the clear behind one byte naming the data key generation that "sealed" them, as a
   * real sealed value names its key id; {@link #rotate} makes a new generation current, as a
   * committed key rotation does. Remembers which thread sealed each value.
   */
  private static final class KeyGenerations implements ValueSealer {
    final List<String> sealingThreads = new CopyOnWriteArrayList<>();
    private volatile int current = 1;

    void rotate() {
      current++;
    }

    @Override
    public byte[] seal(KeyOwner owner, byte[] plaintext, byte[] associatedData) {
      sealingThreads.add(Thread.currentThread().getName());
      byte[] sealed = new byte[plaintext.length + 1];
      sealed[0] = (byte) current;
      System.arraycopy(plaintext, 0, sealed, 1, plaintext.length);
      return sealed;
    }

    @Override
    public byte[] open(String tenantId, byte[] sealed, byte[] associatedData) {
      return Arrays.copyOfRange(sealed, 1, sealed.length);
    }

    @Override
    public boolean isSealedWithCurrentKey(KeyOwner owner, byte[] sealed) {
      return sealed[0] == current;
    }
  }
}

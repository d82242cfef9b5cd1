package io.strata.service.item;

import static io.strata.service.item.ItemTestStore.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TimeToLive;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write is parsed against the catalog in memory but carried out against the table's definition in
 * its own transaction: what it does must follow the definition it commits under.
 */
@Timeout(60)
class ItemWritesTest {
  private static final KeySchema SCHEMA =
      new KeySchema(new KeySchema.KeyAttribute("pk", AttributeValue.Type.S), null);

  @TempDir Path directory;
  private ItemTestStore store;
  private TableMetadata parsed;

  @BeforeEach
  void createTable() throws Exception {
    store = new ItemTestStore(directory);
    parsed =
        store.create(
            ItemTestStore.draft(
                "t", 0, SCHEMA, Map.of("pk", AttributeValue.Type.S, "g", AttributeValue.Type.S)));
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  @Test
  void aPutParsedBeforeAGlobalIndexWasAddedIsIndexedWhenItCommitsAfter() throws Exception {
    SecondaryIndex added =
        await(
                store
                    .writer()
                    .submit(
                        TableChanges.update(
                            parsed.ref(),
                            (view, table) ->
                                table.toBuilder()
                                    .indexes(List.of(globalIndex(TableChanges.nextStorageId(view))))
                                    .build())))
            .indexes()
            .get(0);

    await(put(Map.of("pk", AttributeValue.s("a"), "g", AttributeValue.s("x"))));

    assertThat(countUnder(Db.INDEXES, KeyCodec.tablePrefix(added.indexId()))).isEqualTo(1);
  }

  @Test
  void aPutParsedBeforeTtlWasEnabledGetsItsExpiryEntry() throws Exception {
    await(
        store
            .writer()
            .submit(
                TableChanges.update(
                    parsed.ref(),
                    table ->
                        table.toBuilder()
                            .timeToLive(new TimeToLive("expires", true, Instant.EPOCH, true))
                            .build())));

    await(put(Map.of("pk", AttributeValue.s("a"), "expires", AttributeValue.n("4102444800"))));

    assertThat(countUnder(Db.EXPIRY, new byte[0])).isEqualTo(1);
  }

  @Test
  void aPutQueuedBehindDeleteTableIsRefusedAndWritesNothing() throws Exception {
    await(store.writer().submit(TableChanges.delete(parsed.ref(), table -> table)));

    Future<?> put = put(Map.of("pk", AttributeValue.s("a")));

    assertThat(put.toCompletionStage().toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(
            DynamoException.class,
            failure -> assertThat(failure.code()).isEqualTo(ErrorCode.RESOURCE_NOT_FOUND));
    assertThat(countUnder(Db.ITEMS, KeyCodec.tablePrefix(parsed.tableId()))).isZero();
  }

  private Future<ItemWrites.Written<Void>> put(Map<String, AttributeValue> item) {
    return store.writes.change(
        parsed,
        PrimaryKey.of(SCHEMA, item),
        current -> ItemChange.Decision.put(item, null),
        Instant.EPOCH,
        1024);
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

  private long countUnder(Db db, byte[] prefix) {
    return store
        .store()
        .read(
            view -> {
              long[] count = {0};
              view.scan(
                  db,
                  prefix,
                  true,
                  (key, value) -> CatalogKeys.startsWith(key, prefix) && ++count[0] > 0);
              return count[0];
            });
  }
}

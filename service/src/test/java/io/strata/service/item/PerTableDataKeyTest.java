package io.strata.service.item;

import static io.strata.service.item.ItemTestStore.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.crypto.ItemCipher;
import io.strata.crypto.KeyRing;
import io.strata.crypto.MasterKey;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.UnreadableValueException;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableSettings;
import io.strata.service.tenant.TableDataKeys;
import io.strata.service.tenant.TenantChanges;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.tenant.TenantQuotas;
import io.strata.service.testing.HeldWriter;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a table's own data key means on disk: every value stored for the table (items, index
 * entries) names that key in its sealed header, not the tenant's; a put sealed before the table got
 * its key is stored under it all the same; destroying the key leaves the table's values unopenable
 * while the tenant's other table opens as before.
 */
@Timeout(60)
class PerTableDataKeyTest {
  private static final KeySchema SCHEMA =
      new KeySchema(new KeySchema.KeyAttribute("pk", AttributeValue.Type.S), null);
  private static final Map<String, AttributeValue.Type> DEFINITIONS =
      Map.of("pk", AttributeValue.Type.S, "g", AttributeValue.Type.S);
  private static final Map<String, AttributeValue> ITEM =
      ItemSize.sized(Map.of("pk", AttributeValue.s("a"), "g", AttributeValue.s("x")));

  @TempDir Path directory;
  private final KeyRing keyRing = new KeyRing(MasterKey.generate(), List.of());
  private final TenantDirectory tenants = new TenantDirectory(keyRing);
  private final TableDataKeys tableKeys = new TableDataKeys(keyRing, Clock.systemUTC());
  private ItemTestStore store;
  private String tenantId;

  @BeforeEach
  void createTenant() throws Exception {
    store = new ItemTestStore(directory, tenants);
    store.writer().addProjection(tenants);
    tenantId =
        await(
                store
                    .writer()
                    .submit(
                        new TenantChanges(tenants, keyRing, Clock.systemUTC())
                            .createTenant("t", TenantQuotas.SERVER_DEFAULTS)))
            .tenantId();
  }

  @AfterEach
  void close() throws Exception {
    store.close();
  }

  @Test
  void aKeyedTableSealsItsItemsAndIndexEntriesWithItsOwnKey() throws Exception {
    TableMetadata plain = store.create(draft("plain", null), tableKeys);
    TableMetadata keyed = withIndex(store.create(draft("keyed", "alias/orders"), tableKeys));
    await(put(plain));
    await(put(keyed));

    long tableKey = TableDataKeys.keyIdOf(keyed.tableId());
    assertThat(keyed.settings().ownKey()).isEqualTo(new TableSettings.OwnKey(tableKey, null));
    assertThat(plain.settings().ownKey()).isNull();
    assertThat(keyIdsUnder(Db.ITEMS, KeyCodec.tablePrefix(keyed.tableId())))
        .containsExactly(tableKey);
    assertThat(keyIdsUnder(Db.INDEXES, KeyCodec.tablePrefix(keyed.indexes().get(0).indexId())))
        .containsExactly(tableKey);
    assertThat(keyIdsUnder(Db.ITEMS, KeyCodec.tablePrefix(plain.tableId())))
        .as("the tenant's first data key")
        .containsExactly(1L);
  }

  @Test
  void aPutSealedBeforeTheTableGotItsKeyIsStoredUnderIt() throws Exception {
    TableMetadata table = store.create(draft("late", null), tableKeys);
    // As UpdateTable does: the key first, then the definition that names it.
    await(store.writer().submit(tableKeys.createKeyAhead(table)));
    HeldWriter held = HeldWriter.hold(store.writer());
    Future<TableMetadata> keyed =
        store
            .writer()
            .submit(
                TableChanges.update(
                    table.ref(),
                    (view, current) ->
                        tableKeys.provision(
                            view,
                            current.toBuilder()
                                .settings(
                                    current.settings().withSse(new TableSettings.Sse("alias/late")))
                                .build())));
    // Sealed now, against the definition without a key; written after the key is committed.
    Future<?> put = put(table);
    held.release();
    await(keyed);
    await(put);

    assertThat(keyIdsUnder(Db.ITEMS, KeyCodec.tablePrefix(table.tableId())))
        .containsExactly(TableDataKeys.keyIdOf(table.tableId()));
  }

  @Test
  void destroyingATablesKeyLeavesItsValuesUnopenableAndTheOtherTableReadable() throws Exception {
    TableMetadata plain = store.create(draft("plain", null), tableKeys);
    TableMetadata keyed = store.create(draft("keyed", "alias/orders"), tableKeys);
    await(put(plain));
    await(put(keyed));

    TableMetadata shredded = await(store.writer().submit(tableKeys.destroy(keyed.ref())));

    assertThat(shredded.settings().isKeyDestroyed()).isTrue();
    assertThat(tenants.holdsKeyOf(shredded)).isFalse();
    assertThatThrownBy(() -> openFirst(keyed)).isInstanceOf(UnreadableValueException.class);
    assertThat(openFirst(plain)).isNotEmpty();
  }

  private TableMetadata draft(String name, String kmsMasterKeyId) {
    TableMetadata draft = ItemTestStore.draft(tenantId, name, 0, SCHEMA, DEFINITIONS);
    return kmsMasterKeyId == null
        ? draft
        : draft.toBuilder()
            .settings(TableSettings.DEFAULT.withSse(new TableSettings.Sse(kmsMasterKeyId)))
            .build();
  }

  private TableMetadata withIndex(TableMetadata table) throws Exception {
    return await(
        store
            .writer()
            .submit(
                TableChanges.update(
                    table.ref(),
                    (view, current) ->
                        current.toBuilder()
                            .indexes(List.of(globalIndex(TableChanges.nextStorageId(view))))
                            .build())));
  }

  private Future<?> put(TableMetadata table) {
    return store.writes.change(
        table,
        PrimaryKey.of(SCHEMA, ITEM),
        ItemChange.putting(ITEM, current -> ItemChange.Decision.put(ITEM, null)),
        Instant.EPOCH,
        1024);
  }

  /** The data key id in the header of every value stored under {@code prefix}. */
  private List<Long> keyIdsUnder(Db db, byte[] prefix) {
    return store
        .store()
        .read(
            view -> {
              List<Long> keyIds = new ArrayList<>();
              view.scan(
                  db,
                  prefix,
                  true,
                  (key, value) ->
                      CatalogKeys.startsWith(key, prefix) && keyIds.add(ItemCipher.keyIdOf(value)));
              return keyIds;
            });
  }

  /** The first item of the table, opened as a read would open it. */
  private byte[] openFirst(TableMetadata table) {
    byte[] prefix = KeyCodec.tablePrefix(table.tableId());
    return store
        .store()
        .read(
            view -> {
              byte[][] opened = {null};
              view.scan(
                  Db.ITEMS,
                  prefix,
                  true,
                  (key, value) -> {
                    opened[0] =
                        tenants.open(tenantId, value, SealedItems.associatedData(table, key));
                    return false;
                  });
              return opened[0];
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
}

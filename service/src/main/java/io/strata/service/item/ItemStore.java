package io.strata.service.item;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.Db;
import io.strata.service.storage.ItemCodec;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import io.strata.service.storage.Writer;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Items of tables: where the item model meets LMDB. Reads run on the {@code lmdb-read} pool;
 * every change is a read-modify-write on the single writer, so a request's condition is evaluated
 * against exactly the state its write replaces, with no locks. Sealing and opening (AES-GCM with
 * the tenant's data key, bound to the item's place by associated data) happen here and nowhere
 * else, as does the bookkeeping that must share the item's transaction (table statistics).
 */
public final class ItemStore {
  private final LmdbStore store;
  private final Writer writer;
  private final WorkerExecutor readPool;
  private final ItemSealer sealer;
  private final TableStats stats;

  public ItemStore(
      LmdbStore store, Writer writer, WorkerExecutor readPool, ItemSealer sealer, TableStats stats) {
    this.store = store;
    this.writer = writer;
    this.readPool = readPool;
    this.sealer = sealer;
    this.stats = stats;
  }

  /** The item with this key, or null; runs on the read pool. */
  public Future<@Nullable Map<String, AttributeValue>> get(TableMetadata table, PrimaryKey key) {
    byte[] itemKey = KeyCodec.itemKey(table.tableId(), table.keySchema(), key);
    return readPool.executeBlocking(() -> store.read(view -> read(view, table, itemKey)), false);
  }

  /** Applies {@code change} to the item with this key, durably; the result once committed. */
  public <T> Future<T> change(TableMetadata table, PrimaryKey key, ItemChange<T> change) {
    byte[] itemKey = KeyCodec.itemKey(table.tableId(), table.keySchema(), key);
    return writer.submit(
        new WriteOp<T>() {
          private TableStats.@Nullable Totals totals;

          @Override
          public T apply(WriteView view) {
            Map<String, AttributeValue> current = read(view, table, itemKey);
            ItemChange.Decision<T> decision = change.decide(current);
            long oldSize = current == null ? 0 : ItemSize.of(current);
            switch (decision.action()) {
              case PUT -> {
                Map<String, AttributeValue> item = decision.newItem();
                view.put(Db.ITEMS, itemKey, seal(table, itemKey, item));
                totals =
                    TableStats.adjust(
                        view, table.tableId(), current == null ? 1 : 0, ItemSize.of(item) - oldSize);
              }
              case DELETE -> {
                if (current != null) {
                  view.delete(Db.ITEMS, itemKey);
                  totals = TableStats.adjust(view, table.tableId(), -1, -oldSize);
                }
              }
              case KEEP -> {}
            }
            return decision.result();
          }

          @Override
          public void afterCommit(T result) {
            if (totals != null) {
              stats.publish(table.tableId(), totals);
            }
          }
        });
  }

  private @Nullable Map<String, AttributeValue> read(ReadView view, TableMetadata table, byte[] itemKey) {
    byte[] sealed = view.get(Db.ITEMS, itemKey);
    return sealed == null
        ? null
        : ItemCodec.decode(sealer.open(table.tenantId(), sealed, associatedData(table, itemKey)));
  }

  private byte[] seal(TableMetadata table, byte[] itemKey, Map<String, AttributeValue> item) {
    return sealer.seal(table.tenantId(), ItemCodec.encode(item), associatedData(table, itemKey));
  }

  /** Binds a ciphertext to its tenant and its key (which starts with the table id). */
  static byte[] associatedData(TableMetadata table, byte[] itemKey) {
    byte[] tenant = table.tenantId().getBytes(StandardCharsets.UTF_8);
    byte[] aad = new byte[tenant.length + 1 + itemKey.length];
    System.arraycopy(tenant, 0, aad, 0, tenant.length);
    aad[tenant.length] = '|';
    System.arraycopy(itemKey, 0, aad, tenant.length + 1, itemKey.length);
    return aad;
  }
}

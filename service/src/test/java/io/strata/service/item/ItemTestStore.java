package io.strata.service.item;

import io.strata.service.cache.ItemCache;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.storage.DamagedValues;
import io.strata.service.storage.LmdbStore;
import io.strata.service.stream.StreamLog;
import io.strata.service.table.BillingMode;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableKeys;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableSettings;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.KeyOwner;
import io.strata.service.tenant.ValueSealer;
import io.strata.service.testing.TempStore;
import io.strata.service.writer.ReadBarrier;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Items of tables in a test's own store, wired as the server wires them: the catalog and the
 * statistics as projections of the writer, reads on a worker pool, writes and table maintenance
 * through the writer. Values are stored in the clear, so tests can look at them.
 */
final class ItemTestStore implements AutoCloseable {
  static final ValueSealer PLAINTEXT =
      new ValueSealer() {
        @Override
        public byte[] seal(KeyOwner owner, byte[] plaintext, byte[] associatedData) {
          return plaintext;
        }

        @Override
        public byte[] open(String tenantId, byte[] sealed, byte[] associatedData) {
          return sealed;
        }

        @Override
        public boolean isSealedWithCurrentKey(KeyOwner owner, byte[] sealed) {
          return true;
        }
      };

  private final TempStore temp;
  private final Vertx vertx = Vertx.vertx();
  final TableCatalog catalog = new TableCatalog();
  final TableStats stats = new TableStats();
  final ItemReads reads;
  final ItemWrites writes;
  final TableMaintenance tables;

  ItemTestStore(Path directory) {
    this(directory, PLAINTEXT);
  }

  /** A store whose values are sealed by {@code sealer}. */
  ItemTestStore(Path directory, ValueSealer sealer) {
    temp = TempStore.open(directory);
    Writer writer = temp.writer();
    writer.addProjection(catalog);
    writer.addProjection(stats);
    DamagedValues damaged = new DamagedValues(false);
    ItemEffects effects = new ItemEffects(sealer, damaged, new StreamLog(sealer), 10L << 30);
    var pool = vertx.createSharedWorkerExecutor("lmdb-read-test", 2);
    reads =
        new ItemReads(
            temp.store(), pool, sealer, damaged, new ItemCache(() -> 0, 0), ReadBarrier.NONE);
    writes = new ItemWrites(writer, catalog, effects);
    tables = new TableMaintenance(temp.store(), writer, pool, catalog, effects);
  }

  /** A draft of an on-demand table of the test tenant, for {@link #create}. */
  static TableMetadata draft(
      String name,
      long tableId,
      KeySchema schema,
      Map<String, AttributeValue.Type> attributeDefinitions) {
    return draft("111111111111", name, tableId, schema, attributeDefinitions);
  }

  /** A draft of an on-demand table of {@code tenantId}. */
  static TableMetadata draft(
      String tenantId,
      String name,
      long tableId,
      KeySchema schema,
      Map<String, AttributeValue.Type> attributeDefinitions) {
    return new TableMetadata(
        tenantId,
        name,
        tableId,
        "uuid",
        schema,
        attributeDefinitions,
        BillingMode.PAY_PER_REQUEST,
        ProvisionedThroughput.NONE,
        Instant.EPOCH,
        Instant.EPOCH,
        false,
        Map.of(),
        null,
        List.of(),
        null,
        List.of(),
        TableSettings.DEFAULT,
        null);
  }

  LmdbStore store() {
    return temp.store();
  }

  Writer writer() {
    return temp.writer();
  }

  /** Creates the table (with fresh ids) and returns it as created. */
  TableMetadata create(TableMetadata draft) throws Exception {
    return create(draft, TableKeys.NONE);
  }

  /** Creates the table with the data key {@code keys} gives it. */
  TableMetadata create(TableMetadata draft, TableKeys keys) throws Exception {
    return temp.write(TableChanges.create(draft, 100, keys));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    temp.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

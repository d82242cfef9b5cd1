package io.strata.service.tenant;

import io.strata.crypto.DataKey;
import io.strata.crypto.KeyRing;
import io.strata.service.error.DynamoException;
import io.strata.service.storage.Db;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableKeys;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableRef;
import io.strata.service.table.TableSettings;
import java.time.Clock;

/**
 * Tables' own data keys, so that one table's data can be destroyed without its tenant's
 * (crypto-shredding).
 *
 * <p><b>What a {@code KMSMasterKeyId} names.</b> Strata has no KMS: the id (a key id, alias or ARN)
 * is a label the tenant chooses, shown in {@code SSEDescription}. What it selects is a data key of
 * the table's own, created when a table's encryption first names one (CreateTable, UpdateTable, or
 * a restore of a table that named one) and kept for the life of the table: changing the id relabels
 * the table, turning the setting off seals nothing with the tenant's key again. One key per table,
 * never one per id shared by the tables that name it, so destroying a table's key destroys that
 * table and nothing else. A table that names no id ({@code SSEType KMS} alone: DynamoDB's AWS
 * managed key) or no encryption (DynamoDB's AWS owned key) is sealed with its tenant's data key.
 *
 * <p><b>Where the key is.</b> It is a data key of the tenant like its own ({@code datakey/}
 * records, wrapped by the master key, re-wrapped by a master-key rotation, deleted with the
 * tenant), with an id of its own range: the table's storage id with bit 62 set, above every id the
 * tenant's key rotation hands out, and never reused, since storage ids are not. The table's
 * definition records it ({@link TableSettings.OwnKey}); everything sealed for the table is sealed
 * with it ({@link KeyOwner#of}), including the copies in its backups and base snapshots, and its
 * values in point-in-time recovery's retained changes. A restored table gets a key of its own and
 * its items are sealed again under it.
 *
 * <p><b>Destroying it</b> ({@link #destroy}) deletes the key record and marks the definition, in
 * one write set: every node forgets the key when it applies it, and from then on the table's items,
 * index entries, stream records, backups and recovery data cannot be opened by anyone holding the
 * data file, the master key or both. The table answers {@code INACCESSIBLE_ENCRYPTION_CREDENTIALS};
 * it can still be described and deleted.
 */
public final class TableDataKeys implements TableKeys {
  /** Set in the id of every table key: tenant keys count up from 1 and never reach it. */
  private static final long TABLE_KEY_ID_BIT = 1L << 62;

  private final KeyRing keyRing;
  private final Clock clock;

  public TableDataKeys(KeyRing keyRing, Clock clock) {
    this.keyRing = keyRing;
    this.clock = clock;
  }

  /** The id of the data key of the table with storage id {@code tableId}. */
  public static long keyIdOf(long tableId) {
    return TABLE_KEY_ID_BIT | tableId;
  }

  /**
   * The table with the key its encryption asks for: its own, once it names a {@code
   * KMSMasterKeyId}; none inherited from another table whose definition it copies (a restore).
   */
  @Override
  public TableMetadata provision(WriteView view, TableMetadata table) {
    TableSettings settings = table.settings();
    TableSettings.OwnKey ownKey = settings.ownKey();
    long keyId = keyIdOf(table.tableId());
    if (ownKey != null && ownKey.dataKeyId() == keyId) {
      return table;
    }
    TableSettings.Sse sse = settings.sse();
    TableSettings.OwnKey created = null;
    if (sse != null && sse.kmsMasterKeyId() != null) {
      createKey(view, table.tenantId(), keyId);
      created = new TableSettings.OwnKey(keyId, null);
    }
    if (ownKey == null && created == null) {
      return table;
    }
    return table.toBuilder().settings(settings.withOwnKey(created)).build();
  }

  /**
   * Creates the key of an existing table ahead of the definition change that will name it
   * (UpdateTable), in a write set of its own. Values are sealed with keys the tenant directory
   * holds, and it learns of a key only once the key's write set is committed; a put in the same
   * batch as the change would otherwise find the definition naming a key nobody can seal with yet.
   * A change that then fails leaves the key unused, and the next one takes it.
   */
  public WriteOp<Boolean> createKeyAhead(TableMetadata table) {
    return view -> createKey(view, table.tenantId(), keyIdOf(table.tableId()));
  }

  /** Creates the key unless it exists; whether it did. */
  private boolean createKey(WriteView view, String tenantId, long keyId) {
    if (view.get(Db.CATALOG, TenantRecords.dataKeyKey(tenantId, keyId)) != null) {
      return false;
    }
    TenantRecords.putDataKey(view, keyRing, tenantId, DataKey.generate(keyId), clock.instant());
    return true;
  }

  /**
   * Destroys the table's own data key (crypto-shredding): see the class comment.
   *
   * @return the table as it is now, its key marked destroyed
   */
  public WriteOp<TableMetadata> destroy(TableRef ref) {
    return TableChanges.update(
        ref,
        (view, table) -> {
          TableSettings.OwnKey ownKey = table.settings().ownKey();
          if (ownKey == null) {
            throw DynamoException.validation(
                "Table "
                    + ref.name()
                    + " has no data key of its own: its encryption names no KMSMasterKeyId, so its"
                    + " values are sealed with its tenant's data key");
          }
          if (ownKey.isDestroyed()) {
            throw DynamoException.validation(
                "The data key of table "
                    + ref.name()
                    + " was destroyed at "
                    + ownKey.destroyedAt());
          }
          view.delete(Db.CATALOG, TenantRecords.dataKeyKey(table.tenantId(), ownKey.dataKeyId()));
          return table.toBuilder()
              .settings(
                  table
                      .settings()
                      .withOwnKey(new TableSettings.OwnKey(ownKey.dataKeyId(), clock.instant())))
              .build();
        });
  }
}

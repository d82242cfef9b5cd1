package io.strata.service.item;

import io.strata.service.model.AttributeValue;
import io.strata.service.storage.DamagedValues;
import io.strata.service.storage.Db;
import io.strata.service.storage.ItemCodec;
import io.strata.service.storage.UnreadableValueException;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.KeyOwner;
import io.strata.service.tenant.ValueSealer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sealing and opening of everything stored under a table that holds attribute values: items under
 * their item keys and index entries under their entry keys. The associated data binds a ciphertext
 * to its tenant and to the exact key it is stored under (which starts with the table's or index's
 * storage id), so a value copied to another place fails to open instead of being served. New values
 * are sealed with the key {@link KeyOwner#of} names for the table (its own, or its tenant's); any
 * value opens with whichever of the tenant's keys sealed it. Thread-safe.
 */
final class SealedItems {
  private final ValueSealer sealer;
  private final DamagedValues damaged;

  SealedItems(ValueSealer sealer, DamagedValues damaged) {
    this.sealer = sealer;
    this.damaged = damaged;
  }

  /** Opens the value stored at {@code key} of {@code db}; a damaged one is reported and thrown. */
  Map<String, AttributeValue> open(TableMetadata table, Db db, byte[] key, byte[] sealed) {
    try {
      return ItemCodec.decode(sealer.open(table.tenantId(), sealed, associatedData(table, key)));
    } catch (UnreadableValueException e) {
      damaged.report("table " + table.tenantId() + "/" + table.name(), db, key, e);
      throw e;
    }
  }

  /**
   * Opens a value met by a walk over many (a page, a copy, a re-seal): a damaged one is reported
   * and, if the operator chose to skip damaged values, returned as null instead of thrown.
   */
  @Nullable Map<String, AttributeValue> openInWalk(
      TableMetadata table, Db db, byte[] key, byte[] sealed) {
    try {
      return open(table, db, key, sealed);
    } catch (UnreadableValueException e) {
      if (damaged.skipInWalks()) {
        return null;
      }
      throw e;
    }
  }

  byte[] seal(TableMetadata table, byte[] key, Map<String, AttributeValue> item) {
    return sealer.seal(KeyOwner.of(table), ItemCodec.encode(item), associatedData(table, key));
  }

  /**
   * {@code presealed} if it is there and sealed with the current key of the table's key owner (a
   * rotation, or an UpdateTable that gave the table its own key, may have committed since it was
   * sealed: see {@link PresealedPut}); else {@code item} sealed now.
   */
  byte[] sealOr(
      byte @Nullable [] presealed,
      TableMetadata table,
      byte[] key,
      Map<String, AttributeValue> item) {
    return presealed != null && sealer.isSealedWithCurrentKey(KeyOwner.of(table), presealed)
        ? presealed
        : seal(table, key, item);
  }

  /** Whether the value stored at {@code key} opens (verification: nothing is reported). */
  boolean opens(TableMetadata table, byte[] key, byte[] sealed) {
    try {
      ItemCodec.decode(sealer.open(table.tenantId(), sealed, associatedData(table, key)));
      return true;
    } catch (UnreadableValueException e) {
      return false;
    }
  }

  /** Whether a stored value is sealed with the current data key of the table's key owner. */
  boolean isSealedWithCurrentKey(TableMetadata table, byte[] sealed) {
    return sealer.isSealedWithCurrentKey(KeyOwner.of(table), sealed);
  }

  /** tenant id | '|' | key. */
  static byte[] associatedData(TableMetadata table, byte[] key) {
    byte[] tenant = table.tenantId().getBytes(StandardCharsets.UTF_8);
    byte[] aad = new byte[tenant.length + 1 + key.length];
    System.arraycopy(tenant, 0, aad, 0, tenant.length);
    aad[tenant.length] = '|';
    System.arraycopy(key, 0, aad, tenant.length + 1, key.length);
    return aad;
  }
}

package io.strata.service.item;

import io.strata.service.model.AttributeValue;
import io.strata.service.storage.ItemCodec;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.ValueSealer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sealing and opening of everything stored under a table that holds attribute values: items under
 * their item keys and index entries under their entry keys. The associated data binds a ciphertext
 * to its tenant and to the exact key it is stored under (which starts with the table's or index's
 * storage id), so a value copied to another place fails to open instead of being served.
 * Thread-safe.
 */
final class SealedItems {
  private final ValueSealer sealer;

  SealedItems(ValueSealer sealer) {
    this.sealer = sealer;
  }

  Map<String, AttributeValue> open(TableMetadata table, byte[] key, byte[] sealed) {
    return ItemCodec.decode(sealer.open(table.tenantId(), sealed, associatedData(table, key)));
  }

  byte[] seal(TableMetadata table, byte[] key, Map<String, AttributeValue> item) {
    return sealer.seal(table.tenantId(), ItemCodec.encode(item), associatedData(table, key));
  }

  /** Whether a stored value is sealed with its tenant's current data key. */
  boolean isSealedWithCurrentKey(TableMetadata table, byte[] sealed) {
    return sealer.isSealedWithCurrentKey(table.tenantId(), sealed);
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

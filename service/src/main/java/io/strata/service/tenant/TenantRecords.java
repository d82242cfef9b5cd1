package io.strata.service.tenant;

import io.strata.crypto.DataKey;
import io.strata.crypto.ItemCipher;
import io.strata.crypto.KeyRing;
import io.strata.service.json.Json;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.WriteView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where tenants and their keys are stored in the catalog, and how:
 *
 * <pre>
 *   tenant/&lt;tenant id&gt;                    → {@link TenantRecord} (JSON)
 *   datakey/&lt;tenant id&gt;/&lt;key id, 20 digits&gt; → {@link DataKeyRecord}: the key wrapped by the master key
 *                                       (the tenant's keys, and its tables' own keys: {@link TableDataKeys})
 *   accesskey/&lt;access key id&gt;             → {@link AccessKeyRecord}: the secret sealed with the data key
 * </pre>
 */
final class TenantRecords {
  static final byte[] TENANTS = CatalogKeys.prefix("tenant");
  static final byte[] DATA_KEYS = CatalogKeys.prefix("datakey");
  static final byte[] ACCESS_KEYS = CatalogKeys.prefix("accesskey");

  private TenantRecords() {}

  static byte[] tenantKey(String tenantId) {
    return CatalogKeys.key("tenant", tenantId);
  }

  static byte[] dataKeyKey(String tenantId, long keyId) {
    return CatalogKeys.key("datakey", tenantId, String.format("%020d", keyId));
  }

  static byte[] dataKeysOf(String tenantId) {
    return CatalogKeys.prefix("datakey", tenantId);
  }

  static byte[] accessKeyKey(String accessKeyId) {
    return CatalogKeys.key("accesskey", accessKeyId);
  }

  /** The last component of a record key: the tenant id, access key id or data key id. */
  static String lastComponent(byte[] key) {
    String text = new String(key, StandardCharsets.UTF_8);
    return text.substring(text.lastIndexOf('/') + 1);
  }

  /** The tenant id of a {@code datakey/} record key. */
  static String tenantOfDataKey(byte[] key) {
    return new String(key, StandardCharsets.UTF_8).split("/", 3)[1];
  }

  static void put(WriteView view, byte[] key, Object record) {
    view.put(Db.CATALOG, key, Json.toRecordBytes(record));
  }

  /** Stores a data key (the tenant's or one of its tables'), wrapped by the current master key. */
  static void putDataKey(
      WriteView view, KeyRing keyRing, String tenantId, DataKey dataKey, Instant createdAt) {
    put(
        view,
        dataKeyKey(tenantId, dataKey.id()),
        new DataKeyRecord(
            tenantId,
            dataKey.id(),
            Base64.getEncoder().encodeToString(keyRing.wrap(dataKey)),
            createdAt));
  }

  static <T> T decode(byte[] record, Class<T> type) {
    return Json.fromRecordBytes(record, type);
  }

  static byte[] sealSecret(ItemCipher cipher, String accessKeyId, String secret) {
    return cipher.seal(secret.getBytes(StandardCharsets.UTF_8), secretAssociatedData(accessKeyId));
  }

  static String openSecret(ItemCipher cipher, AccessKeyRecord record) {
    byte[] secret =
        cipher.open(
            Base64.getDecoder().decode(record.sealedSecret()),
            secretAssociatedData(record.accessKeyId()));
    return new String(secret, StandardCharsets.UTF_8);
  }

  private static byte[] secretAssociatedData(String accessKeyId) {
    return ("accesskey|" + accessKeyId).getBytes(StandardCharsets.UTF_8);
  }
}

package io.strata.service.table;

import io.strata.service.json.Json;
import io.strata.service.storage.CatalogKeys;
import java.nio.charset.StandardCharsets;

/** Where and how table definitions are stored: {@code table/<tenant>/<name>} → JSON record. */
final class TableRecords {
  static final byte[] PREFIX = CatalogKeys.prefix("table");

  private TableRecords() {}

  static byte[] key(TableRef ref) {
    return CatalogKeys.key("table", ref.tenantId(), ref.name());
  }

  static byte[] prefixOf(String tenantId) {
    return CatalogKeys.prefix("table", tenantId);
  }

  /** The table a record key names. */
  static TableRef refOf(byte[] key) {
    String[] parts = new String(key, StandardCharsets.UTF_8).split("/", 3);
    return new TableRef(parts[1], parts[2]);
  }

  static byte[] encode(TableMetadata table) {
    return Json.toRecordBytes(table);
  }

  static TableMetadata decode(byte[] record) {
    return Json.fromRecordBytes(record, TableMetadata.class);
  }
}

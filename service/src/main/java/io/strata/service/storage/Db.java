package io.strata.service.storage;

/**
 * The named LMDB databases of the node's one environment. Both the names (in the data file) and the
 * codes (in encoded write sets, {@link WriteSetCodec}) are persisted: never rename or renumber,
 * only add.
 */
public enum Db {
  /** Tenants, access keys, tables, sequences: small records keyed by readable strings. */
  CATALOG("catalog", 1),
  /** Sealed items, keyed by {@link KeyCodec#itemKey}. */
  ITEMS("items", 2),
  /** Secondary-index entries. */
  INDEXES("indexes", 3),
  /** Stream records. */
  STREAMS("streams", 4),
  /** Expiry index for TTL. */
  EXPIRY("expiry", 5),
  /** Usage ledger rows. */
  LEDGER("ledger", 6),
  /** Table backups. */
  BACKUPS("backups", 7),
  /**
   * The item changes retained for point-in-time recovery, keyed by each table's recovery id ({@link
   * RetainedChanges}): written by every node in the transaction that applies a write set, never
   * part of one.
   */
  RECOVERY("recovery", 8);

  private final String lmdbName;
  private final byte code;

  Db(String lmdbName, int code) {
    this.lmdbName = lmdbName;
    this.code = (byte) code;
  }

  String lmdbName() {
    return lmdbName;
  }

  /** The database's number in encoded write sets. */
  byte code() {
    return code;
  }

  static Db ofCode(byte code) {
    for (Db db : values()) {
      if (db.code == code) {
        return db;
      }
    }
    throw new IllegalArgumentException("no database has code " + code);
  }
}

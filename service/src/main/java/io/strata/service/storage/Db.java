package io.strata.service.storage;

/**
 * The named LMDB databases of the node's one environment. The names are persisted: never rename.
 */
public enum Db {
  /** Tenants, access keys, tables, sequences: small records keyed by readable strings. */
  CATALOG("catalog"),
  /** Sealed items, keyed by {@link KeyCodec#itemKey}. */
  ITEMS("items"),
  /** Secondary-index entries. */
  INDEXES("indexes"),
  /** Stream records. */
  STREAMS("streams"),
  /** Expiry index for TTL. */
  EXPIRY("expiry"),
  /** Usage ledger rows. */
  LEDGER("ledger"),
  /** Table backups. */
  BACKUPS("backups");

  private final String lmdbName;

  Db(String lmdbName) {
    this.lmdbName = lmdbName;
  }

  String lmdbName() {
    return lmdbName;
  }
}

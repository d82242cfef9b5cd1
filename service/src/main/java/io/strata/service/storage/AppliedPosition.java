package io.strata.service.storage;

import java.util.Arrays;

/**
 * The position of the last write set applied to this store, kept in the catalog under {@code
 * log/applied} and always written in the transaction that applies the write set, so the two can
 * never disagree, whatever a crash interrupts. It is not itself part of any write set: every
 * replica writes it for the position it applies.
 */
public final class AppliedPosition {
  private static final byte[] KEY = CatalogKeys.key("log", "applied");

  private AppliedPosition() {}

  public static LogPosition read(ReadView view) {
    byte[] stored = view.get(Db.CATALOG, KEY);
    return stored == null ? LogPosition.START : LogPosition.decode(stored);
  }

  /** Whether {@code key} of the catalog is the applied position's own. */
  static boolean isKey(byte[] key) {
    return Arrays.equals(key, KEY);
  }

  static void write(WriteView view, LogPosition position) {
    view.put(Db.CATALOG, KEY, position.encode());
  }
}

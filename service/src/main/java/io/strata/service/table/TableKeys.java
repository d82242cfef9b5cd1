package io.strata.service.table;

import io.strata.service.storage.WriteView;

/**
 * Gives a table definition the data key its encryption setting calls for, inside the transaction
 * that writes the definition, so the key is committed state like the definition itself and a
 * replica ends with the same key. Implemented by {@code tenant/TableDataKeys}, which owns the key
 * records; the table package only decides when a definition is about to be written.
 */
@FunctionalInterface
public interface TableKeys {
  /** Definitions that never name a key of their own (tests of table mechanics). */
  TableKeys NONE = (view, table) -> table;

  /** {@code table}, with its own key created (or an inherited one dropped) as its settings say. */
  TableMetadata provision(WriteView view, TableMetadata table);
}

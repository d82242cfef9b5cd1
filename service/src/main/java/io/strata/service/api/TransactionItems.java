package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.model.PrimaryKey;
import io.strata.service.table.TableMetadata;
import java.util.Set;

/** Rules both transaction operations apply to the items they name. */
final class TransactionItems {
  /** One item, across tables. */
  record ItemId(long tableId, PrimaryKey key) {}

  private TransactionItems() {}

  /** A transaction may name each item once. */
  static void requireUnique(Set<ItemId> seen, TableMetadata table, PrimaryKey key) {
    if (!seen.add(new ItemId(table.tableId(), key))) {
      throw DynamoException.validation(
          "Transaction request cannot include multiple operations on one item");
    }
  }
}

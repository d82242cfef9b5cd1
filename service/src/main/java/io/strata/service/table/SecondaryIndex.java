package io.strata.service.table;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One local or global secondary index of a table, as the catalog persists it. Immutable.
 *
 * @param indexId the storage id of the index's entries, allocated from the same sequence as table
 *     ids, so an index's key space never meets a table's or another index's
 * @param nonKeyAttributes the attributes an INCLUDE projection adds, in request order; empty
 *     otherwise
 * @param throughput a global index's own provisioned capacity (zeros on on-demand tables); local
 *     indexes share the table's
 * @param backfilling a global index added to an existing table whose entries for the items already
 *     there are still being built: it is maintained on every write but cannot be read
 */
public record SecondaryIndex(
    String name,
    Kind kind,
    long indexId,
    KeySchema keySchema,
    ProjectionType projectionType,
    List<String> nonKeyAttributes,
    ProvisionedThroughput throughput,
    boolean backfilling) {

  /** Persisted by name in the catalog: never rename. */
  public enum Kind {
    LOCAL,
    GLOBAL
  }

  /** Persisted by name in the catalog: never rename. */
  public enum ProjectionType {
    ALL,
    KEYS_ONLY,
    INCLUDE
  }

  public SecondaryIndex {
    nonKeyAttributes = List.copyOf(nonKeyAttributes);
  }

  public boolean isGlobal() {
    return kind == Kind.GLOBAL;
  }

  public SecondaryIndex withIndexId(long newIndexId) {
    return new SecondaryIndex(
        name,
        kind,
        newIndexId,
        keySchema,
        projectionType,
        nonKeyAttributes,
        throughput,
        backfilling);
  }

  /** The index while (true) or after (false) entries for the table's existing items are built. */
  public SecondaryIndex withBackfilling(boolean filling) {
    return new SecondaryIndex(
        name, kind, indexId, keySchema, projectionType, nonKeyAttributes, throughput, filling);
  }

  /**
   * Whether an item belongs in the index: it has every index key attribute, each of the type the
   * index declares (indexes are sparse). Writes refuse items whose index key attributes have other
   * types; items written before the index existed may have them, and stay out of it.
   */
  public boolean covers(Map<String, AttributeValue> item) {
    for (KeySchema.KeyAttribute key : keySchema.attributes()) {
      AttributeValue value = item.get(key.name());
      if (value == null || value.type() != key.type()) {
        return false;
      }
    }
    return true;
  }

  /** Whether the index holds this top-level attribute of its items. */
  public boolean projects(String attributeName, KeySchema tableKeySchema) {
    return projectionType == ProjectionType.ALL
        || keySchema.isKeyAttribute(attributeName)
        || tableKeySchema.isKeyAttribute(attributeName)
        || nonKeyAttributes.contains(attributeName);
  }

  /** The part of an item the index stores: its keys, the table's keys and projected attributes. */
  public Map<String, AttributeValue> project(
      Map<String, AttributeValue> item, KeySchema tableKeySchema) {
    if (projectionType == ProjectionType.ALL) {
      return item;
    }
    Map<String, AttributeValue> projected = new LinkedHashMap<>();
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      if (projects(attribute.getKey(), tableKeySchema)) {
        projected.put(attribute.getKey(), attribute.getValue());
      }
    }
    return projected;
  }
}

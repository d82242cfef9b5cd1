package io.strata.service.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The key attributes of one item, already validated against its table's {@link KeySchema}. */
public record PrimaryKey(AttributeValue partition, @Nullable AttributeValue sort) {

  /** Extracts the key of an item whose key attributes are known to be present. */
  public static PrimaryKey of(KeySchema schema, Map<String, AttributeValue> item) {
    AttributeValue partition = item.get(schema.partitionKey().name());
    if (partition == null) {
      throw new IllegalArgumentException("item lacks its partition key");
    }
    KeySchema.KeyAttribute sortKey = schema.sortKey();
    return new PrimaryKey(partition, sortKey == null ? null : item.get(sortKey.name()));
  }

  /** The key as an attribute map, as DynamoDB returns it (LastEvaluatedKey, Keys). */
  public Map<String, AttributeValue> toMap(KeySchema schema) {
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    map.put(schema.partitionKey().name(), partition);
    KeySchema.KeyAttribute sortKey = schema.sortKey();
    if (sortKey != null && sort != null) {
      map.put(sortKey.name(), sort);
    }
    return map;
  }
}

package io.strata.service.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The key of a table or index: its partition (HASH) attributes and its sort (RANGE) attributes,
 * each with its scalar type. Tables and local indexes have one partition attribute and at most one
 * sort attribute; a global index may have up to four of each (DynamoDB's multi-attribute keys,
 * November 2025: "a partition key from up to four attributes and a sort key from up to four
 * attributes", developer guide, GSI.html#GSI.MultiAttributeKeys). A multi-attribute partition key
 * is hashed as one value; a multi-attribute sort key orders items by its attributes left to right.
 *
 * <p>{@link #partitionKey} and {@link #sortKey} are for schemas known to have single attributes
 * (tables, local indexes); they refuse a multi-attribute schema rather than silently use part of
 * it.
 */
public record KeySchema(List<KeyAttribute> partitionKeys, List<KeyAttribute> sortKeys) {
  /** DynamoDB's limit on each of a multi-attribute key's two parts. */
  public static final int MAX_ATTRIBUTES_PER_PART = 4;

  /** One key attribute; {@code type} is S, N or B. */
  public record KeyAttribute(String name, AttributeValue.Type type) {
    public KeyAttribute {
      if (!type.isScalar()) {
        throw new IllegalArgumentException("key attributes are S, N or B, not " + type);
      }
    }
  }

  public KeySchema {
    partitionKeys = List.copyOf(partitionKeys);
    sortKeys = List.copyOf(sortKeys);
    if (partitionKeys.isEmpty()) {
      throw new IllegalArgumentException("a key schema has a partition key");
    }
  }

  /** A single-attribute partition key and an optional single-attribute sort key. */
  public KeySchema(KeyAttribute partitionKey, @Nullable KeyAttribute sortKey) {
    this(List.of(partitionKey), sortKey == null ? List.of() : List.of(sortKey));
  }

  /** Reads catalog records of both forms: lists, and the single attributes written before them. */
  @JsonCreator
  static KeySchema fromJson(
      @JsonProperty("partitionKeys") @Nullable List<KeyAttribute> partitionKeys,
      @JsonProperty("sortKeys") @Nullable List<KeyAttribute> sortKeys,
      @JsonProperty("partitionKey") @Nullable KeyAttribute partitionKey,
      @JsonProperty("sortKey") @Nullable KeyAttribute sortKey) {
    if (partitionKeys != null) {
      return new KeySchema(partitionKeys, sortKeys == null ? List.of() : sortKeys);
    }
    if (partitionKey == null) {
      throw new IllegalArgumentException("a key schema has a partition key");
    }
    return new KeySchema(partitionKey, sortKey);
  }

  /** The partition attribute of a schema that has exactly one. */
  public KeyAttribute partitionKey() {
    if (partitionKeys.size() != 1) {
      throw new IllegalStateException("multi-attribute partition key: " + partitionKeys);
    }
    return partitionKeys.get(0);
  }

  /** The sort attribute of a schema that has at most one; null when it has none. */
  public @Nullable KeyAttribute sortKey() {
    if (sortKeys.size() > 1) {
      throw new IllegalStateException("multi-attribute sort key: " + sortKeys);
    }
    return sortKeys.isEmpty() ? null : sortKeys.get(0);
  }

  public Optional<KeyAttribute> sortKeyAttribute() {
    return Optional.ofNullable(sortKey());
  }

  public boolean hasSortKey() {
    return !sortKeys.isEmpty();
  }

  /** Whether either part has more than one attribute (only global indexes may). */
  public boolean isMultiAttribute() {
    return partitionKeys.size() > 1 || sortKeys.size() > 1;
  }

  /** Every key attribute: the partition attributes, then the sort attributes, in schema order. */
  public List<KeyAttribute> attributes() {
    List<KeyAttribute> all = new ArrayList<>(partitionKeys);
    all.addAll(sortKeys);
    return all;
  }

  public boolean isKeyAttribute(String attributeName) {
    for (KeyAttribute attribute : attributes()) {
      if (attribute.name().equals(attributeName)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the item has every key attribute (a sparse index holds only such items). */
  public boolean isComplete(Map<String, AttributeValue> item) {
    for (KeyAttribute attribute : attributes()) {
      if (!item.containsKey(attribute.name())) {
        return false;
      }
    }
    return true;
  }

  /** The values of the item's partition attributes, in schema order; the item has them all. */
  public List<AttributeValue> partitionValues(Map<String, AttributeValue> item) {
    return values(partitionKeys, item);
  }

  /** The values of the item's sort attributes, in schema order; the item has them all. */
  public List<AttributeValue> sortValues(Map<String, AttributeValue> item) {
    return values(sortKeys, item);
  }

  /** The item's key attributes as a map in schema order, as a LastEvaluatedKey shows them. */
  public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    for (KeyAttribute attribute : attributes()) {
      AttributeValue value = item.get(attribute.name());
      if (value != null) {
        key.put(attribute.name(), value);
      }
    }
    return key;
  }

  private static List<AttributeValue> values(
      List<KeyAttribute> attributes, Map<String, AttributeValue> item) {
    List<AttributeValue> values = new ArrayList<>(attributes.size());
    for (KeyAttribute attribute : attributes) {
      AttributeValue value = item.get(attribute.name());
      if (value == null) {
        throw new IllegalArgumentException("item lacks key attribute " + attribute.name());
      }
      values.add(value);
    }
    return values;
  }
}

package io.strata.service.item;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * DynamoDB's rules for items and keys in requests: key attributes present and of the declared type,
 * key values non-empty and within size limits, items within 400 KB and 32 levels of nesting. The
 * messages are DynamoDB's.
 */
public final class Items {
  public static final long MAX_ITEM_BYTES = 400 * 1024;
  static final int MAX_PARTITION_KEY_BYTES = 2048;
  static final int MAX_SORT_KEY_BYTES = 1024;
  static final int MAX_NAME_BYTES = 65_535;

  /** A top-level value is depth 1; DynamoDB rejects values nested deeper than 32. */
  static final int MAX_DEPTH = 32;

  private Items() {}

  /** Checks an item to be written in full (PutItem, a Put in a batch or transaction). */
  public static PrimaryKey checkItem(KeySchema schema, Map<String, AttributeValue> item) {
    checkNames(item);
    checkKeyAttributeInItem(schema.partitionKey(), item);
    KeySchema.KeyAttribute sortKey = schema.sortKey();
    if (sortKey != null) {
      checkKeyAttributeInItem(sortKey, item);
    }
    PrimaryKey key = PrimaryKey.of(schema, item);
    checkKeyValues(schema, key);
    checkDepth(item);
    checkSize(item, "Item size has exceeded the maximum allowed size");
    return key;
  }

  /** Checks a {@code Key} member: exactly the key attributes, with the declared types. */
  public static PrimaryKey checkKey(KeySchema schema, Map<String, AttributeValue> key) {
    int expected = schema.hasSortKey() ? 2 : 1;
    if (key.size() != expected
        || !matchesType(schema.partitionKey(), key)
        || (schema.sortKey() != null && !matchesType(schema.sortKey(), key))) {
      throw DynamoException.validation("The provided key element does not match the schema");
    }
    PrimaryKey primaryKey = PrimaryKey.of(schema, key);
    checkKeyValues(schema, primaryKey);
    return primaryKey;
  }

  /**
   * Checks the attributes an item to be stored uses as secondary-index keys: each present one must
   * have the type its index declares and, if a string or binary, must not be empty nor larger than
   * an index key may be (2048 bytes for a partition attribute, 1024 for a sort attribute, as for
   * table keys). Absent ones are fine (the item is then not in that index). Messages as DynamoDB's
   * (the type mismatch as dynalite's tests record it against AWS; the empty value and the sizes as
   * DynamoDB Local words them).
   */
  public static void checkIndexKeys(TableMetadata table, Map<String, AttributeValue> item) {
    for (SecondaryIndex index : table.indexes()) {
      DynamoException violation = indexKeyViolation(index, item);
      if (violation != null) {
        throw violation;
      }
    }
  }

  /**
   * Whether a write would refuse this item for its index key values (see {@link #checkIndexKeys}):
   * an online backfill leaves such items out of the new index, exactly as writes after the index
   * exists refuse them.
   */
  public static boolean hasRefusedIndexKey(SecondaryIndex index, Map<String, AttributeValue> item) {
    return indexKeyViolation(index, item) != null;
  }

  private static @Nullable DynamoException indexKeyViolation(
      SecondaryIndex index, Map<String, AttributeValue> item) {
    KeySchema keys = index.keySchema();
    for (KeySchema.KeyAttribute attribute : keys.attributes()) {
      DynamoException violation =
          indexKeyViolation(index, attribute, keys.partitionKeys().contains(attribute), item);
      if (violation != null) {
        return violation;
      }
    }
    return null;
  }

  private static @Nullable DynamoException indexKeyViolation(
      SecondaryIndex index,
      KeySchema.KeyAttribute attribute,
      boolean isPartitionAttribute,
      Map<String, AttributeValue> item) {
    AttributeValue value = item.get(attribute.name());
    if (value == null) {
      return null;
    }
    if (value.type() != attribute.type()) {
      return DynamoException.validation(
          "One or more parameter values were invalid: Type mismatch for Index Key "
              + attribute.name()
              + " Expected: "
              + attribute.type()
              + " Actual: "
              + value.type()
              + " IndexName: "
              + index.name());
    }
    long bytes = ItemSize.valueBytes(value);
    if (value.type() != AttributeValue.Type.N && bytes == 0) {
      return DynamoException.validation(
          "One or more parameter values are not valid. A value specified for a secondary index key"
              + " is not supported. The AttributeValue for a key attribute cannot contain an empty "
              + (value.type() == AttributeValue.Type.S ? "string" : "binary")
              + " value. IndexName: "
              + index.name()
              + ", IndexKey: "
              + attribute.name());
    }
    long limit = isPartitionAttribute ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
    if (bytes > limit) {
      return DynamoException.validation(
          ValidationMessages.INDEX_KEY_TOO_LARGE.formatted(
              isPartitionAttribute ? "hash" : "range", limit, index.name(), attribute.name()));
    }
    return null;
  }

  /** Checks the result of an update before it is stored. */
  public static void checkUpdatedItem(Map<String, AttributeValue> item) {
    checkNames(item);
    checkDepth(item);
    checkSize(item, "Item size to update has exceeded the maximum allowed size");
  }

  private static void checkKeyAttributeInItem(
      KeySchema.KeyAttribute attribute, Map<String, AttributeValue> item) {
    AttributeValue value = item.get(attribute.name());
    if (value == null) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Missing the key "
              + attribute.name()
              + " in the item");
    }
    if (value.type() != attribute.type()) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Type mismatch for key "
              + attribute.name()
              + " expected: "
              + attribute.type()
              + " actual: "
              + value.type());
    }
  }

  private static boolean matchesType(
      KeySchema.KeyAttribute attribute, Map<String, AttributeValue> key) {
    AttributeValue value = key.get(attribute.name());
    return value != null && value.type() == attribute.type();
  }

  private static void checkKeyValues(KeySchema schema, PrimaryKey key) {
    long partitionBytes = checkNotEmpty(schema.partitionKey().name(), key.partition());
    if (partitionBytes > MAX_PARTITION_KEY_BYTES) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size"
              + " limit of2048 bytes");
    }
    KeySchema.KeyAttribute sortKey = schema.sortKey();
    AttributeValue sort = key.sort();
    if (sortKey != null && sort != null) {
      long sortBytes = checkNotEmpty(sortKey.name(), sort);
      if (sortBytes > MAX_SORT_KEY_BYTES) {
        throw DynamoException.validation(
            "One or more parameter values were invalid: Aggregated size of all range keys has"
                + " exceeded the size limit of 1024 bytes");
      }
    }
  }

  /** Returns the value's size; empty strings and binaries are not allowed in keys. */
  private static long checkNotEmpty(String name, AttributeValue value) {
    long bytes = ItemSize.valueBytes(value);
    if (bytes == 0 && value.type() != AttributeValue.Type.N) {
      throw DynamoException.validation(
          "One or more parameter values are not valid. The AttributeValue for a key attribute"
              + " cannot contain an empty "
              + (value.type() == AttributeValue.Type.S ? "string" : "binary")
              + " value. Key: "
              + name);
    }
    return bytes;
  }

  /**
   * Attribute names, top-level and in nested maps: not empty, at most 65,535 UTF-8 bytes (key
   * attributes' 255-byte limit is checked where key schemas are). DynamoDB Local's texts.
   */
  private static void checkNames(Map<String, AttributeValue> attributes) {
    for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
      String name = attribute.getKey();
      if (name.isEmpty()) {
        throw DynamoException.validation(ValidationMessages.EMPTY_ATTRIBUTE_NAME);
      }
      if (name.length() > MAX_NAME_BYTES / 3
          && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        throw DynamoException.validation(ValidationMessages.ATTRIBUTE_NAME_TOO_LARGE);
      }
      if (attribute.getValue() instanceof AttributeValue.M map) {
        checkNames(map.value());
      }
    }
  }

  private static void checkSize(Map<String, AttributeValue> item, String message) {
    if (ItemSize.of(item) > MAX_ITEM_BYTES) {
      throw DynamoException.validation(message);
    }
  }

  private static void checkDepth(Map<String, AttributeValue> item) {
    for (AttributeValue value : item.values()) {
      if (depth(value, 1) > MAX_DEPTH) {
        throw DynamoException.validation(
            "Nesting Levels have exceeded supported limits: Attributes in the item have nested"
                + " levels beyond supported limit");
      }
    }
  }

  private static int depth(AttributeValue value, int level) {
    if (level > MAX_DEPTH) {
      return level;
    }
    int deepest = level;
    if (value instanceof AttributeValue.M map) {
      for (AttributeValue child : map.value().values()) {
        deepest = Math.max(deepest, depth(child, level + 1));
      }
    } else if (value instanceof AttributeValue.L list) {
      for (AttributeValue child : list.value()) {
        deepest = Math.max(deepest, depth(child, level + 1));
      }
    }
    return deepest;
  }
}

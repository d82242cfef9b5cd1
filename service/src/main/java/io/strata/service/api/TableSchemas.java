package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reading and checking the schema parts of table requests: attribute definitions and key schemas,
 * with DynamoDB's member constraints and its custom messages (the latter as recorded by dynalite's
 * tests against DynamoDB).
 */
final class TableSchemas {
  private static final List<String> ATTRIBUTE_TYPES = List.of("B", "N", "S");
  private static final List<String> KEY_TYPES = List.of("HASH", "RANGE");

  /** Four HASH and four RANGE elements (developer guide, GSI.html#GSI.MultiAttributeKeys). */
  static final int MAX_GLOBAL_INDEX_KEY_ELEMENTS = 2 * KeySchema.MAX_ATTRIBUTES_PER_PART;

  /** One KeySchemaElement as sent. */
  record KeyElement(@Nullable String attributeName, @Nullable String keyType) {}

  /** One AttributeDefinition as sent. */
  record Definition(@Nullable String attributeName, @Nullable String attributeType) {}

  private TableSchemas() {}

  static @Nullable List<Definition> readDefinitions(JsonRequest body) {
    List<JsonRequest> members = body.structureList("AttributeDefinitions");
    if (members == null) {
      return null;
    }
    List<Definition> definitions = new ArrayList<>();
    for (JsonRequest member : members) {
      definitions.add(
          new Definition(member.string("AttributeName"), member.string("AttributeType")));
    }
    return definitions;
  }

  static @Nullable List<KeyElement> readKeySchema(@Nullable List<JsonRequest> members) {
    if (members == null) {
      return null;
    }
    List<KeyElement> elements = new ArrayList<>();
    for (JsonRequest member : members) {
      elements.add(new KeyElement(member.string("AttributeName"), member.string("KeyType")));
    }
    return elements;
  }

  static void checkDefinitions(
      Constraints constraints, String path, @Nullable List<Definition> definitions) {
    constraints.notNull(path, definitions);
    if (definitions == null) {
      return;
    }
    for (int i = 0; i < definitions.size(); i++) {
      String member = path + "." + (i + 1) + ".member.";
      Definition definition = definitions.get(i);
      constraints
          .notNull(member + "attributeName", definition.attributeName())
          .maxLength(member + "attributeName", definition.attributeName(), 255)
          .notNull(member + "attributeType", definition.attributeType())
          .oneOf(member + "attributeType", definition.attributeType(), ATTRIBUTE_TYPES);
    }
  }

  /** A table's or local index's key schema: one HASH element and at most one RANGE element. */
  static void checkKeySchema(
      Constraints constraints, String path, @Nullable List<KeyElement> keySchema) {
    checkKeySchema(constraints, path, keySchema, 2);
  }

  /**
   * @param maxElements 2 for tables and local indexes; {@value #MAX_GLOBAL_INDEX_KEY_ELEMENTS} for
   *     global indexes, whose multi-attribute keys have up to four HASH and four RANGE elements
   */
  static void checkKeySchema(
      Constraints constraints, String path, @Nullable List<KeyElement> keySchema, int maxElements) {
    constraints.notNull(path, keySchema);
    if (keySchema == null) {
      return;
    }
    constraints
        .minSize(path, keySchema, 1, describe(keySchema))
        .maxSize(path, keySchema, maxElements, describe(keySchema));
    for (int i = 0; i < keySchema.size(); i++) {
      String member = path + "." + (i + 1) + ".member.";
      KeyElement element = keySchema.get(i);
      constraints
          .notNull(member + "attributeName", element.attributeName())
          .maxLength(member + "attributeName", element.attributeName(), 255)
          .notNull(member + "keyType", element.keyType())
          .oneOf(member + "keyType", element.keyType(), KEY_TYPES);
    }
  }

  /**
   * Turns a constraint-checked key schema into a typed one, with DynamoDB's custom checks in its
   * order: every key attribute defined, distinct names, HASH first, RANGE second.
   */
  static KeySchema resolve(
      List<KeyElement> keySchema, Map<String, AttributeValue.Type> definitions) {
    List<String> keys = keySchema.stream().map(KeyElement::attributeName).toList();
    if (keys.stream().anyMatch(key -> !definitions.containsKey(key))) {
      if (keys.size() == 2) {
        throw DynamoException.validation(
            "Invalid KeySchema: Some index key attribute have no definition");
      }
      throw DynamoException.validation(
          "One or more parameter values were invalid: Some index key attributes are not defined in"
              + " AttributeDefinitions. Keys: ["
              + String.join(", ", keys)
              + "], AttributeDefinitions: ["
              + String.join(", ", definitions.keySet())
              + "]");
    }
    if (keys.size() == 2 && keys.get(0).equals(keys.get(1))) {
      throw DynamoException.validation(
          "Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    if (!"HASH".equals(keySchema.get(0).keyType())) {
      throw DynamoException.validation(
          "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (keySchema.size() == 2 && !"RANGE".equals(keySchema.get(1).keyType())) {
      throw DynamoException.validation(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    KeySchema.KeyAttribute partition =
        new KeySchema.KeyAttribute(keys.get(0), definitions.get(keys.get(0)));
    KeySchema.KeyAttribute sort =
        keys.size() == 2
            ? new KeySchema.KeyAttribute(keys.get(1), definitions.get(keys.get(1)))
            : null;
    return new KeySchema(partition, sort);
  }

  /** Whether a key schema has more than one HASH or more than one RANGE element. */
  static boolean isMultiAttribute(List<KeyElement> keySchema) {
    long hash = keySchema.stream().filter(element -> "HASH".equals(element.keyType())).count();
    return hash > 1 || keySchema.size() - hash > 1;
  }

  /**
   * A global index's multi-attribute key schema, checked with DynamoDB's rules for them: every
   * attribute defined and used once, the HASH elements first, at most four of each type.
   */
  static KeySchema resolveMultiAttribute(
      String indexName, List<KeyElement> keySchema, Map<String, AttributeValue.Type> definitions) {
    List<String> keys = keySchema.stream().map(KeyElement::attributeName).toList();
    if (keys.stream().anyMatch(key -> !definitions.containsKey(key))) {
      throw DynamoException.validation(
          "Invalid KeySchema: Some index key attribute have no definition");
    }
    Set<String> seen = new HashSet<>();
    for (String key : keys) {
      if (!seen.add(key)) {
        throw DynamoException.validation(
            ValidationMessages.DUPLICATE_KEY_ATTRIBUTE.formatted(key, indexName));
      }
    }
    if (!"HASH".equals(keySchema.get(0).keyType())) {
      throw DynamoException.validation(
          "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    List<KeySchema.KeyAttribute> partition = new ArrayList<>();
    List<KeySchema.KeyAttribute> sort = new ArrayList<>();
    for (KeyElement element : keySchema) {
      KeySchema.KeyAttribute attribute =
          new KeySchema.KeyAttribute(
              element.attributeName(), definitions.get(element.attributeName()));
      if ("HASH".equals(element.keyType())) {
        if (!sort.isEmpty()) {
          throw DynamoException.validation(
              ValidationMessages.HASH_AFTER_RANGE.formatted(indexName));
        }
        partition.add(attribute);
      } else {
        sort.add(attribute);
      }
    }
    checkPartSize(indexName, "partition", "HASH", partition);
    checkPartSize(indexName, "sort", "RANGE", sort);
    return new KeySchema(partition, sort);
  }

  private static void checkPartSize(
      String indexName, String part, String keyType, List<KeySchema.KeyAttribute> attributes) {
    if (attributes.size() > KeySchema.MAX_ATTRIBUTES_PER_PART) {
      throw DynamoException.validation(
          ValidationMessages.TOO_MANY_KEY_ATTRIBUTES.formatted(
              "The " + part + " key in the", indexName, attributes.size(), keyType));
    }
  }

  /** Definitions as a name-to-type map, rejecting a name defined twice. */
  static Map<String, AttributeValue.Type> definitionMap(List<Definition> definitions) {
    Map<String, AttributeValue.Type> map = new LinkedHashMap<>();
    for (Definition definition : definitions) {
      String name = definition.attributeName();
      if (map.put(name, AttributeValue.Type.valueOf(definition.attributeType())) != null) {
        throw DynamoException.validation(
            "One or more parameter values were invalid: Duplicate AttributeName in"
                + " AttributeDefinitions: "
                + name);
      }
    }
    return map;
  }

  private static String describe(List<KeyElement> keySchema) {
    List<String> shown = new ArrayList<>();
    for (KeyElement element : keySchema) {
      shown.add(
          "KeySchemaElement(AttributeName="
              + element.attributeName()
              + ", KeyType="
              + element.keyType()
              + ")");
    }
    return shown.toString();
  }
}

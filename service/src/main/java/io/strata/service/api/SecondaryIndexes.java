package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.table.BillingMode;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * CreateTable's {@code LocalSecondaryIndexes} and {@code GlobalSecondaryIndexes}: read, checked
 * with DynamoDB's member constraints, then with its custom checks in its order (as dynalite's tests
 * record them against AWS: locals first, then globals, each index's keys, then its projection, then
 * its throughput, then its name's uniqueness across both kinds; the per-kind count limits after
 * each list).
 */
final class SecondaryIndexes {
  static final int MAX_LOCAL_INDEXES = 5;
  static final int MAX_GLOBAL_INDEXES = 20;
  static final int MAX_PROJECTED_ATTRIBUTES = 100;
  private static final int MAX_PROJECTED_NAME_BYTES = 255;
  private static final List<String> PROJECTION_TYPES = List.of("ALL", "INCLUDE", "KEYS_ONLY");
  private static final String INVALID = "One or more parameter values were invalid: ";

  /** One index as sent; members may be missing. */
  record Requested(
      SecondaryIndex.Kind kind,
      @Nullable String indexName,
      @Nullable List<TableSchemas.KeyElement> keySchema,
      @Nullable String projectionType,
      @Nullable List<String> nonKeyAttributes,
      boolean hasProjection,
      Throughputs.@Nullable Requested throughput) {}

  private SecondaryIndexes() {}

  /** Both lists, locals first; null when neither member is present. */
  static @Nullable List<Requested> read(JsonRequest body) {
    List<JsonRequest> locals = body.structureList("LocalSecondaryIndexes");
    List<JsonRequest> globals = body.structureList("GlobalSecondaryIndexes");
    if (locals == null && globals == null) {
      return null;
    }
    List<Requested> indexes = new ArrayList<>();
    readInto(indexes, SecondaryIndex.Kind.LOCAL, locals);
    readInto(indexes, SecondaryIndex.Kind.GLOBAL, globals);
    return indexes;
  }

  private static void readInto(
      List<Requested> indexes, SecondaryIndex.Kind kind, @Nullable List<JsonRequest> members) {
    if (members == null) {
      return;
    }
    for (JsonRequest member : members) {
      indexes.add(readOne(kind, member));
    }
  }

  /** One index structure: an element of CreateTable's lists, or UpdateTable's Create. */
  static Requested readOne(SecondaryIndex.Kind kind, JsonRequest member) {
    JsonRequest projection = member.structure("Projection");
    return new Requested(
        kind,
        member.string("IndexName"),
        TableSchemas.readKeySchema(member.structureList("KeySchema")),
        projection == null ? null : projection.string("ProjectionType"),
        projection == null ? null : projection.stringList("NonKeyAttributes"),
        projection != null,
        Throughputs.read(member.structure("ProvisionedThroughput")));
  }

  static void check(Constraints constraints, @Nullable List<Requested> indexes) {
    if (indexes == null) {
      return;
    }
    int[] positions = new int[SecondaryIndex.Kind.values().length];
    for (Requested index : indexes) {
      int position = ++positions[index.kind().ordinal()];
      checkMember(
          constraints,
          index,
          (index.kind() == SecondaryIndex.Kind.LOCAL
                  ? "localSecondaryIndexes."
                  : "globalSecondaryIndexes.")
              + position
              + ".member.");
    }
  }

  /**
   * The member constraints of one index, reported under {@code member}, the path of the index as
   * the user sent it (e.g. {@code globalSecondaryIndexUpdates.1.member.create.}).
   */
  static void checkMember(Constraints constraints, Requested index, String member) {
    constraints.tableName(member + "indexName", index.indexName(), 255);
    TableSchemas.checkKeySchema(
        constraints,
        member + "keySchema",
        index.keySchema(),
        index.kind() == SecondaryIndex.Kind.GLOBAL
            ? TableSchemas.MAX_GLOBAL_INDEX_KEY_ELEMENTS
            : 2);
    constraints
        .notNull(member + "projection", index.hasProjection() ? "" : null)
        .oneOf(member + "projection.projectionType", index.projectionType(), PROJECTION_TYPES);
    Throughputs.check(constraints, member + "provisionedThroughput", index.throughput());
  }

  /**
   * The custom checks, and the indexes as stored (ids are allocated by the catalog).
   *
   * @param hasLocals whether LocalSecondaryIndexes was sent (an empty list is refused)
   * @param hasGlobals likewise for GlobalSecondaryIndexes
   */
  static List<SecondaryIndex> resolve(
      List<Requested> requested,
      boolean hasLocals,
      boolean hasGlobals,
      KeySchema tableKeys,
      Map<String, AttributeValue.Type> definitions,
      BillingMode billingMode) {
    List<SecondaryIndex> indexes =
        resolveLists(
            requested, hasLocals, hasGlobals, tableKeys, definitions, billingMode, new HashSet<>());
    checkAllDefinitionsUsed(tableKeys, indexes, definitions);
    return indexes;
  }

  /**
   * The indexes of a table restored with {@code LocalSecondaryIndexOverride} or {@code
   * GlobalSecondaryIndexOverride}: each list sent replaces the source's indexes of its kind (an
   * empty one drops them all, the API reference's way to restore without them), and is checked as
   * CreateTable checks its lists, against the source's key schema and attribute definitions (a
   * restore request carries none of its own). The source's indexes of a kind not overridden stay.
   */
  static List<SecondaryIndex> resolveOverrides(
      List<SecondaryIndex> sourceIndexes,
      @Nullable List<Requested> locals,
      @Nullable List<Requested> globals,
      KeySchema tableKeys,
      Map<String, AttributeValue.Type> definitions,
      BillingMode billingMode) {
    Set<String> names = new HashSet<>();
    List<SecondaryIndex> indexes = new ArrayList<>();
    for (SecondaryIndex kept : sourceIndexes) {
      if ((kept.isGlobal() ? globals : locals) == null) {
        indexes.add(kept.withBackfilling(false));
        names.add(kept.name());
      }
    }
    List<Requested> sent = new ArrayList<>();
    if (locals != null) {
      sent.addAll(locals);
    }
    if (globals != null) {
      sent.addAll(globals);
    }
    indexes.addAll(
        resolveLists(
            sent,
            locals != null && !locals.isEmpty(),
            globals != null && !globals.isEmpty(),
            tableKeys,
            definitions,
            billingMode,
            names));
    return indexes;
  }

  /** The attribute definitions the table's keys and its indexes' keys use, in their order. */
  static Map<String, AttributeValue.Type> usedDefinitions(
      KeySchema tableKeys, List<SecondaryIndex> indexes, Map<String, AttributeValue.Type> defined) {
    Map<String, AttributeValue.Type> used = new LinkedHashMap<>(defined);
    used.keySet().retainAll(usedKeys(tableKeys, indexes));
    return used;
  }

  private static List<SecondaryIndex> resolveLists(
      List<Requested> requested,
      boolean hasLocals,
      boolean hasGlobals,
      KeySchema tableKeys,
      Map<String, AttributeValue.Type> definitions,
      BillingMode billingMode,
      Set<String> names) {
    List<SecondaryIndex> indexes = new ArrayList<>();
    if (hasLocals) {
      List<Requested> locals = ofKind(requested, SecondaryIndex.Kind.LOCAL);
      if (locals.isEmpty()) {
        throw DynamoException.validation(INVALID + "List of LocalSecondaryIndexes is empty");
      }
      if (!tableKeys.hasSortKey()) {
        throw DynamoException.validation(
            INVALID
                + "Table KeySchema does not have a range key, which is required when specifying a"
                + " LocalSecondaryIndex");
      }
      for (Requested local : locals) {
        indexes.add(resolveOne(local, tableKeys, definitions, billingMode, names));
      }
      if (locals.size() > MAX_LOCAL_INDEXES) {
        throw DynamoException.validation(
            INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of 5");
      }
    }
    if (hasGlobals) {
      List<Requested> globals = ofKind(requested, SecondaryIndex.Kind.GLOBAL);
      if (globals.isEmpty()) {
        throw DynamoException.validation(INVALID + "List of GlobalSecondaryIndexes is empty");
      }
      for (Requested global : globals) {
        indexes.add(resolveOne(global, tableKeys, definitions, billingMode, names));
      }
      if (globals.size() > MAX_GLOBAL_INDEXES) {
        throw DynamoException.validation(
            INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of 20");
      }
    }
    int projected = 0;
    for (SecondaryIndex index : indexes) {
      projected += index.nonKeyAttributes().size();
    }
    if (projected > MAX_PROJECTED_ATTRIBUTES) {
      throw DynamoException.validation(
          INVALID + "Number of projected attributes in all indexes exceeds limit of 100");
    }
    return indexes;
  }

  /**
   * A global index that UpdateTable adds to an existing table, checked against the table's own
   * indexes; it starts out backfilling.
   */
  static SecondaryIndex resolveAdded(
      Requested requested, TableMetadata table, Map<String, AttributeValue.Type> definitions) {
    Set<String> names = new HashSet<>();
    table.indexes().forEach(index -> names.add(index.name()));
    if (names.contains(requested.indexName())) {
      throw DynamoException.validation(
          INVALID + "Index with name " + requested.indexName() + " already exists");
    }
    if (table.indexes().stream().filter(SecondaryIndex::isGlobal).count() >= MAX_GLOBAL_INDEXES) {
      throw DynamoException.limitExceeded(
          "Subscriber limit exceeded: The number of global secondary indexes per table is limited"
              + " to "
              + MAX_GLOBAL_INDEXES);
    }
    return resolveOne(requested, table.keySchema(), definitions, table.billingMode(), names)
        .withBackfilling(true);
  }

  private static SecondaryIndex resolveOne(
      Requested index,
      KeySchema tableKeys,
      Map<String, AttributeValue.Type> definitions,
      BillingMode billingMode,
      Set<String> names) {
    String name = index.indexName();
    List<TableSchemas.KeyElement> keyElements = index.keySchema();
    List<String> keys = keyElements.stream().map(TableSchemas.KeyElement::attributeName).toList();
    if (keys.stream().anyMatch(key -> !definitions.containsKey(key))) {
      throw DynamoException.validation(
          INVALID
              + "Some index key attributes are not defined in AttributeDefinitions. Keys: ["
              + String.join(", ", keys)
              + "], AttributeDefinitions: ["
              + String.join(", ", definitions.keySet())
              + "]");
    }
    boolean local = index.kind() == SecondaryIndex.Kind.LOCAL;
    KeySchema keySchema =
        !local && TableSchemas.isMultiAttribute(keyElements)
            ? TableSchemas.resolveMultiAttribute(name, keyElements, definitions)
            : TableSchemas.resolve(keyElements, definitions);
    if (local && !keySchema.hasSortKey()) {
      throw DynamoException.validation(
          INVALID + "Index KeySchema does not have a range key for index: " + name);
    }
    if (local && !keySchema.partitionKey().equals(tableKeys.partitionKey())) {
      throw DynamoException.validation(
          INVALID
              + "Index KeySchema does not have the same leading hash key as table KeySchema for"
              + " index: "
              + name
              + ". index hash key: "
              + keySchema.partitionKey().name()
              + ", table hash key: "
              + tableKeys.partitionKey().name());
    }
    String projectionType = index.projectionType();
    if (projectionType == null) {
      throw DynamoException.validation(INVALID + "Unknown ProjectionType: null");
    }
    List<String> nonKeyAttributes = index.nonKeyAttributes();
    if (nonKeyAttributes != null && !projectionType.equals("INCLUDE")) {
      throw DynamoException.validation(
          INVALID + "ProjectionType is " + projectionType + ", but NonKeyAttributes is specified");
    }
    if (projectionType.equals("INCLUDE")
        && (nonKeyAttributes == null || nonKeyAttributes.isEmpty())) {
      throw DynamoException.validation(
          "If Projection type INCLUDE is specified, some non-key attributes to include in the"
              + " projection must be specified as well");
    }
    if (nonKeyAttributes != null) {
      checkNonKeyAttributes(nonKeyAttributes);
    }
    ProvisionedThroughput throughput = ProvisionedThroughput.NONE;
    if (!local) {
      throughput = globalThroughput(index, billingMode);
    }
    if (!names.add(name)) {
      throw DynamoException.validation(INVALID + "Duplicate index name: " + name);
    }
    return new SecondaryIndex(
        name,
        index.kind(),
        0,
        keySchema,
        SecondaryIndex.ProjectionType.valueOf(projectionType),
        nonKeyAttributes == null ? List.of() : nonKeyAttributes,
        throughput,
        false);
  }

  /** Projected names of 1 to 255 UTF-8 bytes, each once (DynamoDB Local's texts). */
  private static void checkNonKeyAttributes(List<String> nonKeyAttributes) {
    Set<String> seen = new HashSet<>();
    for (String attribute : nonKeyAttributes) {
      int bytes = attribute.getBytes(StandardCharsets.UTF_8).length;
      if (bytes < 1 || bytes > MAX_PROJECTED_NAME_BYTES) {
        throw DynamoException.validation(ValidationMessages.PROJECTED_NAME_LENGTH);
      }
      if (!seen.add(attribute)) {
        throw DynamoException.validation(ValidationMessages.DUPLICATE_PROJECTED_NAME);
      }
    }
  }

  /** A global index's capacity: its own when provisioned, none (zeros) when on-demand. */
  private static ProvisionedThroughput globalThroughput(Requested index, BillingMode billingMode) {
    Throughputs.Requested requested = index.throughput();
    if (billingMode == BillingMode.PAY_PER_REQUEST) {
      if (requested != null) {
        throw DynamoException.validation(
            INVALID
                + "ProvisionedThroughput should not be specified for index: "
                + index.indexName()
                + " when BillingMode is PAY_PER_REQUEST");
      }
      return ProvisionedThroughput.NONE;
    }
    if (requested == null) {
      throw DynamoException.validation(
          INVALID + "ProvisionedThroughput is not specified for index: " + index.indexName());
    }
    Throughputs.checkBounds(requested);
    return ProvisionedThroughput.of(requested.readCapacityUnits(), requested.writeCapacityUnits());
  }

  private static void checkAllDefinitionsUsed(
      KeySchema tableKeys, List<SecondaryIndex> indexes, Map<String, AttributeValue.Type> defined) {
    Set<String> used = usedKeys(tableKeys, indexes);
    if (used.size() != defined.size()) {
      throw DynamoException.validation(
          INVALID
              + "Some AttributeDefinitions are not used. AttributeDefinitions: ["
              + String.join(", ", defined.keySet())
              + "], keys used: ["
              + String.join(", ", used)
              + "]");
    }
  }

  private static Set<String> usedKeys(KeySchema tableKeys, List<SecondaryIndex> indexes) {
    Set<String> used = new LinkedHashSet<>();
    addKeys(used, tableKeys);
    indexes.forEach(index -> addKeys(used, index.keySchema()));
    return used;
  }

  private static void addKeys(Set<String> names, KeySchema keys) {
    keys.attributes().forEach(key -> names.add(key.name()));
  }

  private static List<Requested> ofKind(List<Requested> indexes, SecondaryIndex.Kind kind) {
    return indexes.stream().filter(index -> index.kind() == kind).toList();
  }
}

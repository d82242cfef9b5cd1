package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.error.ValidationMessages;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.storage.WriteView;
import io.strata.service.table.PurgeMarkers;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * UpdateTable's GlobalSecondaryIndexUpdates: a global index created on a live table (it starts
 * backfilling, see {@code IndexBackfiller}) or deleted (its entries are purged in the background).
 * As in DynamoDB, one index at a time.
 */
final class GlobalIndexUpdates {
  /** What the request asks for. */
  sealed interface Change permits Create, Delete {}

  /** A new global index, with the request's AttributeDefinitions for its keys. */
  record Create(SecondaryIndexes.Requested index, List<TableSchemas.Definition> definitions)
      implements Change {}

  record Delete(String indexName) implements Change {}

  /**
   * Where constraint messages say the one update is: the path of the member the user sent, in
   * Coral's notation, as for every other list member (e.g. {@code keySchema.1.member.keyType}).
   */
  private static final String MEMBER = "globalSecondaryIndexUpdates.1.member.";

  private GlobalIndexUpdates() {}

  /** The request's index change, or null when it has none. */
  static @Nullable Change read(JsonRequest body) {
    List<JsonRequest> updates = body.structureList("GlobalSecondaryIndexUpdates");
    if (updates == null || updates.isEmpty()) {
      return null;
    }
    if (updates.size() > 1) {
      throw DynamoException.limitExceeded(
          "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously"
              + " per table");
    }
    JsonRequest update = updates.get(0);
    JsonRequest create = update.structure("Create");
    JsonRequest delete = update.structure("Delete");
    if ((create == null) == (delete == null)) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Create or"
              + " GlobalSecondaryIndexUpdate.Delete must be specified");
    }
    if (delete != null) {
      String name = delete.string("IndexName");
      new Constraints().tableName(MEMBER + "delete.indexName", name, 255).check();
      return new Delete(name);
    }
    SecondaryIndexes.Requested index = SecondaryIndexes.readOne(SecondaryIndex.Kind.GLOBAL, create);
    Constraints constraints = new Constraints();
    SecondaryIndexes.checkMember(constraints, index, MEMBER + "create.");
    constraints.check();
    List<TableSchemas.Definition> definitions = TableSchemas.readDefinitions(body);
    if (definitions == null) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: AttributeDefinitions must be specified to"
              + " create a global secondary index");
    }
    return new Create(index, definitions);
  }

  /** The table with the change applied, inside the writer's transaction. */
  static TableMetadata apply(WriteView view, TableMetadata table, Change change) {
    List<SecondaryIndex> indexes = new ArrayList<>(table.indexes());
    if (change instanceof Delete delete) {
      SecondaryIndex index = find(table, delete.indexName());
      indexes.remove(index);
      PurgeMarkers.mark(view, index.indexId());
      TableMetadata without = table.toBuilder().indexes(indexes).build();
      // AttributeDefinitions hold key attributes only: the deleted index's go with it (DynamoDB
      // Local then lists them no more and accepts them again with another type).
      Map<String, AttributeValue.Type> definitions = new LinkedHashMap<>();
      table
          .attributeDefinitions()
          .forEach(
              (name, type) -> {
                if (keyTypeIn(without, name) != null) {
                  definitions.put(name, type);
                }
              });
      return without.toBuilder().attributeDefinitions(definitions).build();
    }
    Create create = (Create) change;
    Map<String, AttributeValue.Type> definitions =
        new LinkedHashMap<>(table.attributeDefinitions());
    TableSchemas.definitionMap(create.definitions())
        .forEach(
            (name, type) -> {
              AttributeValue.Type existing = definitions.get(name);
              String existingKeyType =
                  existing == null || existing == type ? null : keyTypeIn(table, name);
              if (existing != null && existingKeyType != null) {
                throw DynamoException.validation(
                    ValidationMessages.attributeRedefined(
                        name,
                        existing.name(),
                        existingKeyType,
                        type.name(),
                        keyTypeIn(create.index(), name)));
              }
              // A definition no key uses any more (its index was deleted) is free to change.
              definitions.put(name, type);
            });
    SecondaryIndex added = SecondaryIndexes.resolveAdded(create.index(), table, definitions);
    indexes.add(added.withIndexId(TableChanges.nextStorageId(view)));
    return table.toBuilder().attributeDefinitions(definitions).indexes(indexes).build();
  }

  /** HASH or RANGE where the table or one of its indexes keys on the attribute, else null. */
  private static @Nullable String keyTypeIn(TableMetadata table, String attribute) {
    List<KeySchema> schemas = new ArrayList<>();
    schemas.add(table.keySchema());
    table.indexes().forEach(index -> schemas.add(index.keySchema()));
    for (KeySchema schema : schemas) {
      if (schema.partitionKeys().stream().anyMatch(key -> key.name().equals(attribute))) {
        return "HASH";
      }
      if (schema.sortKeys().stream().anyMatch(key -> key.name().equals(attribute))) {
        return "RANGE";
      }
    }
    return null;
  }

  /** The attribute's key type in the index being created (HASH if it names it nowhere). */
  private static String keyTypeIn(SecondaryIndexes.Requested index, String attribute) {
    List<TableSchemas.KeyElement> keySchema = index.keySchema();
    return keySchema == null
        ? "HASH"
        : keySchema.stream()
            .filter(element -> attribute.equals(element.attributeName()))
            .map(TableSchemas.KeyElement::keyType)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse("HASH");
  }

  /** The global index a Delete names; DynamoDB's error when the table has no such index. */
  static SecondaryIndex find(TableMetadata table, String name) {
    return table.indexes().stream()
        .filter(index -> index.isGlobal() && index.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new DynamoException(
                    ErrorCode.RESOURCE_NOT_FOUND,
                    "Requested resource not found: Table: "
                        + table.name()
                        + " Index: "
                        + name
                        + " not found"));
  }
}

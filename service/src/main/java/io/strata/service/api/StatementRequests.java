package io.strata.service.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Json;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.partiql.Ast;
import io.strata.service.partiql.ExpressionText;
import io.strata.service.partiql.Parameters;
import io.strata.service.partiql.Parser;
import io.strata.service.partiql.WhereClause;
import io.strata.service.table.TableMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Translates a PartiQL statement into the request of the equivalent item operation: INSERT into a
 * PutItem whose condition is that the key is free, UPDATE and DELETE into UpdateItem and DeleteItem
 * of the key their WHERE fixes (the rest of the WHERE becomes the condition), a single-item SELECT
 * into GetItem, EXISTS into a ConditionCheck.
 *
 * <h2>Why request trees</h2>
 *
 * The translation builds the equivalent request as a JSON tree (never as text) and hands it to that
 * operation's own {@code parse}. Every check DynamoDB makes on the item API then applies to the
 * statement in the same order with the same messages (a SET of a key attribute, a GSI that does not
 * project a selected attribute, item size, the transaction's duplicate-item and 4 MB checks, the
 * ClientRequestToken fingerprint), and DynamoDB Local's PartiQL answers show the same messages,
 * which suggests DynamoDB translates the same way. Building the operations' request records
 * directly would mean repeating those parses; the tree costs one copy of the statement's values.
 * Conditions and updates are written as expressions with placeholders ({@link ExpressionText}) so
 * the expression layer parses, caches, validates and evaluates them.
 */
final class StatementRequests {
  private StatementRequests() {}

  /** Parses a statement and binds its parameters (null when the request has none). */
  static Ast.Statement parse(String statement, @Nullable List<AttributeValue> parameters) {
    return Parameters.bind(Parser.parse(statement), parameters == null ? List.of() : parameters);
  }

  /** The request's Parameters member; {@code constraints}-style checks are the caller's. */
  static @Nullable List<AttributeValue> parameters(JsonRequest body) {
    return body.list("Parameters", AttributeValueJson::read);
  }

  // ---- writes ---------------------------------------------------------------------------------

  /** PutItem of the VALUE, on condition that no item has its key. */
  static ObjectNode insert(Ast.Insert insert, TableMetadata table) {
    Map<String, AttributeValue> item = ((AttributeValue.M) literal(insert.item())).value();
    for (KeySchema.KeyAttribute key : keyAttributes(table.keySchema())) {
      AttributeValue value = item.get(key.name());
      if (value == null) {
        throw DynamoException.validation(
            "Key attribute should be present in the item: Key " + key.name());
      }
      requireKeyType(key, value);
    }
    ExpressionText text = new ExpressionText();
    ObjectNode request = request(table);
    request.set("Item", AttributeValueJson.toTree(item));
    request.put("ConditionExpression", text.notExists(table.keySchema().partitionKey().name()));
    return withPlaceholders(request, text);
  }

  /**
   * UpdateItem of the key the WHERE fixes, on condition that the item exists and the rest holds.
   */
  static ObjectNode update(Ast.Update update, TableMetadata table) {
    FixedKey fixed = fixedKey(update.where(), table.keySchema());
    ExpressionText text = new ExpressionText();
    ObjectNode request = request(table);
    request.set("Key", AttributeValueJson.toTree(fixed.key()));
    request.put("UpdateExpression", text.update(update.actions()));
    String condition = text.exists(table.keySchema().partitionKey().name());
    if (fixed.rest() != null) {
      condition += " AND (" + text.condition(fixed.rest()) + ")";
    }
    request.put("ConditionExpression", condition);
    if (update.returning() != null) {
      request.put("ReturnValues", update.returning().name());
    }
    return withPlaceholders(request, text);
  }

  /**
   * DeleteItem of the key the WHERE fixes, on condition that the rest of the WHERE holds for the
   * item if there is one: deleting an absent item succeeds whatever the WHERE says, as DynamoDB
   * Local answers (an UPDATE of an absent item, in contrast, fails its condition).
   */
  static ObjectNode delete(Ast.Delete delete, TableMetadata table) {
    if (delete.returning() != null && delete.returning() != Ast.Returning.ALL_OLD) {
      throw DynamoException.validation(
          "Invalid returning clause: RETURNING "
              + returningText(delete.returning())
              + ". Only RETURNING ALL OLD * is allowed in DELETE statements.");
    }
    FixedKey fixed = fixedKey(delete.where(), table.keySchema());
    ExpressionText text = new ExpressionText();
    ObjectNode request = request(table);
    request.set("Key", AttributeValueJson.toTree(fixed.key()));
    if (fixed.rest() != null) {
      request.put(
          "ConditionExpression",
          text.notExists(table.keySchema().partitionKey().name())
              + " OR ("
              + text.condition(fixed.rest())
              + ")");
    }
    if (delete.returning() != null) {
      request.put("ReturnValues", "ALL_OLD");
    }
    return withPlaceholders(request, text);
  }

  /**
   * The ConditionCheck of {@code EXISTS(SELECT ... WHERE key AND condition)}; DynamoDB insists on a
   * condition beyond the key.
   */
  static ObjectNode conditionCheck(Ast.Exists exists, TableMetadata table) {
    FixedKey fixed = fixedKey(exists.select().where(), table.keySchema());
    if (fixed.rest() == null) {
      throw DynamoException.validation(
          "EXISTS() must contain a single item read with additional condition");
    }
    ExpressionText text = new ExpressionText();
    ObjectNode request = request(table);
    request.set("Key", AttributeValueJson.toTree(fixed.key()));
    request.put("ConditionExpression", text.condition(fixed.rest()));
    return withPlaceholders(request, text);
  }

  // ---- reads ----------------------------------------------------------------------------------

  /**
   * GetItem of the one item a SELECT names by its full key and nothing else, as batches and
   * transactions require; null when the SELECT is not such a read.
   */
  static @Nullable ObjectNode singleItemRead(Ast.Select select, TableMetadata table) {
    if (select.index() != null) {
      return null;
    }
    List<Ast.Expression> conjuncts = WhereClause.conjuncts(select.where());
    List<KeySchema.KeyAttribute> keys = keyAttributes(table.keySchema());
    if (conjuncts.size() != keys.size()) {
      return null;
    }
    for (KeySchema.KeyAttribute key : keys) {
      if (conjuncts.stream()
          .noneMatch(conjunct -> WhereClause.equality(conjunct, key.name()).isPresent())) {
        return null;
      }
    }
    FixedKey fixed = fixedKey(select.where(), table.keySchema());
    if (fixed.rest() != null) {
      return null;
    }
    ExpressionText text = new ExpressionText();
    ObjectNode request = request(table);
    request.set("Key", AttributeValueJson.toTree(fixed.key()));
    if (!select.projection().isEmpty()) {
      request.put("ProjectionExpression", text.projection(select.projection()));
    }
    return withPlaceholders(request, text);
  }

  // ---- shared ---------------------------------------------------------------------------------

  /** DynamoDB's limit on the reads one SELECT's key conditions decompose into. */
  static final int MAX_DECOMPOSED_READS = 50;

  /**
   * How many reads a SELECT's key conditions decompose into ({@link WhereClause#decomposedReads}),
   * refusing more than {@value #MAX_DECOMPOSED_READS}: 51 partition values, 26 partition values
   * with 2 sort-key values, or one partition with 51 sort-key values are all refused by DynamoDB,
   * in ExecuteStatement and, ahead of its single-item rule, in BatchExecuteStatement (floci's
   * captures from AWS).
   */
  static int decomposedReads(Ast.Select select, KeySchema keys) {
    KeySchema.KeyAttribute sortKey = keys.sortKey();
    int reads =
        WhereClause.decomposedReads(
            WhereClause.conjuncts(select.where()),
            keys.partitionKey().name(),
            sortKey == null ? null : sortKey.name());
    if (reads > MAX_DECOMPOSED_READS) {
      throw DynamoException.validation(ValidationMessages.TOO_MANY_DECOMPOSED_READS);
    }
    return reads;
  }

  /** The key a WHERE fixes by equalities on every key attribute, and the rest of it (or null). */
  record FixedKey(Map<String, AttributeValue> key, Ast.@Nullable Expression rest) {}

  static FixedKey fixedKey(Ast.@Nullable Expression where, KeySchema schema) {
    List<Ast.Expression> rest = new ArrayList<>(WhereClause.conjuncts(where));
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    for (KeySchema.KeyAttribute attribute : keyAttributes(schema)) {
      AttributeValue value = null;
      for (Ast.Expression conjunct : rest) {
        value = WhereClause.equality(conjunct, attribute.name()).orElse(null);
        if (value != null) {
          rest.remove(conjunct);
          break;
        }
      }
      if (value == null) {
        throw DynamoException.validation(
            "Where clause does not contain a mandatory equality on all key attributes");
      }
      requireKeyType(attribute, value);
      key.put(attribute.name(), value);
    }
    return new FixedKey(key, WhereClause.and(rest).orElse(null));
  }

  static void requireKeyType(KeySchema.KeyAttribute key, AttributeValue value) {
    if (value.type() != key.type()) {
      throw DynamoException.validation(
          "Key attribute's data type should match its data type in table's schema: Key "
              + key.name());
    }
  }

  static List<KeySchema.KeyAttribute> keyAttributes(KeySchema schema) {
    List<KeySchema.KeyAttribute> keys = new ArrayList<>();
    keys.add(schema.partitionKey());
    schema.sortKeyAttribute().ifPresent(keys::add);
    return keys;
  }

  static ObjectNode request(TableMetadata table) {
    ObjectNode request = Json.MAPPER.createObjectNode();
    request.put("TableName", table.name());
    return request;
  }

  /** Adds the names and values the expressions use; DynamoDB refuses empty maps. */
  static ObjectNode withPlaceholders(ObjectNode request, ExpressionText text) {
    if (!text.names().isEmpty()) {
      ObjectNode names = request.putObject("ExpressionAttributeNames");
      text.names().forEach(names::put);
    }
    if (!text.values().isEmpty()) {
      request.set("ExpressionAttributeValues", AttributeValueJson.toTree(text.values()));
    }
    return request;
  }

  private static AttributeValue literal(Ast.Expression expression) {
    return ((Ast.Literal) expression).value();
  }

  private static String returningText(Ast.Returning returning) {
    return switch (returning) {
      case ALL_OLD -> "ALL OLD *";
      case UPDATED_OLD -> "MODIFIED OLD *";
      case ALL_NEW -> "ALL NEW *";
      case UPDATED_NEW -> "MODIFIED NEW *";
    };
  }
}

package io.strata.service.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.error.ValidationMessages;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The expression layer's entry point for request handlers: one call per request, during validation,
 * before any I/O.
 *
 * <pre>{@code
 * CompiledExpressions expressions =
 *     RequestExpressions.shared().compile(Operation.UPDATE_ITEM, request, table.keySchema());
 * // later, on the storage writer, with the stored item (or null):
 * if (expressions.condition().map(c -> !c.matches(old)).orElse(false)) { ...ConditionalCheckFailed }
 * UpdateResult result = expressions.update().orElseThrow().apply(old, key);
 * }</pre>
 *
 * {@link #compile} reads every expression and legacy parameter the operation has (from {@code
 * request}: the whole body, or for batch and transaction operations the element that carries the
 * expressions), validates them in DynamoDB's order and returns immutable {@link
 * CompiledExpressions}. All failures are ValidationExceptions with DynamoDB's messages. The order,
 * pinned against DynamoDB Local:
 *
 * <ol>
 *   <li>member constraints of the legacy parameters (enums, not-null), as one "N validation errors
 *       detected" message;
 *   <li>ExpressionAttributeNames or ExpressionAttributeValues without an expression that could use
 *       them; legacy and expression parameters mixed; empty name or value maps; malformed
 *       placeholders or values;
 *   <li>each expression in the operation's order (UpdateItem: update, condition; Query: filter,
 *       projection, key condition; Scan: filter, projection), each completely: parse, resolve,
 *       operator limit;
 *   <li>unused names, then unused values;
 *   <li>the operation's own rules: key attributes in an update, the key condition against the key
 *       schema, key attributes in a Query filter.
 * </ol>
 */
public final class RequestExpressions {
  private static final RequestExpressions SHARED = new RequestExpressions(ExpressionCache.shared());
  private static final Pattern NAME_KEY = Pattern.compile("#[A-Za-z0-9_]+");
  private static final Pattern VALUE_KEY = Pattern.compile(":[A-Za-z0-9_]+");

  private static final String CONDITION_EXPRESSION = "ConditionExpression";
  private static final String UPDATE_EXPRESSION = "UpdateExpression";
  private static final String PROJECTION_EXPRESSION = "ProjectionExpression";
  private static final String FILTER_EXPRESSION = "FilterExpression";
  private static final String KEY_CONDITION_EXPRESSION = "KeyConditionExpression";
  private static final String EXPECTED = "Expected";
  private static final String ATTRIBUTE_UPDATES = "AttributeUpdates";
  private static final String ATTRIBUTES_TO_GET = "AttributesToGet";
  private static final String QUERY_FILTER = "QueryFilter";
  private static final String SCAN_FILTER = "ScanFilter";
  private static final String KEY_CONDITIONS = "KeyConditions";
  private static final String CONDITIONAL_OPERATOR = "ConditionalOperator";
  private static final String NAMES = "ExpressionAttributeNames";
  private static final String VALUES = "ExpressionAttributeValues";

  /**
   * The order DynamoDB lists parameters in the "Can not use both ..." message: each legacy
   * parameter next to its expression counterpart.
   */
  private static final List<String> LEGACY_ORDER =
      List.of(
          ATTRIBUTES_TO_GET,
          ATTRIBUTE_UPDATES,
          QUERY_FILTER,
          SCAN_FILTER,
          EXPECTED,
          CONDITIONAL_OPERATOR,
          KEY_CONDITIONS);

  private static final List<String> EXPRESSION_ORDER =
      List.of(
          PROJECTION_EXPRESSION,
          UPDATE_EXPRESSION,
          FILTER_EXPRESSION,
          CONDITION_EXPRESSION,
          KEY_CONDITION_EXPRESSION);

  /** The operations (and transaction elements) that carry expressions. */
  public enum Operation {
    PUT_ITEM(List.of(CONDITION_EXPRESSION), List.of(EXPECTED, CONDITIONAL_OPERATOR), true),
    DELETE_ITEM(List.of(CONDITION_EXPRESSION), List.of(EXPECTED, CONDITIONAL_OPERATOR), true),
    UPDATE_ITEM(
        List.of(UPDATE_EXPRESSION, CONDITION_EXPRESSION),
        List.of(ATTRIBUTE_UPDATES, EXPECTED, CONDITIONAL_OPERATOR),
        true),
    GET_ITEM(List.of(PROJECTION_EXPRESSION), List.of(ATTRIBUTES_TO_GET), false),
    /** One table's entry of RequestItems. */
    BATCH_GET_ITEM(List.of(PROJECTION_EXPRESSION), List.of(ATTRIBUTES_TO_GET), false),
    /** One Get element of TransactItems. */
    TRANSACT_GET_ITEMS(List.of(PROJECTION_EXPRESSION), List.of(), false),
    QUERY(
        List.of(FILTER_EXPRESSION, PROJECTION_EXPRESSION, KEY_CONDITION_EXPRESSION),
        List.of(KEY_CONDITIONS, QUERY_FILTER, ATTRIBUTES_TO_GET, CONDITIONAL_OPERATOR),
        true),
    SCAN(
        List.of(FILTER_EXPRESSION, PROJECTION_EXPRESSION),
        List.of(SCAN_FILTER, ATTRIBUTES_TO_GET, CONDITIONAL_OPERATOR),
        true),
    /** The Put element of TransactWriteItems. */
    TRANSACT_PUT(List.of(CONDITION_EXPRESSION), List.of(), true),
    /** The Delete element of TransactWriteItems. */
    TRANSACT_DELETE(List.of(CONDITION_EXPRESSION), List.of(), true),
    /** The Update element of TransactWriteItems. */
    TRANSACT_UPDATE(List.of(UPDATE_EXPRESSION, CONDITION_EXPRESSION), List.of(), true),
    /** The ConditionCheck element of TransactWriteItems. */
    CONDITION_CHECK(List.of(CONDITION_EXPRESSION), List.of(), true);

    private final List<String> expressions;
    private final List<String> legacyParameters;
    private final boolean hasValues;

    Operation(List<String> expressions, List<String> legacyParameters, boolean hasValues) {
      this.expressions = expressions;
      this.legacyParameters = legacyParameters;
      this.hasValues = hasValues;
    }

    /** The expressions that can use ExpressionAttributeValues, in DynamoDB's message order. */
    private List<String> valueExpressions() {
      List<String> names = new ArrayList<>();
      for (String expression :
          List.of(
              UPDATE_EXPRESSION,
              CONDITION_EXPRESSION,
              FILTER_EXPRESSION,
              KEY_CONDITION_EXPRESSION)) {
        if (expressions.contains(expression)) {
          names.add(expression);
        }
      }
      return names;
    }
  }

  private final ExpressionCache cache;

  public RequestExpressions(ExpressionCache cache) {
    this.cache = cache;
  }

  /** An instance over the process-wide {@link ExpressionCache}. */
  public static RequestExpressions shared() {
    return SHARED;
  }

  /** For every operation but Query on an index. */
  public CompiledExpressions compile(
      Operation operation, JsonRequest request, KeySchema keySchema) {
    return compile(operation, request, keySchema, null);
  }

  /**
   * @param tableKeySchema the key schema of the table the request names
   * @param indexKeySchema for a Query or Scan of an index, that index's key schema; null otherwise
   */
  public CompiledExpressions compile(
      Operation operation,
      JsonRequest request,
      KeySchema tableKeySchema,
      @Nullable KeySchema indexKeySchema) {
    Constraints constraints = new Constraints();
    checkConstraints(operation, request, constraints);
    constraints.check();

    List<String> expressions = present(request, operation.expressions);
    List<String> legacy =
        conflictingLegacy(present(request, operation.legacyParameters), expressions);
    boolean hasNames = request.has(NAMES);
    boolean hasValues = operation.hasValues && request.has(VALUES);
    if (hasNames && expressions.isEmpty()) {
      throw DynamoException.validation(
          "ExpressionAttributeNames can only be specified when using expressions");
    }
    List<String> valueExpressions = operation.valueExpressions();
    if (hasValues && present(request, valueExpressions).isEmpty()) {
      throw DynamoException.validation(
          "ExpressionAttributeValues can only be specified when using expressions: "
              + String.join(" and ", valueExpressions)
              + (valueExpressions.size() == 1 ? " is null" : " are null"));
    }
    if (!legacy.isEmpty() && !expressions.isEmpty()) {
      throw DynamoException.validation(
          "Can not use both expression and non-expression parameters in the same request:"
              + " Non-expression parameters: {"
              + String.join(", ", ordered(legacy, LEGACY_ORDER))
              + "} Expression parameters: {"
              + String.join(", ", ordered(expressions, EXPRESSION_ORDER))
              + "}");
    }
    if (operation == Operation.QUERY
        && !request.has(KEY_CONDITIONS)
        && !request.has(KEY_CONDITION_EXPRESSION)) {
      throw DynamoException.validation(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the"
              + " request.");
    }
    KeySchema querySchema = indexKeySchema != null ? indexKeySchema : tableKeySchema;
    if (!expressions.isEmpty()) {
      return compileExpressions(operation, request, hasValues, tableKeySchema, querySchema);
    }
    return compileLegacy(operation, request, tableKeySchema, querySchema);
  }

  /**
   * The legacy parameters that may not appear with these expressions. DynamoDB refuses every legacy
   * parameter beside an expression except KeyConditions, which only KeyConditionExpression
   * excludes: a Query may select its keys the legacy way and filter or project with expressions
   * (pinned against DynamoDB Local by {@code QueryScanIT}).
   */
  private static List<String> conflictingLegacy(List<String> legacy, List<String> expressions) {
    if (expressions.contains(KEY_CONDITION_EXPRESSION)) {
      return legacy;
    }
    return legacy.stream().filter(parameter -> !parameter.equals(KEY_CONDITIONS)).toList();
  }

  // ---- expressions ----------------------------------------------------------------------------

  private CompiledExpressions compileExpressions(
      Operation operation,
      JsonRequest request,
      boolean hasValues,
      KeySchema tableKeySchema,
      KeySchema querySchema) {
    Map<String, String> names = readNames(request);
    Map<String, String> numberTexts = new LinkedHashMap<>();
    Map<String, AttributeValue> values = hasValues ? readValues(request, numberTexts) : Map.of();
    Resolver resolver = new Resolver(names, values, numberTexts);

    Ast.Update update = null;
    Ast.Condition condition = null;
    Ast.Condition filter = null;
    Ast.Condition keyCondition = null;
    Ast.Projection projection = null;
    for (String parameter : operation.expressions) {
      String text = request.string(parameter);
      if (text == null) {
        continue;
      }
      switch (parameter) {
        case UPDATE_EXPRESSION ->
            update = resolver.resolveUpdate((Ast.Update) cache.parse(ExpressionKind.UPDATE, text));
        case CONDITION_EXPRESSION ->
            condition = resolveCondition(resolver, ExpressionKind.CONDITION, text);
        case FILTER_EXPRESSION -> filter = resolveCondition(resolver, ExpressionKind.FILTER, text);
        case KEY_CONDITION_EXPRESSION ->
            keyCondition = resolveCondition(resolver, ExpressionKind.KEY_CONDITION, text);
        case PROJECTION_EXPRESSION ->
            projection =
                resolver.resolveProjection(
                    (Ast.Projection) cache.parse(ExpressionKind.PROJECTION, text));
        default -> throw new IllegalStateException(parameter);
      }
    }
    resolver.checkUnused();

    if (update != null) {
      for (int i = update.actions().size() - 1; i >= 0; i--) {
        String attribute = update.actions().get(i).path().attributeName();
        if (tableKeySchema.isKeyAttribute(attribute)) {
          throw LegacyUpdates.cannotUpdateKey(attribute);
        }
      }
    }
    KeyCondition compiledKeyCondition = null;
    if (keyCondition != null) {
      compiledKeyCondition = KeyConditionCompiler.fromExpression(keyCondition, querySchema);
    } else if (operation == Operation.QUERY && request.has(KEY_CONDITIONS)) {
      compiledKeyCondition = legacyKeyCondition(request, querySchema);
    }
    if (filter != null && operation == Operation.QUERY) {
      checkNoKeyAttributes(filter, querySchema);
    }
    return new CompiledExpressions(
        condition == null ? null : new CompiledCondition(condition),
        update == null ? null : CompiledUpdate.of(update),
        projection == null ? null : new CompiledProjection(projection.paths()),
        filter == null ? null : new CompiledCondition(filter),
        compiledKeyCondition);
  }

  private Ast.Condition resolveCondition(Resolver resolver, ExpressionKind kind, String text) {
    Ast.ConditionTree tree = (Ast.ConditionTree) cache.parse(kind, text);
    return resolver.resolveCondition(kind, tree.condition());
  }

  private static Map<String, String> readNames(JsonRequest request) {
    Map<String, String> names = request.stringMap(NAMES);
    if (names == null) {
      return Map.of();
    }
    if (names.isEmpty()) {
      throw DynamoException.validation("ExpressionAttributeNames must not be empty");
    }
    for (Map.Entry<String, String> entry : names.entrySet()) {
      if (!NAME_KEY.matcher(entry.getKey()).matches()) {
        throw DynamoException.validation(
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \""
                + entry.getKey()
                + "\"");
      }
      if (entry.getValue().isEmpty()) {
        throw DynamoException.validation(
            "ExpressionAttributeNames contains invalid value: Empty attribute name for key "
                + entry.getKey());
      }
    }
    return names;
  }

  /**
   * Reads ExpressionAttributeValues. A value DynamoDB rejects is reported with its key: {@code
   * ExpressionAttributeValues contains invalid value: <why> for key :v}. Also records each number's
   * text as written, for BETWEEN's messages.
   */
  private static Map<String, AttributeValue> readValues(
      JsonRequest request, Map<String, String> numberTexts) {
    JsonNode node = request.raw(VALUES);
    if (node == null) {
      return Map.of();
    }
    JsonRequest.asMap(node, child -> child);
    if (node.isEmpty()) {
      throw DynamoException.validation("ExpressionAttributeValues must not be empty");
    }
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isNull()) {
        continue;
      }
      String key = entry.getKey();
      if (!VALUE_KEY.matcher(key).matches()) {
        throw DynamoException.validation(
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
      }
      AttributeValue value;
      try {
        value = AttributeValueJson.read(entry.getValue());
      } catch (DynamoException e) {
        if (e.code() != ErrorCode.VALIDATION) {
          throw e;
        }
        throw DynamoException.validation(
            "ExpressionAttributeValues contains invalid value: "
                + e.getMessage()
                + " for key "
                + key);
      }
      values.put(key, value);
      JsonNode number = entry.getValue().get("N");
      if (number != null && number.isTextual()) {
        numberTexts.put(key, number.textValue());
      }
    }
    return values;
  }

  /**
   * A Query's filter may not refer to the queried key's attributes; a nested path into one gets the
   * key-condition message ("Key attributes must be scalars; ...").
   */
  private static void checkNoKeyAttributes(Ast.Condition filter, KeySchema schema) {
    List<Ast.Path> paths = new ArrayList<>();
    Paths.collect(filter, paths);
    for (Ast.Path path : paths) {
      String attribute = path.attributeName();
      if (!schema.isKeyAttribute(attribute)) {
        continue;
      }
      if (path.depth() > 1) {
        throw DynamoException.validation(
            "Key attributes must be scalars; list random access '[]' and map lookup '.' are not"
                + " allowed: Key: "
                + attribute);
      }
      throw DynamoException.validation(
          "Filter Expression can only contain non-primary key attributes: Primary key attribute: "
              + attribute);
    }
  }

  // ---- legacy parameters ----------------------------------------------------------------------

  private static CompiledExpressions compileLegacy(
      Operation operation, JsonRequest request, KeySchema tableKeySchema, KeySchema querySchema) {
    Ast.Condition condition = null;
    Ast.Condition filter = null;
    LegacyUpdates updates = null;
    KeyCondition keyCondition = null;
    Map<String, JsonRequest> expected = request.map(EXPECTED, RequestExpressions::structure);
    Map<String, JsonRequest> attributeUpdates =
        request.map(ATTRIBUTE_UPDATES, RequestExpressions::structure);
    Map<String, JsonRequest> keyConditions =
        request.map(KEY_CONDITIONS, RequestExpressions::structure);
    String filterParameter = operation == Operation.QUERY ? QUERY_FILTER : SCAN_FILTER;
    Map<String, JsonRequest> filterConditions =
        operation == Operation.QUERY || operation == Operation.SCAN
            ? request.map(filterParameter, RequestExpressions::structure)
            : null;
    boolean isOr = "OR".equals(request.string(CONDITIONAL_OPERATOR));

    if (operation.legacyParameters.contains(EXPECTED)) {
      List<LegacyConditions.Entry> entries =
          expected == null ? List.of() : LegacyConditions.readExpected(expected);
      checkConditionalOperator(request, entries.size());
      if (!entries.isEmpty()) {
        condition = LegacyConditions.toCondition(entries, isOr);
      }
    }
    if (operation == Operation.UPDATE_ITEM) {
      // Without any update an UpdateItem still writes the key: the same as empty AttributeUpdates.
      updates =
          LegacyUpdates.read(
              attributeUpdates == null ? Map.of() : attributeUpdates, tableKeySchema);
    }
    if (keyConditions != null && operation == Operation.QUERY) {
      keyCondition = legacyKeyCondition(request, querySchema);
    }
    if (operation == Operation.QUERY || operation == Operation.SCAN) {
      List<LegacyConditions.Entry> entries =
          filterConditions == null ? List.of() : LegacyConditions.readConditions(filterConditions);
      checkConditionalOperator(request, entries.size());
      if (operation == Operation.QUERY) {
        for (LegacyConditions.Entry entry : entries) {
          if (querySchema.isKeyAttribute(entry.attribute())) {
            throw DynamoException.validation(
                "QueryFilter can only contain non-primary key attributes: Primary key attribute: "
                    + entry.attribute());
          }
        }
      }
      if (!entries.isEmpty()) {
        filter = LegacyConditions.toCondition(entries, isOr);
      }
    }
    CompiledProjection projection = null;
    List<String> attributesToGet =
        operation.legacyParameters.contains(ATTRIBUTES_TO_GET)
            ? request.stringList(ATTRIBUTES_TO_GET)
            : null;
    if (attributesToGet != null) {
      Set<String> seen = new HashSet<>();
      List<Ast.Path> paths = new ArrayList<>(attributesToGet.size());
      for (String attribute : attributesToGet) {
        if (!seen.add(attribute)) {
          throw DynamoException.validation(
              ValidationMessages.DUPLICATE_ATTRIBUTE_NAME.formatted(attribute));
        }
        paths.add(Ast.Path.of(attribute));
      }
      projection = new CompiledProjection(paths);
    }
    return new CompiledExpressions(
        condition == null ? null : new CompiledCondition(condition),
        updates == null ? null : CompiledUpdate.of(updates),
        projection,
        filter == null ? null : new CompiledCondition(filter),
        keyCondition);
  }

  private static KeyCondition legacyKeyCondition(JsonRequest request, KeySchema querySchema) {
    Map<String, JsonRequest> keyConditions =
        Objects.requireNonNull(request.map(KEY_CONDITIONS, RequestExpressions::structure));
    return KeyConditionCompiler.fromLegacy(
        LegacyConditions.readConditions(keyConditions), querySchema);
  }

  private static void checkConditionalOperator(JsonRequest request, int conditionCount) {
    if (!request.has(CONDITIONAL_OPERATOR)) {
      return;
    }
    if (conditionCount == 0) {
      throw DynamoException.validation(
          "ConditionalOperator cannot be used without Filter or Expected");
    }
    if (conditionCount == 1) {
      throw DynamoException.validation(
          "ConditionalOperator can only be used when Filter or Expected has two or more elements");
    }
  }

  private static JsonRequest structure(JsonNode node) {
    return JsonRequest.of(node);
  }

  // ---- member constraints ---------------------------------------------------------------------

  /**
   * Adds the violations of the AWS model's member constraints on the operation's legacy parameters
   * (ConditionalOperator, ComparisonOperator and Action enums; required ComparisonOperator in
   * filters and key conditions; non-empty AttributesToGet), with DynamoDB's paths, e.g. {@code
   * Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum
   * value set: [OR, AND]}. Handlers that collect their own constraint violations may call this to
   * report them together; {@link #compile} checks them anyway.
   */
  public static void checkConstraints(
      Operation operation, JsonRequest request, Constraints constraints) {
    List<String> legacy = operation.legacyParameters;
    if (legacy.contains(ATTRIBUTES_TO_GET)) {
      List<String> attributesToGet = request.stringList(ATTRIBUTES_TO_GET);
      constraints.minSize("attributesToGet", attributesToGet, 1, "[]");
    }
    if (legacy.contains(CONDITIONAL_OPERATOR)) {
      constraints.oneOf(
          "conditionalOperator", request.string(CONDITIONAL_OPERATOR), List.of("OR", "AND"));
    }
    if (legacy.contains(EXPECTED)) {
      comparisonOperators(request, EXPECTED, "expected", false, constraints);
    }
    if (legacy.contains(KEY_CONDITIONS)) {
      comparisonOperators(request, KEY_CONDITIONS, "keyConditions", true, constraints);
    }
    if (legacy.contains(QUERY_FILTER)) {
      comparisonOperators(request, QUERY_FILTER, "queryFilter", true, constraints);
    }
    if (legacy.contains(SCAN_FILTER)) {
      comparisonOperators(request, SCAN_FILTER, "scanFilter", true, constraints);
    }
    if (legacy.contains(ATTRIBUTE_UPDATES)) {
      Map<String, JsonRequest> updates =
          request.map(ATTRIBUTE_UPDATES, RequestExpressions::structure);
      if (updates != null) {
        for (Map.Entry<String, JsonRequest> entry : updates.entrySet()) {
          constraints.oneOf(
              "attributeUpdates." + entry.getKey() + ".member.action",
              entry.getValue().string("Action"),
              List.of("ADD", "PUT", "DELETE"));
        }
      }
    }
  }

  private static void comparisonOperators(
      JsonRequest request,
      String member,
      String path,
      boolean isRequired,
      Constraints constraints) {
    Map<String, JsonRequest> conditions = request.map(member, RequestExpressions::structure);
    if (conditions == null) {
      return;
    }
    for (Map.Entry<String, JsonRequest> entry : conditions.entrySet()) {
      String memberPath = path + "." + entry.getKey() + ".member.comparisonOperator";
      String operator = entry.getValue().string("ComparisonOperator");
      if (isRequired) {
        constraints.notNull(memberPath, operator);
      }
      constraints.oneOf(memberPath, operator, LegacyConditions.Operator.WIRE_ORDER);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static List<String> present(JsonRequest request, List<String> members) {
    List<String> present = new ArrayList<>();
    for (String member : members) {
      if (request.has(member)) {
        present.add(member);
      }
    }
    return present;
  }

  private static List<String> ordered(List<String> members, List<String> order) {
    List<String> result = new ArrayList<>();
    for (String member : order) {
      if (members.contains(member)) {
        result.add(member);
      }
    }
    return result;
  }
}

package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.billing.CapacityUnits;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.error.JsonValue;
import io.strata.service.error.ValidationMessages;
import io.strata.service.expr.CompiledExpressions;
import io.strata.service.expr.CompiledUpdate;
import io.strata.service.expr.RequestExpressions;
import io.strata.service.expr.UpdateResult;
import io.strata.service.idempotency.ClientRequestTokens;
import io.strata.service.idempotency.TransactionTokens;
import io.strata.service.item.ItemChange;
import io.strata.service.item.ItemWrites;
import io.strata.service.item.Items;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.Sha256;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * TransactWriteItems: up to 100 puts, updates, deletes and condition checks, all or nothing. Every
 * condition is evaluated against one state inside a single writer transaction; if any fails, the
 * transaction is rolled back and the client gets the reason of each action, in order. Because the
 * writer applies transactions one at a time, two transactions never interleave, so the
 * TransactionConflictException DynamoDB raises for concurrent transactions on an item cannot occur.
 */
public final class TransactWriteItems implements Operation<TransactWriteItems.Request> {
  static final int MAX_ITEMS = 100;
  static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;
  private static final List<String> ACTIONS = List.of("ConditionCheck", "Put", "Delete", "Update");

  /** One action: where, and what it decides given the item's current state. */
  record Action(TableMetadata table, PrimaryKey key, ItemChange<Void> change, long requestBytes) {}

  record Request(
      List<Action> actions,
      @Nullable String token,
      String fingerprint,
      ItemParameters.Reporting reporting) {}

  private final TableCatalog catalog;
  private final ItemWrites items;
  private final ClientRequestTokens tokens;

  public TransactWriteItems(TableCatalog catalog, ItemWrites items, ClientRequestTokens tokens) {
    this.catalog = catalog;
    this.items = items;
    this.tokens = tokens;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    List<JsonRequest> transactItems = body.structureList("TransactItems");
    String token = body.string("ClientRequestToken");
    Constraints constraints = new Constraints();
    constraints
        .notNull("transactItems", transactItems)
        .minSize("transactItems", transactItems, 1, "[]")
        .maxSize("transactItems", transactItems, MAX_ITEMS, "[...]")
        .minLength("clientRequestToken", token, 1)
        .maxLength("clientRequestToken", token, 36);
    ItemParameters.Reporting reporting = ItemParameters.readReporting(body, constraints);
    constraints.check();
    List<Action> actions = new ArrayList<>(transactItems.size());
    Set<TransactionItems.ItemId> seen = new HashSet<>();
    long totalBytes = 0;
    for (JsonRequest element : transactItems) {
      Action action = readAction(element, context);
      TransactionItems.requireUnique(seen, action.table(), action.key());
      totalBytes += action.requestBytes();
      if (totalBytes > MAX_TRANSACTION_BYTES) {
        throw DynamoException.validation(
            ValidationMessages.TRANSACTION_PAYLOAD_TOO_LARGE.formatted(totalBytes));
      }
      actions.add(action);
    }
    return new Request(
        actions, token, fingerprint(body.raw("TransactItems").toString()), reporting);
  }

  private Action readAction(JsonRequest element, RequestContext context) {
    List<String> present = ACTIONS.stream().filter(element::has).toList();
    if (present.isEmpty()) {
      throw DynamoException.validation(
          "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request");
    }
    if (present.size() > 1) {
      throw DynamoException.validation(
          "TransactItems can only contain one of Check, Put, Update or Delete");
    }
    String kind = present.get(0);
    JsonRequest action = element.structure(kind);
    String tableName = action.string("TableName");
    Constraints constraints = new Constraints().tableNameOrArn("tableName", tableName);
    boolean returnOldOnFailure = WriteCondition.readReturnOldOnFailure(action, constraints);
    Map<String, AttributeValue> parsed = kind.equals("Put") ? action.attributeMap("Item") : null;
    Map<String, AttributeValue> item = parsed == null ? null : ItemSize.sized(parsed);
    Map<String, AttributeValue> key = kind.equals("Put") ? null : action.attributeMap("Key");
    constraints.notNull(kind.equals("Put") ? "item" : "key", kind.equals("Put") ? item : key);
    if (kind.equals("ConditionCheck")) {
      constraints.notNull("conditionExpression", action.string("ConditionExpression"));
    }
    if (kind.equals("Update")) {
      constraints.notNull("updateExpression", action.string("UpdateExpression"));
    }
    constraints.check();
    TableMetadata table = Tables.forItems(catalog, context, tableName, "TransactWriteItems");
    PrimaryKey primaryKey =
        item != null
            ? Items.checkItem(table.keySchema(), item)
            : Items.checkKey(table.keySchema(), key);
    if (item != null) {
      // A Put's item is known before the transaction: its index keys are request validation.
      Items.checkIndexKeys(table, item);
    }
    CompiledExpressions expressions =
        RequestExpressions.shared().compile(operation(kind), action, table.keySchema());
    WriteCondition condition = WriteCondition.of(expressions, returnOldOnFailure);
    long bytes = ItemSize.of(item != null ? item : key);
    ItemChange<Void> change =
        switch (kind) {
          case "Put" ->
              ItemChange.putting(
                  item,
                  current -> {
                    condition.require(current);
                    return ItemChange.Decision.put(item, null);
                  });
          case "Delete" ->
              condition.isNone()
                  ? ItemChange.unconditionalDelete()
                  : current -> {
                    condition.require(current);
                    return ItemChange.Decision.delete(null);
                  };
          case "Update" -> update(condition, expressions.update().orElseThrow(), key);
          default ->
              current -> {
                condition.require(current);
                return ItemChange.Decision.keep(null);
              };
        };
    return new Action(table, primaryKey, change, bytes);
  }

  private static ItemChange<Void> update(
      WriteCondition condition, CompiledUpdate update, Map<String, AttributeValue> key) {
    return current -> {
      condition.require(current);
      UpdateResult result = update.apply(current, key);
      Map<String, AttributeValue> newItem = result.newItem().orElse(null);
      if (newItem == null) {
        return ItemChange.Decision.keep(null);
      }
      Items.checkUpdatedItem(newItem);
      return ItemChange.Decision.put(newItem, null);
    };
  }

  private static RequestExpressions.Operation operation(String kind) {
    return switch (kind) {
      case "Put" -> RequestExpressions.Operation.TRANSACT_PUT;
      case "Delete" -> RequestExpressions.Operation.TRANSACT_DELETE;
      case "Update" -> RequestExpressions.Operation.TRANSACT_UPDATE;
      default -> RequestExpressions.Operation.CONDITION_CHECK;
    };
  }

  @Override
  public void admit(Request request, Consumption consumption) {
    for (Action action : request.actions()) {
      consumption.admit(
          action.table(),
          0,
          CapacityUnits.writeHalfUnits(
              action.requestBytes(), CapacityUnits.WriteMode.TRANSACTIONAL));
    }
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    String tenantId = context.tenantId();
    String token = request.token();
    if (token != null
        && tokens.claim(tenantId, token, request.fingerprint())
            == ClientRequestTokens.Verdict.ALREADY_DONE) {
      return Future.succeededFuture(response(request, context.consumption()));
    }
    TransactionTokens.Committed committed =
        token == null
            ? null
            : new TransactionTokens.Committed(
                tenantId, token, request.fingerprint(), context.receivedAt());
    List<ItemWrites.Target<Void>> targets =
        request.actions().stream()
            .map(action -> new ItemWrites.Target<>(action.table(), action.key(), action.change()))
            .toList();
    return items
        .changeAll(
            targets,
            TransactWriteItems::requireAllHold,
            CapacityUnits.WriteMode.TRANSACTIONAL,
            context.receivedAt(),
            committed,
            context.requestBytes())
        .onFailure(
            failure -> {
              if (committed != null) {
                tokens.abandoned(tenantId, token);
              }
            })
        .map(
            outcomes -> {
              for (int i = 0; i < outcomes.size(); i++) {
                context
                    .consumption()
                    .wrote(
                        request.actions().get(i).table(),
                        outcomes.get(i).writeHalfUnits(),
                        outcomes.get(i).indexWriteHalfUnits());
              }
              return response(request, context.consumption());
            });
  }

  /**
   * What a token is checked against: a digest of the request's items, so that remembering (and
   * recording) a token costs the same for a 4 MB transaction as for a small one.
   */
  private static String fingerprint(String transactItems) {
    return Sha256.hexOf(transactItems);
  }

  private static ResponseBody response(Request request, Consumption consumption) {
    return json -> {
      json.writeStartObject();
      ConsumedCapacityJson.writeField(
          json, request.reporting().returnConsumedCapacity(), consumption, true);
      json.writeEndObject();
    };
  }

  /** The veto: any failed action cancels the whole transaction, with every action's reason. */
  private static void requireAllHold(List<ItemChange.Decision<Void>> decisions) {
    if (decisions.stream().noneMatch(d -> d.action() == ItemChange.Action.FAIL)) {
      return;
    }
    List<String> codes = new ArrayList<>();
    for (ItemChange.Decision<Void> decision : decisions) {
      codes.add(reasonCode(decision.failure()));
    }
    JsonValue reasons =
        json -> {
          json.writeStartArray();
          for (ItemChange.Decision<Void> decision : decisions) {
            writeReason(json, decision.failure());
          }
          json.writeEndArray();
        };
    throw new DynamoException(
        ErrorCode.TRANSACTION_CANCELED,
        "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes,
        Map.of("CancellationReasons", reasons));
  }

  private static String reasonCode(@Nullable DynamoException failure) {
    if (failure == null) {
      return "None";
    }
    return switch (failure.code()) {
      case CONDITIONAL_CHECK_FAILED -> "ConditionalCheckFailed";
      case ITEM_COLLECTION_SIZE_LIMIT_EXCEEDED -> "ItemCollectionSizeLimitExceeded";
      default -> "ValidationError";
    };
  }

  private static void writeReason(JsonGenerator json, @Nullable DynamoException failure)
      throws IOException {
    json.writeStartObject();
    String code = reasonCode(failure);
    json.writeStringField("Code", code);
    if (failure != null) {
      json.writeStringField("Message", failure.getMessage());
      JsonValue item = failure.payload().get("Item");
      if (item != null) {
        json.writeFieldName("Item");
        item.write(json);
      }
    }
    json.writeEndObject();
  }
}

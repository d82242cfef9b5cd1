package io.strata.service.expr;

import io.strata.service.error.DynamoException;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * UpdateItem's legacy AttributeUpdates: PUT, ADD and DELETE on top-level attributes, validated and
 * applied with DynamoDB's messages (pinned against DynamoDB Local).
 *
 * <ul>
 *   <li>Action defaults to PUT; only DELETE may omit Value.
 *   <li>ADD takes a number, a set, or (undocumented, but real) a list, which is appended; it
 *       creates missing attributes.
 *   <li>DELETE without Value removes the attribute; with a set Value it subtracts, removing the
 *       attribute when nothing is left.
 *   <li>A type clash with the stored value is "Type mismatch for attribute to update".
 *   <li>Updating a missing item creates it (even with no actions at all), unless every action is a
 *       DELETE (Alternator's test_update_item_non_existent, run against AWS).
 * </ul>
 */
final class LegacyUpdates {
  static final String TYPE_MISMATCH = "Type mismatch for attribute to update";
  private static final String INVALID = "One or more parameter values were invalid: ";

  enum Action {
    PUT,
    ADD,
    DELETE
  }

  record Update(String attribute, Action action, @Nullable AttributeValue value) {}

  private final List<Update> updates;

  private LegacyUpdates(List<Update> updates) {
    this.updates = List.copyOf(updates);
  }

  /** Validates AttributeUpdates in request order (action names already checked). */
  static LegacyUpdates read(Map<String, JsonRequest> attributeUpdates, KeySchema keySchema) {
    List<Update> updates = new ArrayList<>(attributeUpdates.size());
    for (Map.Entry<String, JsonRequest> member : attributeUpdates.entrySet()) {
      String attribute = member.getKey();
      JsonRequest update = member.getValue();
      if (keySchema.isKeyAttribute(attribute)) {
        throw cannotUpdateKey(attribute);
      }
      String actionName = update.string("Action");
      Action action = actionName == null ? Action.PUT : Action.valueOf(actionName);
      var node = update.raw("Value");
      AttributeValue value = node == null ? null : AttributeValueJson.read(node);
      if (value == null) {
        if (action != Action.DELETE) {
          throw invalid("Only DELETE action is allowed when no attribute value is specified");
        }
      } else if (action == Action.ADD) {
        AttributeValue.Type type = value.type();
        if (type != AttributeValue.Type.N && !type.isSet() && type != AttributeValue.Type.L) {
          throw invalid("ADD action is not supported for the type " + Values.longTypeName(type));
        }
      } else if (action == Action.DELETE && !value.type().isSet()) {
        throw invalid(
            "DELETE action with value is not supported for the type "
                + Values.longTypeName(value.type()));
      }
      updates.add(new Update(attribute, action, value));
    }
    return new LegacyUpdates(updates);
  }

  static DynamoException cannotUpdateKey(String attribute) {
    return invalid("Cannot update attribute " + attribute + ". This attribute is part of the key");
  }

  List<Ast.Path> paths() {
    List<Ast.Path> paths = new ArrayList<>(updates.size());
    for (Update update : updates) {
      paths.add(Ast.Path.of(update.attribute()));
    }
    return paths;
  }

  @Nullable Map<String, AttributeValue> apply(
      @Nullable Map<String, AttributeValue> oldItem, Map<String, AttributeValue> key) {
    boolean onlyDeletes = !updates.isEmpty();
    Map<String, AttributeValue> item = new LinkedHashMap<>(oldItem == null ? key : oldItem);
    for (Update update : updates) {
      AttributeValue current = item.get(update.attribute());
      AttributeValue value = update.value();
      switch (update.action()) {
        case PUT -> {
          onlyDeletes = false;
          item.put(update.attribute(), value);
        }
        case ADD -> {
          onlyDeletes = false;
          item.put(update.attribute(), UpdateApplier.add(current, value, TYPE_MISMATCH));
        }
        case DELETE -> {
          if (value == null) {
            item.remove(update.attribute());
          } else if (current != null) {
            AttributeValue rest = UpdateApplier.subtract(current, value, TYPE_MISMATCH);
            if (rest == null) {
              item.remove(update.attribute());
            } else {
              item.put(update.attribute(), rest);
            }
          }
        }
      }
    }
    if (oldItem == null && onlyDeletes) {
      return null;
    }
    return Collections.unmodifiableMap(item);
  }

  private static DynamoException invalid(String detail) {
    return DynamoException.validation(INVALID + detail);
  }
}

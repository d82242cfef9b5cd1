package io.strata.service.expr;

import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.DynamoNumber;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Applies a resolved update expression to an item. Deterministic and side-effect free, so the
 * storage writer can run it again after a retry.
 *
 * <h2>Semantics (pinned against DynamoDB Local unless noted)</h2>
 *
 * <ul>
 *   <li>Every operand reads the item as it was before the update: {@code SET a = a + :one, b = a}
 *       gives b the old a. When several actions would fail, which error is reported follows
 *       DynamoDB Local's peculiar order ({@link #inErrorOrder}).
 *   <li>List indexes always mean positions in the old list. {@code REMOVE a[1] SET a[3] = :v}
 *       replaces old element 3 and drops old element 1. SET (and ADD) beyond the end appends, in
 *       index order; REMOVE or DELETE beyond the end does nothing.
 *   <li>The parent of a target must exist and be a map (for {@code .name}) or a list (for {@code
 *       [n]}); otherwise "The document path provided in the update expression is invalid for
 *       update". {@code REMOVE a.b} with no {@code a} fails the same way on an existing item; on a
 *       missing item an update of only REMOVE and DELETE actions is a no-op (see the last point),
 *       path included, as in DynamoDB (issue 15; DynamoDB Local refuses the path there).
 *   <li>ADD adds to a number or unites with a set, creating either; DELETE subtracts from a set and
 *       removes the attribute when the set becomes empty; anything else is "An operand in the
 *       update expression has an incorrect data type". Arithmetic uses {@link DynamoNumber}'s
 *       38-digit exact rules and messages.
 *   <li>An update of an item that does not exist creates it, unless every action is a REMOVE or
 *       DELETE: real DynamoDB does not create an item just to delete from it (Alternator's
 *       test_item.py::test_update_item_non_existent, which runs against AWS). DynamoDB Local does
 *       create a key-only item there; we follow DynamoDB.
 * </ul>
 */
final class UpdateApplier {
  static final String MISSING_OPERAND =
      "The provided expression refers to an attribute that does not exist in the item";
  static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";
  static final String INVALID_PATH =
      "The document path provided in the update expression is invalid for update";

  private UpdateApplier() {}

  /** The new item, or null if the update leaves the (absent) item absent. */
  static @Nullable Map<String, AttributeValue> apply(
      Ast.Update update,
      @Nullable Map<String, AttributeValue> oldItem,
      Map<String, AttributeValue> key) {
    Map<String, AttributeValue> old = oldItem == null ? Map.of() : oldItem;
    List<Ast.UpdateAction> actions = update.actions();
    Edit root = new Edit();
    boolean onlyRemovals = true;
    for (Ast.UpdateAction action : actions) {
      onlyRemovals &=
          action.kind() == Ast.ActionKind.REMOVE || action.kind() == Ast.ActionKind.DELETE;
    }
    if (oldItem == null && onlyRemovals) {
      return null;
    }
    for (Ast.UpdateAction action : inErrorOrder(actions)) {
      Ast.Path path = action.path();
      requireParent(old, path);
      switch (action.kind()) {
        case SET -> root.at(path).put(evaluate(((Ast.SetAction) action).value(), old));
        case REMOVE -> root.at(path).remove();
        case ADD -> {
          AttributeValue operand = ((Ast.Literal) ((Ast.AddAction) action).value()).value();
          root.at(path).put(add(Values.get(old, path), operand, WRONG_TYPE));
        }
        case DELETE -> {
          AttributeValue operand = ((Ast.Literal) ((Ast.DeleteAction) action).value()).value();
          AttributeValue current = Values.get(old, path);
          if (current != null) {
            AttributeValue rest = subtract(current, operand, WRONG_TYPE);
            if (rest == null) {
              root.at(path).remove();
            } else {
              root.at(path).put(rest);
            }
          }
        }
      }
    }
    Map<String, AttributeValue> base = oldItem == null ? key : oldItem;
    return Collections.unmodifiableMap(root.applyToItem(base));
  }

  /**
   * The order in which DynamoDB reports runtime errors, when several actions would fail. Pinned
   * pairwise against DynamoDB Local (every pair of path, missing-operand, type and precision
   * errors, in both textual orders): it reports the error of the action whose top-level attribute
   * comes last in the iteration order of a {@link HashMap} keyed by top-level attribute and filled
   * in textual order, and among actions on one attribute the last one written. So we check in the
   * reverse of that order and stop at the first error. Each action checks its target path before
   * its operands.
   */
  private static List<Ast.UpdateAction> inErrorOrder(List<Ast.UpdateAction> actions) {
    Map<String, List<Ast.UpdateAction>> byAttribute = new HashMap<>();
    for (Ast.UpdateAction action : actions) {
      byAttribute
          .computeIfAbsent(action.path().attributeName(), name -> new ArrayList<>())
          .add(action);
    }
    List<Ast.UpdateAction> ordered = new ArrayList<>(actions.size());
    for (List<Ast.UpdateAction> group : byAttribute.values()) {
      ordered.addAll(group);
    }
    Collections.reverse(ordered);
    return ordered;
  }

  // ---- operands -------------------------------------------------------------------------------

  static AttributeValue evaluate(Ast.Operand operand, Map<String, AttributeValue> item) {
    return switch (operand.kind()) {
      case LITERAL -> ((Ast.Literal) operand).value();
      case PATH -> {
        AttributeValue value = Values.get(item, (Ast.Path) operand);
        if (value == null) {
          throw DynamoException.validation(MISSING_OPERAND);
        }
        yield value;
      }
      case ARITHMETIC -> {
        Ast.Arithmetic arithmetic = (Ast.Arithmetic) operand;
        AttributeValue left = evaluate(arithmetic.left(), item);
        AttributeValue right = evaluate(arithmetic.right(), item);
        if (!(left instanceof AttributeValue.N l) || !(right instanceof AttributeValue.N r)) {
          throw DynamoException.validation(WRONG_TYPE);
        }
        yield new AttributeValue.N(
            arithmetic.isAddition() ? l.value().add(r.value()) : l.value().subtract(r.value()));
      }
      case FUNCTION_CALL -> {
        Ast.FunctionCall call = (Ast.FunctionCall) operand;
        List<Ast.Operand> arguments = call.arguments();
        if (call.function() == Ast.Function.IF_NOT_EXISTS) {
          AttributeValue existing = Values.get(item, (Ast.Path) arguments.get(0));
          yield existing != null ? existing : evaluate(arguments.get(1), item);
        }
        if (call.function() != Ast.Function.LIST_APPEND) {
          throw new IllegalStateException("not an update function: " + call.function());
        }
        AttributeValue first = evaluate(arguments.get(0), item);
        AttributeValue second = evaluate(arguments.get(1), item);
        if (!(first instanceof AttributeValue.L a) || !(second instanceof AttributeValue.L b)) {
          throw DynamoException.validation(WRONG_TYPE);
        }
        List<AttributeValue> joined = new ArrayList<>(a.value());
        joined.addAll(b.value());
        yield new AttributeValue.L(joined);
      }
      case VALUE_PLACEHOLDER -> throw new IllegalStateException("unresolved operand: " + operand);
    };
  }

  /** ADD: number plus number, or set union; an absent current value adds to nothing. */
  static AttributeValue add(
      @Nullable AttributeValue current, AttributeValue operand, String mismatchMessage) {
    if (current == null) {
      return operand;
    }
    if (current.type() != operand.type()) {
      throw DynamoException.validation(mismatchMessage);
    }
    return switch (operand.type()) {
      case N -> new AttributeValue.N(Values.number(current).add(Values.number(operand)));
      case SS -> {
        Set<String> union = new LinkedHashSet<>(((AttributeValue.SS) current).value());
        union.addAll(((AttributeValue.SS) operand).value());
        yield new AttributeValue.SS(union);
      }
      case NS -> {
        Set<DynamoNumber> union = new LinkedHashSet<>(((AttributeValue.NS) current).value());
        union.addAll(((AttributeValue.NS) operand).value());
        yield new AttributeValue.NS(union);
      }
      case BS -> {
        Set<Bytes> union = new LinkedHashSet<>(((AttributeValue.BS) current).value());
        union.addAll(((AttributeValue.BS) operand).value());
        yield new AttributeValue.BS(union);
      }
      case L -> {
        List<AttributeValue> joined = new ArrayList<>(((AttributeValue.L) current).value());
        joined.addAll(((AttributeValue.L) operand).value());
        yield new AttributeValue.L(joined);
      }
      case S, B, BOOL, NULL, M -> throw DynamoException.validation(mismatchMessage);
    };
  }

  /** DELETE: set difference; null when nothing is left. */
  static @Nullable AttributeValue subtract(
      AttributeValue current, AttributeValue operand, String mismatchMessage) {
    if (current.type() != operand.type()) {
      throw DynamoException.validation(mismatchMessage);
    }
    return switch (operand.type()) {
      case SS -> {
        Set<String> rest = new LinkedHashSet<>(((AttributeValue.SS) current).value());
        rest.removeAll(((AttributeValue.SS) operand).value());
        yield rest.isEmpty() ? null : new AttributeValue.SS(rest);
      }
      case NS -> {
        Set<DynamoNumber> rest = new LinkedHashSet<>(((AttributeValue.NS) current).value());
        rest.removeAll(((AttributeValue.NS) operand).value());
        yield rest.isEmpty() ? null : new AttributeValue.NS(rest);
      }
      case BS -> {
        Set<Bytes> rest = new LinkedHashSet<>(((AttributeValue.BS) current).value());
        rest.removeAll(((AttributeValue.BS) operand).value());
        yield rest.isEmpty() ? null : new AttributeValue.BS(rest);
      }
      case S, N, B, BOOL, NULL, M, L -> throw DynamoException.validation(mismatchMessage);
    };
  }

  /** The target's parent must exist in the old item and be the right kind of container. */
  private static void requireParent(Map<String, AttributeValue> item, Ast.Path path) {
    if (path.depth() == 1) {
      return;
    }
    AttributeValue parent = Values.get(item, path.parent());
    boolean fits =
        path.last() instanceof Ast.Index
            ? parent instanceof AttributeValue.L
            : parent instanceof AttributeValue.M;
    if (!fits) {
      throw DynamoException.validation(INVALID_PATH);
    }
  }

  // ---- building the new item ------------------------------------------------------------------

  /**
   * The edits of one update as a tree mirroring the paths. A leaf replaces or removes the value at
   * its path; an inner node rebuilds its container from the old one.
   */
  private static final class Edit {
    private final Map<String, Edit> byName = new LinkedHashMap<>();
    private final TreeMap<Integer, Edit> byIndex = new TreeMap<>();
    private boolean isLeaf;
    private @Nullable AttributeValue value;

    Edit at(Ast.Path path) {
      Edit edit = this;
      for (Ast.PathElement element : path.elements()) {
        edit =
            element instanceof Ast.Index index
                ? edit.byIndex.computeIfAbsent(index.index(), ignored -> new Edit())
                : edit.byName.computeIfAbsent(
                    ((Ast.Attribute) element).name(), ignored -> new Edit());
      }
      return edit;
    }

    void put(AttributeValue newValue) {
      isLeaf = true;
      value = newValue;
    }

    void remove() {
      isLeaf = true;
      value = null;
    }

    Map<String, AttributeValue> applyToItem(Map<String, AttributeValue> item) {
      Map<String, AttributeValue> result = new LinkedHashMap<>(item);
      applyToMap(result);
      return result;
    }

    private void applyToMap(Map<String, AttributeValue> map) {
      for (Map.Entry<String, Edit> entry : byName.entrySet()) {
        Edit edit = entry.getValue();
        if (edit.isLeaf) {
          if (edit.value == null) {
            map.remove(entry.getKey());
          } else {
            map.put(entry.getKey(), edit.value);
          }
        } else {
          AttributeValue child = map.get(entry.getKey());
          if (child == null) {
            throw new IllegalStateException("edit below a missing attribute: " + entry.getKey());
          }
          map.put(entry.getKey(), edit.rebuild(child));
        }
      }
    }

    private AttributeValue rebuild(AttributeValue container) {
      if (container instanceof AttributeValue.M map) {
        Map<String, AttributeValue> entries = new LinkedHashMap<>(map.value());
        applyToMap(entries);
        return new AttributeValue.M(entries);
      }
      List<AttributeValue> old = ((AttributeValue.L) container).value();
      List<AttributeValue> elements = new ArrayList<>(old.size() + byIndex.size());
      for (int i = 0; i < old.size(); i++) {
        Edit edit = byIndex.get(i);
        if (edit == null) {
          elements.add(old.get(i));
        } else if (!edit.isLeaf) {
          elements.add(edit.rebuild(old.get(i)));
        } else if (edit.value != null) {
          elements.add(edit.value);
        }
      }
      for (Edit edit : byIndex.tailMap(old.size()).values()) {
        if (edit.isLeaf && edit.value != null) {
          elements.add(edit.value);
        }
      }
      return new AttributeValue.L(elements);
    }
  }
}

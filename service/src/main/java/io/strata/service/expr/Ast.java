package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The one syntax tree for every kind of expression: conditions (condition, filter and key condition
 * expressions, and the legacy Expected, QueryFilter, ScanFilter and KeyConditions parameters),
 * updates (UpdateExpression and AttributeUpdates) and projections (ProjectionExpression and
 * AttributesToGet).
 *
 * <p>A tree comes in two states. As parsed (and cached) it holds placeholders: {@link
 * NamePlaceholder} path elements and {@link ValuePlaceholder} operands. {@link Resolver} replaces
 * them with the request's {@link Attribute} names and {@link Literal} values; only resolved trees
 * reach the evaluator. Legacy parameters convert straight to resolved trees. All nodes are
 * immutable records, so trees are shared freely between threads.
 */
final class Ast {
  private Ast() {}

  // ---- document paths -------------------------------------------------------------------------

  sealed interface PathElement permits Attribute, NamePlaceholder, Index {}

  /** A map key (or top-level attribute name), written directly or substituted for a {@code #n}. */
  record Attribute(String name) implements PathElement {
    @Override
    public String toString() {
      return name;
    }
  }

  record NamePlaceholder(String placeholder) implements PathElement {
    @Override
    public String toString() {
      return placeholder;
    }
  }

  record Index(int index) implements PathElement {
    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }

  /**
   * A document path. Its {@code toString} is DynamoDB's rendering in messages: {@code [a, b, [1]]}.
   */
  record Path(List<PathElement> elements) implements Operand {
    Path {
      elements = List.copyOf(elements);
    }

    static Path of(String topLevelAttribute) {
      return new Path(List.of(new Attribute(topLevelAttribute)));
    }

    PathElement first() {
      return elements.get(0);
    }

    PathElement last() {
      return elements.get(elements.size() - 1);
    }

    int depth() {
      return elements.size();
    }

    @Override
    public OperandKind kind() {
      return OperandKind.PATH;
    }

    /** The top-level attribute name of a resolved path. */
    String attributeName() {
      return ((Attribute) elements.get(0)).name();
    }

    Path parent() {
      return new Path(elements.subList(0, elements.size() - 1));
    }

    Path child(PathElement element) {
      List<PathElement> longer = new ArrayList<>(elements);
      longer.add(element);
      return new Path(longer);
    }

    @Override
    public String toString() {
      return elements.toString();
    }
  }

  // ---- operands -------------------------------------------------------------------------------

  /** Java 17 cannot switch over a sealed type; switch over {@link Operand#kind()} instead. */
  sealed interface Operand permits Path, ValuePlaceholder, Literal, FunctionCall, Arithmetic {
    OperandKind kind();
  }

  enum OperandKind {
    PATH,
    VALUE_PLACEHOLDER,
    LITERAL,
    FUNCTION_CALL,
    ARITHMETIC
  }

  record ValuePlaceholder(String placeholder) implements Operand {
    @Override
    public OperandKind kind() {
      return OperandKind.VALUE_PLACEHOLDER;
    }
  }

  record Literal(AttributeValue value) implements Operand {
    @Override
    public OperandKind kind() {
      return OperandKind.LITERAL;
    }
  }

  record FunctionCall(Function function, List<Operand> arguments) implements Operand {
    FunctionCall {
      arguments = List.copyOf(arguments);
    }

    @Override
    public OperandKind kind() {
      return OperandKind.FUNCTION_CALL;
    }
  }

  /** {@code left + right} or {@code left - right}; only in SET actions. */
  record Arithmetic(boolean isAddition, Operand left, Operand right) implements Operand {
    String symbol() {
      return isAddition ? "+" : "-";
    }

    @Override
    public OperandKind kind() {
      return OperandKind.ARITHMETIC;
    }
  }

  enum Function {
    ATTRIBUTE_EXISTS(true, false),
    ATTRIBUTE_NOT_EXISTS(true, false),
    ATTRIBUTE_TYPE(true, false),
    BEGINS_WITH(true, false),
    CONTAINS(true, false),
    SIZE(false, false),
    IF_NOT_EXISTS(false, true),
    LIST_APPEND(false, true);

    private final boolean isCondition;
    private final boolean isUpdateFunction;

    Function(boolean isCondition, boolean isUpdateFunction) {
      this.isCondition = isCondition;
      this.isUpdateFunction = isUpdateFunction;
    }

    /** True for functions that are themselves conditions (all but size and the update ones). */
    boolean isCondition() {
      return isCondition;
    }

    boolean isUpdateFunction() {
      return isUpdateFunction;
    }

    /** The name as DynamoDB spells it; function names are case-sensitive. */
    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static @Nullable Function byWireName(String name) {
      for (Function function : values()) {
        if (function.wireName().equals(name)) {
          return function;
        }
      }
      return null;
    }
  }

  // ---- conditions -----------------------------------------------------------------------------

  /** Switch over {@link Condition#kind()}, as for operands. */
  sealed interface Condition
      permits Comparison, Between, In, And, Or, Not, FunctionCondition, Constant {
    ConditionKind kind();
  }

  enum ConditionKind {
    COMPARISON,
    BETWEEN,
    IN,
    AND,
    OR,
    NOT,
    FUNCTION,
    CONSTANT
  }

  enum Comparator {
    EQUAL("="),
    NOT_EQUAL("<>"),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">=");

    private final String symbol;

    Comparator(String symbol) {
      this.symbol = symbol;
    }

    String symbol() {
      return symbol;
    }

    /** The comparator that gives the same result with the operands swapped. */
    Comparator mirrored() {
      return switch (this) {
        case EQUAL, NOT_EQUAL -> this;
        case LESS -> GREATER;
        case LESS_OR_EQUAL -> GREATER_OR_EQUAL;
        case GREATER -> LESS;
        case GREATER_OR_EQUAL -> LESS_OR_EQUAL;
      };
    }
  }

  record Comparison(Comparator comparator, Operand left, Operand right) implements Condition {
    @Override
    public ConditionKind kind() {
      return ConditionKind.COMPARISON;
    }
  }

  record Between(Operand value, Operand lower, Operand upper) implements Condition {
    @Override
    public ConditionKind kind() {
      return ConditionKind.BETWEEN;
    }
  }

  record In(Operand value, List<Operand> candidates) implements Condition {
    @Override
    public ConditionKind kind() {
      return ConditionKind.IN;
    }

    In {
      candidates = List.copyOf(candidates);
    }
  }

  record And(Condition left, Condition right) implements Condition {
    @Override
    public ConditionKind kind() {
      return ConditionKind.AND;
    }
  }

  record Or(Condition left, Condition right) implements Condition {
    @Override
    public ConditionKind kind() {
      return ConditionKind.OR;
    }
  }

  record Not(Condition condition) implements Condition {
    @Override
    public ConditionKind kind() {
      return ConditionKind.NOT;
    }
  }

  /** attribute_exists, attribute_not_exists, attribute_type, begins_with or contains. */
  record FunctionCondition(FunctionCall call) implements Condition {
    @Override
    public ConditionKind kind() {
      return ConditionKind.FUNCTION;
    }
  }

  /** Always true or false; the legacy parameters' empty condition maps convert to it. */
  record Constant(boolean value) implements Condition {
    @Override
    public ConditionKind kind() {
      return ConditionKind.CONSTANT;
    }
  }

  // ---- updates and projections ----------------------------------------------------------------

  sealed interface UpdateAction permits SetAction, RemoveAction, AddAction, DeleteAction {
    Path path();

    ActionKind kind();
  }

  enum ActionKind {
    SET,
    REMOVE,
    ADD,
    DELETE
  }

  record SetAction(Path path, Operand value) implements UpdateAction {
    @Override
    public ActionKind kind() {
      return ActionKind.SET;
    }
  }

  record RemoveAction(Path path) implements UpdateAction {
    @Override
    public ActionKind kind() {
      return ActionKind.REMOVE;
    }
  }

  record AddAction(Path path, Operand value) implements UpdateAction {
    @Override
    public ActionKind kind() {
      return ActionKind.ADD;
    }
  }

  record DeleteAction(Path path, Operand value) implements UpdateAction {
    @Override
    public ActionKind kind() {
      return ActionKind.DELETE;
    }
  }

  /** The actions in the order they were written. */
  record Update(List<UpdateAction> actions) implements Parsed {
    Update {
      actions = List.copyOf(actions);
    }
  }

  record Projection(List<Path> paths) implements Parsed {
    Projection {
      paths = List.copyOf(paths);
    }
  }

  /** A condition expression's tree wrapped for the cache. */
  record ConditionTree(Condition condition) implements Parsed {}

  /** What the parser produces and the cache stores. */
  sealed interface Parsed permits ConditionTree, Update, Projection {}
}

package io.strata.service.expr;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ScalarOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the parsed trees of one request against its ExpressionAttributeNames and
 * ExpressionAttributeValues, and runs every check that needs them. One instance per request; it
 * remembers which placeholders the request's expressions used, for the final "unused" check.
 *
 * <h2>Order</h2>
 *
 * Conditions are walked left to right, children before their operator, and the first failing check
 * wins: {@code begins_with(:n, #undefined)} reports the undefined name, not the operand type.
 * Update expressions are walked twice, both times from the last action to the first (DynamoDB
 * Local: {@code SET a = :x, b = :y} with neither value defined reports {@code :y}): first the
 * target paths, which are also checked for overlaps, then the operands. Projections are walked last
 * to first too. The operator limit is checked after an expression resolves cleanly.
 */
final class Resolver {
  static final int MAX_OPERATORS = 300;
  static final int MAX_PATH_DEPTH = 32;
  static final int MAX_IN_OPERANDS = 100;
  static final String TOO_MANY_OPERATORS =
      "The expression contains too many operators; operator count: " + (MAX_OPERATORS + 1);

  /** DynamoDB Local's rendering of "any type" when attribute_type is given a path. */
  private static final String ANY_TYPE_FOR_ATTRIBUTE_TYPE =
      "{L,BOOL,M,N,HDS,BS,NULL,DECIMALSET,DICT,DOUBLESET,INT,INTSET,DOUBLE,DECIMAL,FS,HD,FLOAT,SS,S,B,NS}";

  private final Map<String, String> names;
  private final Map<String, AttributeValue> values;
  private final Map<String, String> numberTexts;
  private final Set<String> usedNames = new HashSet<>();
  private final Set<String> usedValues = new HashSet<>();

  /**
   * @param numberTexts the original text of every top-level N value, by placeholder; BETWEEN's
   *     messages print numbers as the client wrote them ({@code {N:-12.50}})
   */
  Resolver(
      Map<String, String> names,
      Map<String, AttributeValue> values,
      Map<String, String> numberTexts) {
    this.names = names;
    this.values = values;
    this.numberTexts = numberTexts;
  }

  // ---- conditions -----------------------------------------------------------------------------

  Ast.Condition resolveCondition(ExpressionKind kind, Ast.Condition parsed) {
    Ast.Condition resolved = new ConditionWalk(kind).condition(parsed);
    if (OperatorCount.of(resolved) > MAX_OPERATORS) {
      throw kind.invalid(TOO_MANY_OPERATORS);
    }
    return resolved;
  }

  private final class ConditionWalk {
    private final ExpressionKind kind;

    ConditionWalk(ExpressionKind kind) {
      this.kind = kind;
    }

    Ast.Condition condition(Ast.Condition condition) {
      return switch (condition.kind()) {
        case COMPARISON -> comparison((Ast.Comparison) condition);
        case BETWEEN -> between((Ast.Between) condition);
        case IN -> in((Ast.In) condition);
        case AND -> {
          Ast.And and = (Ast.And) condition;
          yield new Ast.And(condition(and.left()), condition(and.right()));
        }
        case OR -> {
          Ast.Or or = (Ast.Or) condition;
          yield new Ast.Or(condition(or.left()), condition(or.right()));
        }
        case NOT -> new Ast.Not(condition(((Ast.Not) condition).condition()));
        case FUNCTION ->
            new Ast.FunctionCondition(call(((Ast.FunctionCondition) condition).call()));
        case CONSTANT -> condition;
      };
    }

    private Ast.Condition comparison(Ast.Comparison comparison) {
      Ast.Operand left = operand(comparison.left());
      Ast.Operand right = operand(comparison.right());
      String symbol = comparison.comparator().symbol();
      requireDistinct(symbol, left, List.of(right));
      if (comparison.comparator() != Ast.Comparator.EQUAL
          && comparison.comparator() != Ast.Comparator.NOT_EQUAL) {
        requireScalar(symbol, left);
        requireScalar(symbol, right);
      }
      return new Ast.Comparison(comparison.comparator(), left, right);
    }

    private Ast.Condition between(Ast.Between between) {
      Ast.Operand value = operand(between.value());
      Ast.Operand lower = operand(between.lower());
      Ast.Operand upper = operand(between.upper());
      requireDistinct("BETWEEN", value, List.of(lower, upper));
      requireScalar("BETWEEN", value);
      requireScalar("BETWEEN", lower);
      requireScalar("BETWEEN", upper);
      if (lower instanceof Ast.Literal low && upper instanceof Ast.Literal high) {
        checkBounds(
            kind,
            low.value(),
            high.value(),
            numberText(between.lower()),
            numberText(between.upper()));
      }
      return new Ast.Between(value, lower, upper);
    }

    private @Nullable String numberText(Ast.Operand parsed) {
      return parsed instanceof Ast.ValuePlaceholder placeholder
          ? numberTexts.get(placeholder.placeholder())
          : null;
    }

    private Ast.Condition in(Ast.In in) {
      Ast.Operand value = operand(in.value());
      List<Ast.Operand> candidates = new ArrayList<>(in.candidates().size());
      for (Ast.Operand candidate : in.candidates()) {
        candidates.add(operand(candidate));
      }
      if (candidates.size() > MAX_IN_OPERANDS) {
        throw kind.invalid(ValidationMessages.TOO_MANY_IN_OPERANDS.formatted(candidates.size()));
      }
      requireDistinct("IN", value, candidates);
      return new Ast.In(value, candidates);
    }

    Ast.Operand operand(Ast.Operand operand) {
      return switch (operand.kind()) {
        case PATH -> path(kind, (Ast.Path) operand);
        case VALUE_PLACEHOLDER -> value(kind, (Ast.ValuePlaceholder) operand);
        case LITERAL -> operand;
        case FUNCTION_CALL -> call((Ast.FunctionCall) operand);
        case ARITHMETIC -> arithmetic((Ast.Arithmetic) operand);
      };
    }

    private Ast.Operand arithmetic(Ast.Arithmetic arithmetic) {
      Ast.Operand left = operand(arithmetic.left());
      Ast.Operand right = operand(arithmetic.right());
      requireType(arithmetic.symbol(), left, AttributeValue.Type.N);
      requireType(arithmetic.symbol(), right, AttributeValue.Type.N);
      return new Ast.Arithmetic(arithmetic.isAddition(), left, right);
    }

    Ast.FunctionCall call(Ast.FunctionCall call) {
      List<Ast.Operand> arguments = new ArrayList<>(call.arguments().size());
      for (Ast.Operand argument : call.arguments()) {
        arguments.add(operand(argument));
      }
      Ast.Function function = call.function();
      String name = function.wireName();
      int expected =
          switch (function) {
            case ATTRIBUTE_EXISTS, ATTRIBUTE_NOT_EXISTS, SIZE -> 1;
            default -> 2;
          };
      if (arguments.size() != expected) {
        throw kind.invalid(
            "Incorrect number of operands for operator or function; operator or function: "
                + name
                + ", number of operands: "
                + arguments.size());
      }
      Ast.Operand first = arguments.get(0);
      switch (function) {
        case ATTRIBUTE_EXISTS, ATTRIBUTE_NOT_EXISTS, IF_NOT_EXISTS -> {
          if (!(first instanceof Ast.Path)) {
            throw kind.invalid(
                "Operator or function requires a document path; operator or function: " + name);
          }
        }
        case ATTRIBUTE_TYPE -> checkTypeName(arguments.get(1));
        case BEGINS_WITH -> {
          requireDistinct(name, first, arguments.subList(1, 2));
          for (Ast.Operand argument : arguments) {
            AttributeValue.@Nullable Type type = staticType(argument);
            if (type != null && type != AttributeValue.Type.S && type != AttributeValue.Type.B) {
              throw incorrectOperandType(name, type.name());
            }
          }
        }
        case CONTAINS -> requireDistinct(name, first, arguments.subList(1, 2));
        case SIZE -> {
          AttributeValue.@Nullable Type type = staticType(first);
          if (type == AttributeValue.Type.N
              || type == AttributeValue.Type.BOOL
              || type == AttributeValue.Type.NULL) {
            throw incorrectOperandType(name, type.name());
          }
        }
        case LIST_APPEND -> {
          for (Ast.Operand argument : arguments) {
            if (argument instanceof Ast.Literal literal
                && literal.value().type() != AttributeValue.Type.L) {
              throw incorrectOperandType(name, literal.value().type().name());
            }
          }
        }
      }
      return new Ast.FunctionCall(function, arguments);
    }

    private void checkTypeName(Ast.Operand typeName) {
      if (typeName instanceof Ast.Path) {
        throw incorrectOperandType("attribute_type", ANY_TYPE_FOR_ATTRIBUTE_TYPE);
      }
      AttributeValue.@Nullable Type type = staticType(typeName);
      if (type != null && type != AttributeValue.Type.S) {
        throw incorrectOperandType("attribute_type", type.name());
      }
      if (typeName instanceof Ast.Literal literal) {
        String name = ((AttributeValue.S) literal.value()).value();
        if (Values.typeByName(name) == null) {
          throw kind.invalid(
              "Invalid attribute type name found; type: "
                  + name
                  + ", valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}");
        }
      }
    }

    private void requireScalar(String operator, Ast.Operand operand) {
      AttributeValue.@Nullable Type type = staticType(operand);
      if (type != null && !type.isScalar()) {
        throw incorrectOperandType(operator, type.name());
      }
    }

    private void requireType(String operator, Ast.Operand operand, AttributeValue.Type required) {
      AttributeValue.@Nullable Type type = staticType(operand);
      if (type != null && type != required) {
        throw incorrectOperandType(operator, type.name());
      }
    }

    private void requireDistinct(String operator, Ast.Operand first, List<Ast.Operand> others) {
      if (first instanceof Ast.Path path) {
        for (Ast.Operand other : others) {
          if (path.equals(other)) {
            throw kind.invalid(
                "The first operand must be distinct from the remaining operands for this operator"
                    + " or function; operator: "
                    + operator
                    + ", first operand: "
                    + path);
          }
        }
      }
    }

    private DynamoException incorrectOperandType(String operator, String type) {
      return kind.invalid(
          "Incorrect operand type for operator or function; operator or function: "
              + operator
              + ", operand type: "
              + type);
    }
  }

  /** The type an operand is known to have before any item is seen, or null. */
  static AttributeValue.@Nullable Type staticType(Ast.Operand operand) {
    return switch (operand.kind()) {
      case LITERAL -> ((Ast.Literal) operand).value().type();
      case FUNCTION_CALL ->
          ((Ast.FunctionCall) operand).function() == Ast.Function.SIZE
              ? AttributeValue.Type.N
              : null;
      case ARITHMETIC -> AttributeValue.Type.N;
      case PATH, VALUE_PLACEHOLDER -> null;
    };
  }

  /**
   * BETWEEN's bounds must have one type and be in order. Shared with key conditions. The message
   * prints each bound the way DynamoDB's Java model prints an AttributeValue.
   */
  static void checkBounds(
      ExpressionKind kind,
      AttributeValue lower,
      AttributeValue upper,
      @Nullable String lowerText,
      @Nullable String upperText) {
    if (lower.type() != upper.type()) {
      throw kind.invalid(
          "The BETWEEN operator requires same data type for lower and upper bounds; lower bound"
              + " operand: "
              + Values.describe(lower, lowerText)
              + ", upper bound operand: "
              + Values.describe(upper, upperText));
    }
    if (ScalarOrder.compare(lower, upper) > 0) {
      throw kind.invalid(
          "The BETWEEN operator requires upper bound to be greater than or equal to lower bound;"
              + " lower bound operand: "
              + Values.describe(lower, lowerText)
              + ", upper bound operand: "
              + Values.describe(upper, upperText));
    }
  }

  // ---- updates --------------------------------------------------------------------------------

  Ast.Update resolveUpdate(Ast.Update parsed) {
    ExpressionKind kind = ExpressionKind.UPDATE;
    List<Ast.UpdateAction> actions = parsed.actions();
    int count = actions.size();
    Ast.Path[] paths = new Ast.Path[count];
    PathTree tree = new PathTree(kind);
    for (int i = count - 1; i >= 0; i--) {
      paths[i] = path(kind, actions.get(i).path());
      tree.add(paths[i]);
    }
    Ast.UpdateAction[] resolved = new Ast.UpdateAction[count];
    ConditionWalk walk = new ConditionWalk(kind);
    for (int i = count - 1; i >= 0; i--) {
      Ast.UpdateAction action = actions.get(i);
      resolved[i] =
          switch (action.kind()) {
            case SET -> new Ast.SetAction(paths[i], walk.operand(((Ast.SetAction) action).value()));
            case REMOVE -> new Ast.RemoveAction(paths[i]);
            case ADD -> {
              AttributeValue value = literal(kind, ((Ast.AddAction) action).value());
              AttributeValue.Type type = value.type();
              if (type != AttributeValue.Type.N && !type.isSet()) {
                throw kind.invalid(
                    "Incorrect operand type for operator or function; operator: ADD, operand type: "
                        + Values.longTypeName(type)
                        + ", typeSet: ALLOWED_FOR_ADD_OPERAND");
              }
              yield new Ast.AddAction(paths[i], new Ast.Literal(value));
            }
            case DELETE -> {
              AttributeValue value = literal(kind, ((Ast.DeleteAction) action).value());
              if (!value.type().isSet()) {
                throw kind.invalid(
                    "Incorrect operand type for operator or function; operator: DELETE, operand"
                        + " type: "
                        + Values.longTypeName(value.type())
                        + ", typeSet: ALLOWED_FOR_DELETE_OPERAND");
              }
              yield new Ast.DeleteAction(paths[i], new Ast.Literal(value));
            }
          };
    }
    Ast.Update update = new Ast.Update(List.of(resolved));
    if (OperatorCount.of(update) > MAX_OPERATORS) {
      throw kind.invalid(TOO_MANY_OPERATORS);
    }
    return update;
  }

  private AttributeValue literal(ExpressionKind kind, Ast.Operand operand) {
    return ((Ast.Literal) value(kind, (Ast.ValuePlaceholder) operand)).value();
  }

  // ---- projections ----------------------------------------------------------------------------

  Ast.Projection resolveProjection(Ast.Projection parsed) {
    ExpressionKind kind = ExpressionKind.PROJECTION;
    List<Ast.Path> paths = parsed.paths();
    Ast.Path[] resolved = new Ast.Path[paths.size()];
    PathTree tree = new PathTree(kind);
    for (int i = paths.size() - 1; i >= 0; i--) {
      resolved[i] = path(kind, paths.get(i));
      tree.add(resolved[i]);
    }
    return new Ast.Projection(List.of(resolved));
  }

  // ---- placeholders ---------------------------------------------------------------------------

  Ast.Path path(ExpressionKind kind, Ast.Path path) {
    List<Ast.PathElement> elements = new ArrayList<>(path.depth());
    boolean changed = false;
    for (Ast.PathElement element : path.elements()) {
      if (element instanceof Ast.NamePlaceholder placeholder) {
        String name = names.get(placeholder.placeholder());
        if (name == null) {
          throw kind.invalid(
              "An expression attribute name used in the document path is not defined; attribute"
                  + " name: "
                  + placeholder.placeholder());
        }
        usedNames.add(placeholder.placeholder());
        elements.add(new Ast.Attribute(name));
        changed = true;
      } else {
        elements.add(element);
      }
    }
    if (elements.size() > MAX_PATH_DEPTH) {
      throw kind.invalid(
          "The document path has too many nesting levels; nesting levels: " + elements.size());
    }
    return changed ? new Ast.Path(elements) : path;
  }

  private Ast.Operand value(ExpressionKind kind, Ast.ValuePlaceholder placeholder) {
    AttributeValue value = values.get(placeholder.placeholder());
    if (value == null) {
      throw kind.invalid(
          "An expression attribute value used in expression is not defined; attribute value: "
              + placeholder.placeholder());
    }
    usedValues.add(placeholder.placeholder());
    return new Ast.Literal(value);
  }

  /**
   * Fails if the request defined names or values its expressions never used. The keys print in the
   * iteration order of a {@link java.util.HashSet} built from all of the request's keys, which is
   * what DynamoDB prints ({@code keys: {:null, :b, :bs, ...}}, checked against DynamoDB Local).
   */
  void checkUnused() {
    checkUnused("ExpressionAttributeNames", names.keySet(), usedNames);
    checkUnused("ExpressionAttributeValues", values.keySet(), usedValues);
  }

  private static void checkUnused(String parameter, Set<String> defined, Set<String> used) {
    if (used.containsAll(defined)) {
      return;
    }
    Set<String> unused = new HashSet<>(defined);
    unused.removeAll(used);
    throw DynamoException.validation(
        "Value provided in "
            + parameter
            + " unused in expressions: keys: {"
            + String.join(", ", unused)
            + "}");
  }

  /** Read-only view, for tests. */
  Map<String, Set<String>> usage() {
    Map<String, Set<String>> usage = new LinkedHashMap<>();
    usage.put("names", Collections.unmodifiableSet(usedNames));
    usage.put("values", Collections.unmodifiableSet(usedValues));
    return usage;
  }
}

package io.strata.service.partiql;

import io.strata.service.model.AttributeValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The syntax tree of one statement. As parsed it may hold {@link Parameter}s and collection
 * constructors whose elements are parameters; {@link Parameters#bind} replaces both with {@link
 * Literal}s, and only bound trees are translated. All nodes are immutable records.
 */
public final class Ast {
  private Ast() {}

  // ---- statements -----------------------------------------------------------------------------

  /** Java 17 cannot switch over a sealed type; switch over {@link Statement#kind()} instead. */
  public sealed interface Statement permits Select, Insert, Update, Delete, Exists {
    StatementKind kind();

    /** The table the statement reads or writes. */
    String table();
  }

  public enum StatementKind {
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    EXISTS
  }

  /**
   * {@code SELECT projection FROM table[.index] [WHERE condition] [ORDER BY key [ASC|DESC], ...]}.
   *
   * @param projection the selected paths; empty for {@code *}
   */
  public record Select(
      List<Path> projection,
      String table,
      @Nullable String index,
      @Nullable Expression where,
      List<OrderBy> orderBy)
      implements Statement {
    public Select {
      projection = List.copyOf(projection);
      orderBy = List.copyOf(orderBy);
    }

    @Override
    public StatementKind kind() {
      return StatementKind.SELECT;
    }
  }

  public record OrderBy(String attribute, boolean descending) {}

  /** {@code INSERT INTO table VALUE {...}}. */
  public record Insert(String table, Expression item) implements Statement {
    @Override
    public StatementKind kind() {
      return StatementKind.INSERT;
    }
  }

  /** {@code UPDATE table SET ... | REMOVE ... WHERE condition [RETURNING ...]}. */
  public record Update(
      String table, List<Action> actions, Expression where, @Nullable Returning returning)
      implements Statement {
    public Update {
      actions = List.copyOf(actions);
    }

    @Override
    public StatementKind kind() {
      return StatementKind.UPDATE;
    }
  }

  /** {@code DELETE FROM table WHERE condition [RETURNING ALL OLD *]}. */
  public record Delete(String table, Expression where, @Nullable Returning returning)
      implements Statement {
    @Override
    public StatementKind kind() {
      return StatementKind.DELETE;
    }
  }

  /** {@code EXISTS(SELECT ...)}: a condition check, only in ExecuteTransaction. */
  public record Exists(Select select) implements Statement {
    @Override
    public StatementKind kind() {
      return StatementKind.EXISTS;
    }

    @Override
    public String table() {
      return select.table();
    }
  }

  /** What a RETURNING clause asks for, named as UpdateItem's ReturnValues. */
  public enum Returning {
    ALL_OLD,
    UPDATED_OLD,
    ALL_NEW,
    UPDATED_NEW
  }

  /** {@code SET path = value} or {@code REMOVE path}. */
  public record Action(Path path, @Nullable Expression value) {
    public boolean isRemove() {
      return value == null;
    }
  }

  // ---- expressions ----------------------------------------------------------------------------

  /** Switch over {@link Expression#kind()}, as for statements. */
  public sealed interface Expression
      permits Path,
          Literal,
          Parameter,
          ListConstructor,
          MapConstructor,
          SetConstructor,
          Comparison,
          Between,
          In,
          And,
          Or,
          Not,
          Is,
          Call,
          Arithmetic {
    ExpressionKind kind();
  }

  public enum ExpressionKind {
    PATH,
    LITERAL,
    PARAMETER,
    LIST,
    MAP,
    SET,
    COMPARISON,
    BETWEEN,
    IN,
    AND,
    OR,
    NOT,
    IS,
    CALL,
    ARITHMETIC
  }

  /** One step of a document path. */
  public sealed interface Step permits Name, Index {}

  public record Name(String name) implements Step {
    @Override
    public String toString() {
      return name;
    }
  }

  public record Index(int index) implements Step {
    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }

  /** {@code a.b[2].c}: the first step is always a {@link Name}. */
  public record Path(List<Step> steps) implements Expression {
    public Path {
      steps = List.copyOf(steps);
    }

    public static Path of(String attribute) {
      return new Path(List.of(new Name(attribute)));
    }

    /** The top-level attribute the path starts at. */
    public String attribute() {
      return ((Name) steps.get(0)).name();
    }

    public boolean isTopLevel() {
      return steps.size() == 1;
    }

    @Override
    public ExpressionKind kind() {
      return ExpressionKind.PATH;
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      for (Step step : steps) {
        if (step instanceof Name && text.length() > 0) {
          text.append('.');
        }
        text.append(step);
      }
      return text.toString();
    }
  }

  public record Literal(AttributeValue value) implements Expression {
    @Override
    public ExpressionKind kind() {
      return ExpressionKind.LITERAL;
    }
  }

  /** The {@code index}-th {@code ?} of the statement (0-based). */
  public record Parameter(int index) implements Expression {
    @Override
    public ExpressionKind kind() {
      return ExpressionKind.PARAMETER;
    }
  }

  /** {@code [a, b]}. */
  public record ListConstructor(List<Expression> elements) implements Expression {
    public ListConstructor {
      elements = List.copyOf(elements);
    }

    @Override
    public ExpressionKind kind() {
      return ExpressionKind.LIST;
    }
  }

  /** {@code {'k': v, ...}}, entries in the order written. */
  public record MapConstructor(List<Entry> entries) implements Expression {
    public MapConstructor {
      entries = List.copyOf(entries);
    }

    @Override
    public ExpressionKind kind() {
      return ExpressionKind.MAP;
    }
  }

  public record Entry(String key, Expression value) {}

  /** {@code <<a, b>>}: a string, number or binary set. */
  public record SetConstructor(List<Expression> elements) implements Expression {
    public SetConstructor {
      elements = List.copyOf(elements);
    }

    @Override
    public ExpressionKind kind() {
      return ExpressionKind.SET;
    }
  }

  public enum Comparator {
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

    /** The operator in DynamoDB expression syntax (which spells them the same). */
    public String symbol() {
      return symbol;
    }
  }

  public record Comparison(Comparator comparator, Expression left, Expression right)
      implements Expression {
    @Override
    public ExpressionKind kind() {
      return ExpressionKind.COMPARISON;
    }
  }

  public record Between(Expression value, Expression lower, Expression upper)
      implements Expression {
    @Override
    public ExpressionKind kind() {
      return ExpressionKind.BETWEEN;
    }
  }

  public record In(Expression value, List<Expression> candidates) implements Expression {
    public In {
      candidates = List.copyOf(candidates);
    }

    @Override
    public ExpressionKind kind() {
      return ExpressionKind.IN;
    }
  }

  public record And(Expression left, Expression right) implements Expression {
    @Override
    public ExpressionKind kind() {
      return ExpressionKind.AND;
    }
  }

  public record Or(Expression left, Expression right) implements Expression {
    @Override
    public ExpressionKind kind() {
      return ExpressionKind.OR;
    }
  }

  public record Not(Expression operand) implements Expression {
    @Override
    public ExpressionKind kind() {
      return ExpressionKind.NOT;
    }
  }

  /** {@code value IS [NOT] MISSING} or {@code value IS [NOT] NULL}. */
  public record Is(Expression value, boolean missing, boolean negated) implements Expression {
    @Override
    public ExpressionKind kind() {
      return ExpressionKind.IS;
    }
  }

  /** A function call; {@code function} is lower case (PartiQL's names ignore case). */
  public record Call(String function, List<Expression> arguments) implements Expression {
    public Call {
      arguments = List.copyOf(arguments);
    }

    @Override
    public ExpressionKind kind() {
      return ExpressionKind.CALL;
    }
  }

  public record Arithmetic(boolean isAddition, Expression left, Expression right)
      implements Expression {
    @Override
    public ExpressionKind kind() {
      return ExpressionKind.ARITHMETIC;
    }
  }
}

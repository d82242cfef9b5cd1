package io.strata.service.partiql;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.model.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A recursive-descent parser for DynamoDB's PartiQL statements:
 *
 * <pre>
 * statement  = (select | insert | update | delete | EXISTS "(" select ")") [";"]
 * select     = SELECT ("*" | path {"," path}) FROM name ["." name] [WHERE expression]
 *              [ORDER BY name [ASC|DESC] {"," name [ASC|DESC]}]
 * insert     = INSERT INTO name VALUE map
 * update     = UPDATE name (SET path "=" sum {"," path "=" sum} | REMOVE path {"," path})+
 *              WHERE expression [returning]
 * delete     = DELETE FROM name WHERE expression [returning]
 * returning  = RETURNING (ALL | MODIFIED) (OLD | NEW) "*"
 * expression = and {OR and};  and = not {AND not};  not = NOT not | predicate
 * predicate  = sum [comparator sum | [NOT] IN list | [NOT] BETWEEN sum AND sum
 *              | IS [NOT] (MISSING | NULL)]
 * sum        = primary {("+" | "-") primary}
 * primary    = literal | "?" | path | function "(" [expression {"," expression}] ")"
 *              | "(" expression ")" | "[" values "]" | "{" entries "}" | "&lt;&lt;" values "&gt;&gt;"
 * path       = name {"." name | "[" index "]"}
 * </pre>
 *
 * Keywords ignore case; a name that is a keyword must be double-quoted. Every syntax error is a
 * ValidationException {@code Statement wasn't well formed, can't be processed: <what> at
 * line:column:length}, the position format DynamoDB uses in its PartiQL messages (DynamoDB Local,
 * for instance, answers {@code INSERT INTO t VALUE ?} with {@code ... at 1:23:1}).
 *
 * <h2>Bounded work</h2>
 *
 * Statements are at most {@value #MAX_STATEMENT_LENGTH} characters (the API's limit), so the token
 * list is bounded; every rule consumes a token or fails, so parsing is linear. Parentheses,
 * function calls and collection literals recurse, bounded by {@value #MAX_NESTING_DEPTH} levels
 * (DynamoDB items nest at most 32 deep; no useful condition comes close), so hostile input cannot
 * overflow the stack. The operator limit is the expression layer's, which checks the translated
 * conditions. An IN list of more than {@value #MAX_IN_OPERANDS} operands is refused once the whole
 * statement has parsed (so a syntax error later in it wins), in DynamoDB's words, which carry no
 * position and no "Invalid ...Expression:" prefix (floci's captures from AWS).
 */
public final class Parser {
  public static final int MAX_STATEMENT_LENGTH = 8192;
  static final int MAX_NESTING_DEPTH = 100;
  static final int MAX_IN_OPERANDS = 100;
  static final String MALFORMED = "Statement wasn't well formed, can't be processed: ";

  /** Words that cannot be bare names. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "SELECT",
          "FROM",
          "WHERE",
          "AND",
          "OR",
          "NOT",
          "IN",
          "BETWEEN",
          "IS",
          "MISSING",
          "NULL",
          "TRUE",
          "FALSE",
          "ORDER",
          "BY",
          "ASC",
          "DESC",
          "INSERT",
          "INTO",
          "VALUE",
          "UPDATE",
          "SET",
          "REMOVE",
          "DELETE",
          "RETURNING",
          "EXISTS");

  private final List<Token> tokens;
  private int position;
  private int depth;
  private int parameters;
  private int firstOversizedInList;

  private Parser(String statement) {
    this.tokens = Lexer.tokenize(statement);
  }

  /** A parsed statement and how many {@code ?} parameters it takes. */
  public record Parsed(Ast.Statement statement, int parameterCount) {}

  /** Parses one statement; throws DynamoDB's ValidationException. */
  public static Parsed parse(String statement) {
    if (statement.length() > MAX_STATEMENT_LENGTH) {
      throw DynamoException.validation(
          "1 validation error detected: Value at 'statement' failed to satisfy constraint: Member"
              + " must have length less than or equal to "
              + MAX_STATEMENT_LENGTH);
    }
    Parser parser = new Parser(statement);
    Ast.Statement parsed = parser.statement();
    if (parser.current().is(Token.Kind.SEMICOLON)) {
      parser.advance();
    }
    parser.expectEnd();
    if (parser.firstOversizedInList > 0) {
      throw DynamoException.validation(
          ValidationMessages.TOO_MANY_IN_OPERANDS.formatted(parser.firstOversizedInList));
    }
    return new Parsed(parsed, parser.parameters);
  }

  // ---- statements -----------------------------------------------------------------------------

  private Ast.Statement statement() {
    Token first = current();
    if (first.isKeyword("SELECT")) {
      return select();
    }
    if (first.isKeyword("INSERT")) {
      return insert();
    }
    if (first.isKeyword("UPDATE")) {
      return update();
    }
    if (first.isKeyword("DELETE")) {
      return delete();
    }
    if (first.isKeyword("EXISTS")) {
      advance();
      expect(Token.Kind.LEFT_PAREN, "'('");
      Ast.Select select = select();
      expect(Token.Kind.RIGHT_PAREN, "')'");
      return new Ast.Exists(select);
    }
    throw error(first, "Expected SELECT, INSERT, UPDATE, DELETE or EXISTS");
  }

  private Ast.Select select() {
    expectKeyword("SELECT");
    List<Ast.Path> projection = new ArrayList<>();
    if (current().is(Token.Kind.STAR)) {
      advance();
    } else {
      do {
        projection.add(path());
      } while (accept(Token.Kind.COMMA));
    }
    expectKeyword("FROM");
    String table = name();
    String index = null;
    if (accept(Token.Kind.DOT)) {
      index = name();
    }
    Ast.Expression where = null;
    if (acceptKeyword("WHERE")) {
      where = expression();
    }
    List<Ast.OrderBy> orderBy = new ArrayList<>();
    if (acceptKeyword("ORDER")) {
      expectKeyword("BY");
      do {
        String attribute = name();
        boolean descending = false;
        if (acceptKeyword("DESC")) {
          descending = true;
        } else {
          acceptKeyword("ASC");
        }
        orderBy.add(new Ast.OrderBy(attribute, descending));
      } while (accept(Token.Kind.COMMA));
    }
    return new Ast.Select(projection, table, index, where, orderBy);
  }

  private Ast.Insert insert() {
    expectKeyword("INSERT");
    expectKeyword("INTO");
    String table = name();
    expectKeyword("VALUE");
    Token value = current();
    if (!value.is(Token.Kind.LEFT_BRACE)) {
      throw DynamoException.validation(
          "Unsupported format in item expression. Please use struct format {...} to express item"
              + " values for insert statement. at "
              + value.position());
    }
    return new Ast.Insert(table, primary());
  }

  private Ast.Update update() {
    expectKeyword("UPDATE");
    String table = name();
    List<Ast.Action> actions = new ArrayList<>();
    while (true) {
      if (acceptKeyword("SET")) {
        do {
          Ast.Path path = path();
          expect(Token.Kind.EQUAL, "'='");
          actions.add(new Ast.Action(path, sum()));
        } while (accept(Token.Kind.COMMA));
      } else if (acceptKeyword("REMOVE")) {
        do {
          actions.add(new Ast.Action(path(), null));
        } while (accept(Token.Kind.COMMA));
      } else {
        break;
      }
    }
    if (actions.isEmpty()) {
      throw error(current(), "Expected SET or REMOVE");
    }
    expectKeyword("WHERE");
    Ast.Expression where = expression();
    return new Ast.Update(table, actions, where, returning());
  }

  private Ast.Delete delete() {
    expectKeyword("DELETE");
    expectKeyword("FROM");
    String table = name();
    expectKeyword("WHERE");
    Ast.Expression where = expression();
    return new Ast.Delete(table, where, returning());
  }

  private Ast.@Nullable Returning returning() {
    if (!acceptKeyword("RETURNING")) {
      return null;
    }
    boolean all;
    if (acceptKeyword("ALL")) {
      all = true;
    } else if (acceptKeyword("MODIFIED")) {
      all = false;
    } else {
      throw error(current(), "Expected ALL or MODIFIED");
    }
    boolean old;
    if (acceptKeyword("OLD")) {
      old = true;
    } else if (acceptKeyword("NEW")) {
      old = false;
    } else {
      throw error(current(), "Expected OLD or NEW");
    }
    expect(Token.Kind.STAR, "'*'");
    if (old) {
      return all ? Ast.Returning.ALL_OLD : Ast.Returning.UPDATED_OLD;
    }
    return all ? Ast.Returning.ALL_NEW : Ast.Returning.UPDATED_NEW;
  }

  // ---- expressions ----------------------------------------------------------------------------

  private Ast.Expression expression() {
    enter();
    Ast.Expression left = and();
    while (acceptKeyword("OR")) {
      left = new Ast.Or(left, and());
    }
    depth--;
    return left;
  }

  private Ast.Expression and() {
    Ast.Expression left = not();
    while (acceptKeyword("AND")) {
      left = new Ast.And(left, not());
    }
    return left;
  }

  /** NOT chains are counted against the depth bound rather than recursed without limit. */
  private Ast.Expression not() {
    int negations = 0;
    while (acceptKeyword("NOT")) {
      negations++;
      enter();
    }
    Ast.Expression operand = predicate();
    for (int i = 0; i < negations; i++) {
      operand = new Ast.Not(operand);
      depth--;
    }
    return operand;
  }

  private Ast.Expression predicate() {
    Ast.Expression left = sum();
    Ast.Comparator comparator = comparator(current());
    if (comparator != null) {
      advance();
      return new Ast.Comparison(comparator, left, sum());
    }
    boolean negated = false;
    if (current().isKeyword("NOT") && (peek().isKeyword("IN") || peek().isKeyword("BETWEEN"))) {
      advance();
      negated = true;
    }
    Ast.Expression predicate = null;
    if (acceptKeyword("IN")) {
      predicate = new Ast.In(left, candidates());
    } else if (acceptKeyword("BETWEEN")) {
      Ast.Expression lower = sum();
      expectKeyword("AND");
      predicate = new Ast.Between(left, lower, sum());
    } else if (acceptKeyword("IS")) {
      boolean isNot = acceptKeyword("NOT");
      if (acceptKeyword("MISSING")) {
        return new Ast.Is(left, true, isNot);
      }
      expectKeyword("NULL");
      return new Ast.Is(left, false, isNot);
    }
    if (predicate == null) {
      return left;
    }
    return negated ? new Ast.Not(predicate) : predicate;
  }

  private List<Ast.Expression> candidates() {
    Token open = current();
    Token.Kind close;
    if (open.is(Token.Kind.LEFT_BRACKET)) {
      close = Token.Kind.RIGHT_BRACKET;
    } else if (open.is(Token.Kind.LEFT_PAREN)) {
      close = Token.Kind.RIGHT_PAREN;
    } else {
      throw error(open, "Expected '[' or '('");
    }
    advance();
    List<Ast.Expression> candidates = new ArrayList<>();
    do {
      candidates.add(sum());
    } while (accept(Token.Kind.COMMA));
    expect(close, close == Token.Kind.RIGHT_BRACKET ? "']'" : "')'");
    if (candidates.size() > MAX_IN_OPERANDS && firstOversizedInList == 0) {
      firstOversizedInList = candidates.size();
    }
    return candidates;
  }

  private Ast.Expression sum() {
    Ast.Expression left = primary();
    while (current().is(Token.Kind.PLUS) || current().is(Token.Kind.MINUS)) {
      boolean addition = current().is(Token.Kind.PLUS);
      advance();
      left = new Ast.Arithmetic(addition, left, primary());
    }
    return left;
  }

  private Ast.Expression primary() {
    Token token = current();
    switch (token.kind()) {
      case STRING -> {
        advance();
        return new Ast.Literal(AttributeValue.s(token.text()));
      }
      case NUMBER -> {
        advance();
        return new Ast.Literal(AttributeValue.N.parse(token.text()));
      }
      case MINUS -> {
        if (peek().is(Token.Kind.NUMBER)) {
          advance();
          Token number = current();
          advance();
          return new Ast.Literal(AttributeValue.N.parse("-" + number.text()));
        }
        throw error(token, "Unexpected '-'");
      }
      case PARAMETER -> {
        advance();
        return new Ast.Parameter(parameters++);
      }
      case LEFT_PAREN -> {
        advance();
        Ast.Expression inner = expression();
        expect(Token.Kind.RIGHT_PAREN, "')'");
        return inner;
      }
      case LEFT_BRACKET -> {
        List<Ast.Expression> elements = new ArrayList<>();
        elements(Token.Kind.RIGHT_BRACKET, "']'", elements, new ArrayList<>());
        return allLiterals(elements)
            ? new Ast.Literal(CollectionLiterals.list(elements))
            : new Ast.ListConstructor(elements);
      }
      case LEFT_BAG -> {
        List<Ast.Expression> elements = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        elements(Token.Kind.RIGHT_BAG, "'>>'", elements, positions);
        if (!allLiterals(elements)) {
          return new Ast.SetConstructor(elements);
        }
        Token close = tokens.get(position - 1);
        String start =
            " at "
                + token.line()
                + ":"
                + token.column()
                + ":"
                + (close.column() + 2 - token.column());
        return new Ast.Literal(CollectionLiterals.set(literals(elements), positions, start));
      }
      case LEFT_BRACE -> {
        return map();
      }
      case IDENTIFIER -> {
        String word = token.text().toUpperCase(Locale.ROOT);
        switch (word) {
          case "TRUE", "FALSE" -> {
            advance();
            return new Ast.Literal(AttributeValue.Bool.of(word.equals("TRUE")));
          }
          case "NULL" -> {
            advance();
            return new Ast.Literal(AttributeValue.Null.INSTANCE);
          }
          default -> {
            if (peek().is(Token.Kind.LEFT_PAREN) && (!isKeyword(token) || word.equals("EXISTS"))) {
              return call();
            }
            return path();
          }
        }
      }
      case QUOTED_IDENTIFIER -> {
        return path();
      }
      default -> throw error(token, "Expected a value or a path");
    }
  }

  private Ast.Call call() {
    String function = current().text().toLowerCase(Locale.ROOT);
    advance();
    expect(Token.Kind.LEFT_PAREN, "'('");
    enter();
    List<Ast.Expression> arguments = new ArrayList<>();
    if (!current().is(Token.Kind.RIGHT_PAREN)) {
      do {
        arguments.add(expression());
      } while (accept(Token.Kind.COMMA));
    }
    expect(Token.Kind.RIGHT_PAREN, "')'");
    depth--;
    return new Ast.Call(function, arguments);
  }

  /** Reads a collection's elements, and the position suffix of each, up to {@code close}. */
  private void elements(
      Token.Kind close, String closeText, List<Ast.Expression> elements, List<String> positions) {
    advance();
    enter();
    if (!current().is(close)) {
      do {
        positions.add(" at " + current().position());
        elements.add(sum());
      } while (accept(Token.Kind.COMMA));
    }
    expect(close, closeText);
    depth--;
  }

  private Ast.Expression map() {
    advance();
    enter();
    List<Ast.Entry> entries = new ArrayList<>();
    List<String> positions = new ArrayList<>();
    if (!current().is(Token.Kind.RIGHT_BRACE)) {
      do {
        Token key = current();
        if (!key.is(Token.Kind.STRING)) {
          throw error(key, "Expected a string key");
        }
        positions.add(" at " + key.position());
        advance();
        expect(Token.Kind.COLON, "':'");
        entries.add(new Ast.Entry(key.text(), sum()));
      } while (accept(Token.Kind.COMMA));
    }
    expect(Token.Kind.RIGHT_BRACE, "'}'");
    depth--;
    List<Ast.Expression> values = entries.stream().map(Ast.Entry::value).toList();
    if (!allLiterals(values)) {
      return new Ast.MapConstructor(entries);
    }
    return new Ast.Literal(
        CollectionLiterals.map(
            entries.stream().map(Ast.Entry::key).toList(), literals(values), positions));
  }

  private static boolean allLiterals(List<Ast.Expression> expressions) {
    return expressions.stream().allMatch(expression -> expression instanceof Ast.Literal);
  }

  private static List<AttributeValue> literals(List<Ast.Expression> expressions) {
    return expressions.stream().map(expression -> ((Ast.Literal) expression).value()).toList();
  }

  private Ast.Path path() {
    List<Ast.Step> steps = new ArrayList<>();
    steps.add(new Ast.Name(name()));
    while (true) {
      if (accept(Token.Kind.DOT)) {
        steps.add(new Ast.Name(name()));
      } else if (current().is(Token.Kind.LEFT_BRACKET)) {
        advance();
        Token index = current();
        if (index.is(Token.Kind.STRING)) {
          steps.add(new Ast.Name(index.text()));
        } else if (index.is(Token.Kind.NUMBER) && index.text().matches("\\d{1,9}")) {
          steps.add(new Ast.Index(Integer.parseInt(index.text())));
        } else {
          throw error(index, "Expected a list index");
        }
        advance();
        expect(Token.Kind.RIGHT_BRACKET, "']'");
      } else {
        return new Ast.Path(steps);
      }
    }
  }

  /** A table, index or attribute name: a bare word that is not a keyword, or a quoted one. */
  private String name() {
    Token token = current();
    if (token.is(Token.Kind.QUOTED_IDENTIFIER)
        || (token.is(Token.Kind.IDENTIFIER) && !isKeyword(token))) {
      advance();
      return token.text();
    }
    throw error(token, "Expected a name");
  }

  // ---- tokens ---------------------------------------------------------------------------------

  private static Ast.@Nullable Comparator comparator(Token token) {
    return switch (token.kind()) {
      case EQUAL -> Ast.Comparator.EQUAL;
      case NOT_EQUAL -> Ast.Comparator.NOT_EQUAL;
      case LESS -> Ast.Comparator.LESS;
      case LESS_OR_EQUAL -> Ast.Comparator.LESS_OR_EQUAL;
      case GREATER -> Ast.Comparator.GREATER;
      case GREATER_OR_EQUAL -> Ast.Comparator.GREATER_OR_EQUAL;
      default -> null;
    };
  }

  private static boolean isKeyword(Token token) {
    return KEYWORDS.contains(token.text().toUpperCase(Locale.ROOT));
  }

  private void enter() {
    if (++depth > MAX_NESTING_DEPTH) {
      throw DynamoException.validation(
          MALFORMED
              + "Statement nests deeper than "
              + MAX_NESTING_DEPTH
              + " levels at "
              + current().position());
    }
  }

  private Token current() {
    return tokens.get(position);
  }

  private Token peek() {
    return tokens.get(Math.min(position + 1, tokens.size() - 1));
  }

  private void advance() {
    if (position < tokens.size() - 1) {
      position++;
    }
  }

  private boolean accept(Token.Kind kind) {
    if (current().is(kind)) {
      advance();
      return true;
    }
    return false;
  }

  private boolean acceptKeyword(String keyword) {
    if (current().isKeyword(keyword)) {
      advance();
      return true;
    }
    return false;
  }

  private void expect(Token.Kind kind, String what) {
    if (!accept(kind)) {
      throw error(current(), "Expected " + what);
    }
  }

  private void expectKeyword(String keyword) {
    if (!acceptKeyword(keyword)) {
      throw error(current(), "Expected " + keyword);
    }
  }

  private void expectEnd() {
    if (!current().is(Token.Kind.END)) {
      throw error(current(), "Expected end of statement");
    }
  }

  private static DynamoException error(Token token, String expected) {
    String found =
        token.is(Token.Kind.END)
            ? "end of statement"
            : token.is(Token.Kind.UNKNOWN) && token.length() > 1
                ? "unterminated quote"
                : "'" + token.text() + "'";
    return DynamoException.validation(
        MALFORMED + expected + ", found " + found + " at " + token.position());
  }
}

package io.strata.service.expr;

import io.strata.service.error.DynamoException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Hand-written recursive-descent parser for all expression kinds. It returns a tree with
 * placeholders (see {@link Ast}) or throws DynamoDB's error, and is a pure function of its input,
 * so results can be cached by expression text.
 *
 * <h2>Phases, in DynamoDB's order</h2>
 *
 * DynamoDB reports at most one error, and which one depends on the phase that finds it, not on
 * where it is in the text. Checked against DynamoDB Local:
 *
 * <ol>
 *   <li>empty expression, then size over 4096 characters;
 *   <li>syntax: the first offending token, reported with its neighbours (see {@link #syntaxError});
 *   <li>redundant parentheses anywhere ({@code ((a = :v))}, {@code a = ((:v))});
 *   <li>"parse-phase" semantics, earliest in the text first: reserved words, unknown functions,
 *       functions used where they are not allowed, list indexes above 2^31-1, repeated update
 *       clauses.
 * </ol>
 *
 * Everything that needs the request's names and values (undefined placeholders, operand types,
 * operand counts, overlapping paths, the operator limit) is the {@link Resolver}'s.
 *
 * <h2>Ambiguity</h2>
 *
 * A {@code (} at the start of a condition may open a parenthesised condition or a parenthesised
 * operand ({@code (a) = :v} is valid). DynamoDB's ANTLR grammar decides with unbounded lookahead
 * and reports errors at the furthest token any alternative reached; this parser parses the
 * parenthesised content as "condition or bare operand" and decides after the {@code )}, which
 * reports the same token. The same trick handles {@code SET a = (b + c)} versus {@code SET a = (b)
 * + c}.
 *
 * <h2>Depth</h2>
 *
 * NOT chains are parsed iteratively; parentheses and function calls recurse, bounded by {@link
 * #MAX_NESTING_DEPTH}. No valid expression comes close: every non-redundant level of nesting costs
 * an operator and the limit is 300 operators. Past the bound DynamoDB would have failed the
 * expression for redundant parentheses or for too many operators, and we report whichever of those
 * applies (a syntax error further right would have won there; that is the one difference).
 * Alternator's issue 14477 is the cautionary tale: their generated parser overflowed the stack.
 */
final class Parser {
  static final int MAX_EXPRESSION_LENGTH = 4096;
  static final int MAX_NESTING_DEPTH = 320;

  private final ExpressionKind kind;
  private final String text;
  private final List<Token> tokens;
  private final Map<Ast.FunctionCall, Integer> functionPositions = new IdentityHashMap<>();
  private int position;
  private int depth;
  private boolean redundantParentheses;
  private int deferredPosition = Integer.MAX_VALUE;
  private @Nullable String deferredDetail;

  private Parser(ExpressionKind kind, String text) {
    this.kind = kind;
    this.text = text;
    this.tokens = Lexer.tokenize(text);
  }

  /** Parses one expression of the given kind; throws DynamoDB's ValidationException. */
  static Ast.Parsed parse(ExpressionKind kind, String text) {
    if (text.isEmpty()) {
      throw kind.invalid("The expression can not be empty;");
    }
    if (text.length() > MAX_EXPRESSION_LENGTH) {
      throw kind.invalid(
          "Expression size has exceeded the maximum allowed size; expression size: "
              + text.length());
    }
    Parser parser = new Parser(kind, text);
    Ast.Parsed parsed;
    try {
      parsed =
          switch (kind) {
            case CONDITION, FILTER, KEY_CONDITION -> new Ast.ConditionTree(parser.wholeCondition());
            case UPDATE -> parser.wholeUpdate();
            case PROJECTION -> parser.wholeProjection();
          };
    } catch (NestingTooDeep e) {
      throw parser.nestingTooDeep();
    }
    if (parser.redundantParentheses) {
      throw kind.invalid("The expression has redundant parentheses;");
    }
    if (parser.deferredDetail != null) {
      throw kind.invalid(parser.deferredDetail);
    }
    return parsed;
  }

  // ---- conditions -----------------------------------------------------------------------------

  private Ast.Condition wholeCondition() {
    Term term = orTerm();
    Ast.Condition condition = requireCondition(term);
    expect(Token.Kind.END);
    return condition;
  }

  private Term orTerm() {
    Term left = andTerm();
    while (current().is(Token.Kind.OR)) {
      Ast.Condition leftCondition = requireCondition(left);
      advance();
      Ast.Condition right = requireCondition(andTerm());
      left = Term.of(new Ast.Or(leftCondition, right));
    }
    return left;
  }

  private Term andTerm() {
    Term left = notTerm();
    while (current().is(Token.Kind.AND)) {
      Ast.Condition leftCondition = requireCondition(left);
      advance();
      Ast.Condition right = requireCondition(notTerm());
      left = Term.of(new Ast.And(leftCondition, right));
    }
    return left;
  }

  private Term notTerm() {
    int negations = 0;
    while (current().is(Token.Kind.NOT)) {
      advance();
      negations++;
    }
    Term term = primaryTerm();
    if (negations == 0) {
      return term;
    }
    Ast.Condition condition = requireCondition(term);
    for (int i = 0; i < negations; i++) {
      condition = new Ast.Not(condition);
    }
    return Term.of(condition);
  }

  private Term primaryTerm() {
    if (current().is(Token.Kind.LEFT_PAREN)) {
      advance();
      enterNesting();
      Term inner = orTerm();
      expect(Token.Kind.RIGHT_PAREN);
      exitNesting();
      if (inner.isParenthesized) {
        redundantParentheses = true;
      }
      if (inner.operand == null) {
        return Term.parenthesized(inner.condition());
      }
      Term tail = comparisonTail(inner.operand);
      return tail.operand != null ? Term.parenthesized(inner.operand) : tail;
    }
    return comparisonTail(operandTerm().operand());
  }

  /** After an operand: a comparison, BETWEEN or IN, or nothing (a bare operand). */
  private Term comparisonTail(Ast.Operand left) {
    Token token = current();
    if (token.kind().isComparator()) {
      advance();
      Ast.Operand right = conditionOperand();
      return Term.of(new Ast.Comparison(comparator(token.kind()), asConditionOperand(left), right));
    }
    if (token.is(Token.Kind.BETWEEN)) {
      advance();
      Ast.Operand lower = conditionOperand();
      expect(Token.Kind.AND);
      Ast.Operand upper = conditionOperand();
      return Term.of(new Ast.Between(asConditionOperand(left), lower, upper));
    }
    if (token.is(Token.Kind.IN)) {
      advance();
      expect(Token.Kind.LEFT_PAREN);
      List<Ast.Operand> candidates = new ArrayList<>();
      candidates.add(conditionOperand());
      while (current().is(Token.Kind.COMMA)) {
        advance();
        candidates.add(conditionOperand());
      }
      expect(Token.Kind.RIGHT_PAREN);
      return Term.of(new Ast.In(asConditionOperand(left), candidates));
    }
    return Term.bare(left);
  }

  private Ast.Operand conditionOperand() {
    return asConditionOperand(operandTerm().operand());
  }

  /** Records misuse of a condition function (begins_with, ...) as an operand. */
  private Ast.Operand asConditionOperand(Ast.Operand operand) {
    if (operand instanceof Ast.FunctionCall call && call.function().isCondition()) {
      deferFunctionMisuse(call);
    }
    return operand;
  }

  /**
   * A term that must be a condition; a bare function call becomes one, anything else bare is a
   * syntax error at the current token (where DynamoDB expected a comparator).
   */
  private Ast.Condition requireCondition(Term term) {
    if (term.operand == null) {
      return term.condition();
    }
    if (term.operand instanceof Ast.FunctionCall call) {
      if (!call.function().isCondition() && !call.function().isUpdateFunction()) {
        deferFunctionMisuse(call);
      }
      return new Ast.FunctionCondition(call);
    }
    throw syntaxError(position);
  }

  private static Ast.Comparator comparator(Token.Kind kind) {
    return switch (kind) {
      case EQUAL -> Ast.Comparator.EQUAL;
      case NOT_EQUAL -> Ast.Comparator.NOT_EQUAL;
      case LESS -> Ast.Comparator.LESS;
      case LESS_OR_EQUAL -> Ast.Comparator.LESS_OR_EQUAL;
      case GREATER -> Ast.Comparator.GREATER;
      case GREATER_OR_EQUAL -> Ast.Comparator.GREATER_OR_EQUAL;
      default -> throw new IllegalArgumentException(kind.name());
    };
  }

  // ---- operands -------------------------------------------------------------------------------

  /** An operand: path, value placeholder, function call or parenthesised operand. */
  private Term operandTerm() {
    Token token = current();
    switch (token.kind()) {
      case LEFT_PAREN -> {
        advance();
        enterNesting();
        Term inner = operandTerm();
        expect(Token.Kind.RIGHT_PAREN);
        exitNesting();
        if (inner.isParenthesized) {
          redundantParentheses = true;
        }
        return Term.parenthesized(inner.operand());
      }
      case VALUE_PLACEHOLDER -> {
        advance();
        return Term.bare(new Ast.ValuePlaceholder(token.text()));
      }
      case IDENTIFIER -> {
        if (peek(1).is(Token.Kind.LEFT_PAREN)) {
          return Term.bare(functionCall());
        }
        return Term.bare(path());
      }
      case NAME_PLACEHOLDER -> {
        return Term.bare(path());
      }
      default -> throw syntaxError(position);
    }
  }

  private Ast.FunctionCall functionCall() {
    Token name = current();
    advance();
    advance();
    enterNesting();
    Ast.Function function = Ast.Function.byWireName(name.text());
    List<Ast.Operand> arguments = new ArrayList<>();
    arguments.add(functionArgument(operandTerm().operand()));
    while (current().is(Token.Kind.COMMA)) {
      advance();
      arguments.add(functionArgument(operandTerm().operand()));
    }
    expect(Token.Kind.RIGHT_PAREN);
    exitNesting();
    Ast.FunctionCall call =
        new Ast.FunctionCall(function == null ? Ast.Function.SIZE : function, arguments);
    functionPositions.put(call, name.start());
    if (function == null) {
      defer(name.start(), "Invalid function name; function: " + name.text());
    } else if (kind.isCondition() && function.isUpdateFunction()) {
      defer(
          name.start(),
          "The function is not allowed in a condition expression; function: " + name.text());
    } else if (kind == ExpressionKind.UPDATE && !function.isUpdateFunction()) {
      defer(
          name.start(),
          "The function is not allowed in an update expression; function: " + name.text());
    }
    return call;
  }

  private Ast.Operand functionArgument(Ast.Operand argument) {
    if (kind.isCondition()) {
      return asConditionOperand(argument);
    }
    return asUpdateOperand(argument);
  }

  private Ast.Path path() {
    List<Ast.PathElement> elements = new ArrayList<>();
    elements.add(pathName());
    while (true) {
      if (current().is(Token.Kind.DOT)) {
        advance();
        elements.add(pathName());
      } else if (current().is(Token.Kind.LEFT_BRACKET)) {
        advance();
        Token number = current();
        if (!number.is(Token.Kind.NUMBER)) {
          throw syntaxError(position);
        }
        advance();
        expect(Token.Kind.RIGHT_BRACKET);
        elements.add(new Ast.Index(listIndex(number)));
      } else {
        return new Ast.Path(elements);
      }
    }
  }

  private Ast.PathElement pathName() {
    Token token = current();
    if (token.is(Token.Kind.NAME_PLACEHOLDER)) {
      advance();
      return new Ast.NamePlaceholder(token.text());
    }
    if (!token.is(Token.Kind.IDENTIFIER)) {
      throw syntaxError(position);
    }
    advance();
    if (ReservedWords.isReserved(token.text())) {
      defer(
          token.start(), "Attribute name is a reserved keyword; reserved keyword: " + token.text());
    }
    return new Ast.Attribute(token.text());
  }

  private int listIndex(Token number) {
    String digits = number.text();
    if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
      defer(
          number.start(), "List index is not within the allowable range; index: [" + digits + "]");
      return 0;
    }
    return Integer.parseInt(digits);
  }

  // ---- updates --------------------------------------------------------------------------------

  private Ast.Update wholeUpdate() {
    List<Ast.UpdateAction> actions = new ArrayList<>();
    boolean[] seen = new boolean[4];
    do {
      Token clause = current();
      int clauseIndex;
      switch (clause.kind()) {
        case SET -> clauseIndex = 0;
        case REMOVE -> clauseIndex = 1;
        case ADD -> clauseIndex = 2;
        case DELETE -> clauseIndex = 3;
        default -> throw syntaxError(position);
      }
      advance();
      if (seen[clauseIndex]) {
        defer(
            clause.start(),
            "The \""
                + clause.kind().name()
                + "\" section can only be used once in an update expression;");
      }
      seen[clauseIndex] = true;
      actions.add(updateAction(clause.kind()));
      while (current().is(Token.Kind.COMMA)) {
        advance();
        actions.add(updateAction(clause.kind()));
      }
    } while (!current().is(Token.Kind.END));
    return new Ast.Update(actions);
  }

  private Ast.UpdateAction updateAction(Token.Kind clause) {
    Ast.Path path = pathOnly();
    return switch (clause) {
      case SET -> {
        expect(Token.Kind.EQUAL);
        SetValue value = setValue();
        yield new Ast.SetAction(path, value.operand);
      }
      case REMOVE -> new Ast.RemoveAction(path);
      case ADD -> new Ast.AddAction(path, valueOnly());
      case DELETE -> new Ast.DeleteAction(path, valueOnly());
      default -> throw new IllegalStateException(clause.name());
    };
  }

  private Ast.Path pathOnly() {
    Token token = current();
    if (!token.is(Token.Kind.IDENTIFIER) && !token.is(Token.Kind.NAME_PLACEHOLDER)) {
      throw syntaxError(position);
    }
    return path();
  }

  private Ast.Operand valueOnly() {
    Token token = current();
    if (!token.is(Token.Kind.VALUE_PLACEHOLDER)) {
      throw syntaxError(position);
    }
    advance();
    return new Ast.ValuePlaceholder(token.text());
  }

  /**
   * The right-hand side of a SET action: {@code operand}, {@code operand + operand}, {@code operand
   * - operand}, or any of those in parentheses. A parenthesised sum cannot be an operand of another
   * sum.
   */
  private SetValue setValue() {
    if (current().is(Token.Kind.LEFT_PAREN)) {
      advance();
      enterNesting();
      SetValue inner = setValue();
      expect(Token.Kind.RIGHT_PAREN);
      exitNesting();
      if (inner.isParenthesized) {
        redundantParentheses = true;
      }
      if (!inner.isArithmetic && isArithmeticOperator(current())) {
        return arithmeticTail(asUpdateOperand(inner.operand));
      }
      return new SetValue(inner.operand, inner.isArithmetic, true);
    }
    Ast.Operand left = operandTerm().operand();
    if (isArithmeticOperator(current())) {
      return arithmeticTail(asUpdateOperand(left));
    }
    return new SetValue(left, false, false);
  }

  private SetValue arithmeticTail(Ast.Operand left) {
    boolean isAddition = current().is(Token.Kind.PLUS);
    advance();
    Ast.Operand right = asUpdateOperand(operandTerm().operand());
    return new SetValue(new Ast.Arithmetic(isAddition, left, right), true, false);
  }

  /** list_append is only allowed as the whole right-hand side of a SET. */
  private Ast.Operand asUpdateOperand(Ast.Operand operand) {
    if (operand instanceof Ast.FunctionCall call && call.function() == Ast.Function.LIST_APPEND) {
      deferFunctionMisuse(call);
    }
    return operand;
  }

  private static boolean isArithmeticOperator(Token token) {
    return token.is(Token.Kind.PLUS) || token.is(Token.Kind.MINUS);
  }

  // ---- projections ----------------------------------------------------------------------------

  private Ast.Projection wholeProjection() {
    List<Ast.Path> paths = new ArrayList<>();
    paths.add(pathOnly());
    while (current().is(Token.Kind.COMMA)) {
      advance();
      paths.add(pathOnly());
    }
    expect(Token.Kind.END);
    return new Ast.Projection(paths);
  }

  // ---- errors and token access ----------------------------------------------------------------

  private void deferFunctionMisuse(Ast.FunctionCall call) {
    Integer at = functionPositions.get(call);
    String name = call.function().wireName();
    defer(
        at == null ? Integer.MAX_VALUE - 1 : at,
        "The function is not allowed to be used this way in an expression; function: " + name);
  }

  /** Keeps the parse-phase error that is earliest in the text. */
  private void defer(int at, String detail) {
    if (at < deferredPosition) {
      deferredPosition = at;
      deferredDetail = detail;
    }
  }

  /**
   * DynamoDB's syntax error: the offending token, and the text from the start of the token before
   * it (or the start of the expression) to the end of the token after it (the end of the expression
   * for {@code <EOF>}). For example {@code a == b} gives {@code token: "=", near: "== b"}.
   */
  private DynamoException syntaxError(int tokenIndex) {
    Token offending = tokens.get(tokenIndex);
    int start = tokenIndex == 0 ? 0 : tokens.get(tokenIndex - 1).start();
    int end;
    if (offending.is(Token.Kind.END)) {
      end = text.length();
    } else {
      end = tokens.get(tokenIndex + 1).end();
    }
    return kind.invalid(
        "Syntax error; token: \""
            + offending.text()
            + "\", near: \""
            + text.substring(start, end)
            + "\"");
  }

  /**
   * What DynamoDB would have said for an expression nested deeper than we parse: redundant
   * parentheses if two opening parentheses are adjacent anywhere, else too many operators.
   */
  private DynamoException nestingTooDeep() {
    for (int i = 1; i < tokens.size(); i++) {
      if (tokens.get(i).is(Token.Kind.LEFT_PAREN) && tokens.get(i - 1).is(Token.Kind.LEFT_PAREN)) {
        return kind.invalid("The expression has redundant parentheses;");
      }
    }
    return kind.invalid(Resolver.TOO_MANY_OPERATORS);
  }

  private void enterNesting() {
    if (++depth > MAX_NESTING_DEPTH) {
      throw new NestingTooDeep();
    }
  }

  private void exitNesting() {
    depth--;
  }

  private Token current() {
    return tokens.get(position);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(position + ahead, tokens.size() - 1));
  }

  private void advance() {
    if (position < tokens.size() - 1) {
      position++;
    }
  }

  private void expect(Token.Kind expected) {
    if (!current().is(expected)) {
      throw syntaxError(position);
    }
    advance();
  }

  /** Control flow only: unwinds the recursion when nesting passes the limit. */
  private static final class NestingTooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NestingTooDeep() {
      super(null, null, false, false);
    }
  }

  /**
   * A parsed piece of a condition that may turn out to be a condition or a bare operand; exactly
   * one of the two is set. {@code isParenthesized} marks a term that is nothing but a parenthesised
   * group, so that a second pair around it can be reported as redundant.
   */
  private static final class Term {
    private final Ast.@Nullable Condition condition;
    private final Ast.@Nullable Operand operand;
    private final boolean isParenthesized;

    private Term(
        Ast.@Nullable Condition condition, Ast.@Nullable Operand operand, boolean isParenthesized) {
      this.condition = condition;
      this.operand = operand;
      this.isParenthesized = isParenthesized;
    }

    static Term of(Ast.Condition condition) {
      return new Term(condition, null, false);
    }

    static Term parenthesized(Ast.Condition condition) {
      return new Term(condition, null, true);
    }

    static Term bare(Ast.Operand operand) {
      return new Term(null, operand, false);
    }

    static Term parenthesized(Ast.Operand operand) {
      return new Term(null, operand, true);
    }

    Ast.Condition condition() {
      if (condition == null) {
        throw new IllegalStateException("not a condition");
      }
      return condition;
    }

    Ast.Operand operand() {
      if (operand == null) {
        throw new IllegalStateException("not an operand");
      }
      return operand;
    }
  }

  private record SetValue(Ast.Operand operand, boolean isArithmetic, boolean isParenthesized) {}
}

package io.strata.service.partiql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a statement into {@link Token}s, tracking lines and columns for error positions.
 *
 * <ul>
 *   <li>identifiers are {@code [A-Za-z_][A-Za-z0-9_$]*}; keywords are identifiers the parser
 *       recognises, ignoring case, so any of them can be quoted to be used as a name;
 *   <li>{@code "..."} is a quoted identifier and {@code '...'} a string, each doubling its quote to
 *       escape it; an unterminated one is an UNKNOWN token running to the end;
 *   <li>numbers are {@code digits[.digits][e[+-]digits]} or {@code .digits[...]}; a sign is an
 *       operator;
 *   <li>{@code <<} and {@code >>} delimit set literals (PartiQL calls them bags).
 * </ul>
 *
 * The list always ends with an END token. Lexing never fails; errors are the parser's to report.
 */
final class Lexer {
  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private int index;
  private int line = 1;
  private int lineStart;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokenize(String text) {
    Lexer lexer = new Lexer(text);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    int length = text.length();
    while (index < length) {
      char c = text.charAt(index);
      if (c == '\n') {
        index++;
        line++;
        lineStart = index;
        continue;
      }
      if (Character.isWhitespace(c)) {
        index++;
        continue;
      }
      int start = index;
      Token.Kind kind;
      if (isIdentifierStart(c)) {
        index++;
        while (index < length && isIdentifierPart(text.charAt(index))) {
          index++;
        }
        kind = Token.Kind.IDENTIFIER;
      } else if (c == '\'' || c == '"') {
        kind = quoted(c);
      } else if (isDigit(c)
          || (c == '.' && index + 1 < length && isDigit(text.charAt(index + 1)))) {
        number();
        kind = Token.Kind.NUMBER;
      } else {
        kind = symbol(c);
      }
      add(kind, start);
    }
    tokens.add(new Token(Token.Kind.END, "", line, index - lineStart + 1, 0));
  }

  private void add(Token.Kind kind, int start) {
    String raw = text.substring(start, index);
    String value =
        switch (kind) {
          case STRING -> unquote(raw, '\'');
          case QUOTED_IDENTIFIER -> unquote(raw, '"');
          default -> raw;
        };
    tokens.add(new Token(kind, value, line, start - lineStart + 1, index - start));
  }

  /** A string or quoted identifier; UNKNOWN when its closing quote is missing. */
  private Token.Kind quoted(char quote) {
    index++;
    while (index < text.length()) {
      char c = text.charAt(index++);
      if (c == quote) {
        if (index < text.length() && text.charAt(index) == quote) {
          index++;
          continue;
        }
        return quote == '\'' ? Token.Kind.STRING : Token.Kind.QUOTED_IDENTIFIER;
      }
    }
    return Token.Kind.UNKNOWN;
  }

  private void number() {
    digits();
    if (index < text.length() && text.charAt(index) == '.') {
      index++;
      digits();
    }
    if (index < text.length() && (text.charAt(index) == 'e' || text.charAt(index) == 'E')) {
      int mark = index;
      index++;
      if (index < text.length() && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
        index++;
      }
      if (index < text.length() && isDigit(text.charAt(index))) {
        digits();
      } else {
        index = mark;
      }
    }
  }

  private void digits() {
    while (index < text.length() && isDigit(text.charAt(index))) {
      index++;
    }
  }

  private Token.Kind symbol(char c) {
    index++;
    char next = index < text.length() ? text.charAt(index) : 0;
    return switch (c) {
      case '(' -> Token.Kind.LEFT_PAREN;
      case ')' -> Token.Kind.RIGHT_PAREN;
      case '[' -> Token.Kind.LEFT_BRACKET;
      case ']' -> Token.Kind.RIGHT_BRACKET;
      case '{' -> Token.Kind.LEFT_BRACE;
      case '}' -> Token.Kind.RIGHT_BRACE;
      case ',' -> Token.Kind.COMMA;
      case '.' -> Token.Kind.DOT;
      case ':' -> Token.Kind.COLON;
      case ';' -> Token.Kind.SEMICOLON;
      case '*' -> Token.Kind.STAR;
      case '+' -> Token.Kind.PLUS;
      case '-' -> Token.Kind.MINUS;
      case '?' -> Token.Kind.PARAMETER;
      case '=' -> Token.Kind.EQUAL;
      case '!' -> pair(next == '=', Token.Kind.NOT_EQUAL, Token.Kind.UNKNOWN);
      case '<' ->
          switch (next) {
            case '<' -> pair(true, Token.Kind.LEFT_BAG, Token.Kind.LEFT_BAG);
            case '=' -> pair(true, Token.Kind.LESS_OR_EQUAL, Token.Kind.LESS_OR_EQUAL);
            case '>' -> pair(true, Token.Kind.NOT_EQUAL, Token.Kind.NOT_EQUAL);
            default -> Token.Kind.LESS;
          };
      case '>' ->
          switch (next) {
            case '>' -> pair(true, Token.Kind.RIGHT_BAG, Token.Kind.RIGHT_BAG);
            case '=' -> pair(true, Token.Kind.GREATER_OR_EQUAL, Token.Kind.GREATER_OR_EQUAL);
            default -> Token.Kind.GREATER;
          };
      default -> Token.Kind.UNKNOWN;
    };
  }

  /**
   * A two-character token when {@code matches} (consuming the second character), else {@code
   * single}.
   */
  private Token.Kind pair(boolean matches, Token.Kind both, Token.Kind single) {
    if (!matches) {
      return single;
    }
    index++;
    return both;
  }

  private static String unquote(String raw, char quote) {
    String inner = raw.substring(1, raw.length() - 1);
    return inner.replace(String.valueOf(quote) + quote, String.valueOf(quote));
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '$';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}

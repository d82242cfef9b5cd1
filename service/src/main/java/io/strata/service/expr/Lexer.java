package io.strata.service.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an expression into {@link Token}s. The rules were read off DynamoDB's error messages (the
 * offending token and its neighbours appear in every syntax error):
 *
 * <ul>
 *   <li>whitespace is space, tab, CR and LF only; anything else outside the rules below (including
 *       a lone {@code _}, a non-ASCII letter or half of a surrogate pair) is a one-character
 *       UNKNOWN token;
 *   <li>identifiers are {@code [a-zA-Z][a-zA-Z0-9_]*}; the grammar's keywords among them are
 *       matched case-insensitively;
 *   <li>placeholders are {@code #} or {@code :} followed by at least one of {@code [a-zA-Z0-9_]}; a
 *       bare {@code #} or {@code :} is UNKNOWN;
 *   <li>numbers (list indexes) are {@code 0} or {@code [1-9][0-9]*}, so {@code 01} is two tokens.
 * </ul>
 *
 * <p>The token list always ends with an END token at the expression's length. Lexing never fails;
 * errors are the parser's to report.
 */
final class Lexer {
  private Lexer() {}

  static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    int length = text.length();
    int i = 0;
    while (i < length) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        i++;
        continue;
      }
      int start = i;
      Token.Kind kind;
      if (isLetter(c)) {
        i++;
        while (i < length && isWordChar(text.charAt(i))) {
          i++;
        }
        kind = keywordOrIdentifier(text.substring(start, i));
      } else if (c == '#' || c == ':') {
        i++;
        while (i < length && isWordChar(text.charAt(i))) {
          i++;
        }
        if (i == start + 1) {
          kind = Token.Kind.UNKNOWN;
        } else {
          kind = c == '#' ? Token.Kind.NAME_PLACEHOLDER : Token.Kind.VALUE_PLACEHOLDER;
        }
      } else if (c >= '0' && c <= '9') {
        i++;
        if (c != '0') {
          while (i < length && isDigit(text.charAt(i))) {
            i++;
          }
        }
        kind = Token.Kind.NUMBER;
      } else {
        i++;
        kind =
            switch (c) {
              case '(' -> Token.Kind.LEFT_PAREN;
              case ')' -> Token.Kind.RIGHT_PAREN;
              case '[' -> Token.Kind.LEFT_BRACKET;
              case ']' -> Token.Kind.RIGHT_BRACKET;
              case ',' -> Token.Kind.COMMA;
              case '.' -> Token.Kind.DOT;
              case '+' -> Token.Kind.PLUS;
              case '-' -> Token.Kind.MINUS;
              case '=' -> Token.Kind.EQUAL;
              case '<' -> {
                if (i < length && text.charAt(i) == '>') {
                  i++;
                  yield Token.Kind.NOT_EQUAL;
                }
                if (i < length && text.charAt(i) == '=') {
                  i++;
                  yield Token.Kind.LESS_OR_EQUAL;
                }
                yield Token.Kind.LESS;
              }
              case '>' -> {
                if (i < length && text.charAt(i) == '=') {
                  i++;
                  yield Token.Kind.GREATER_OR_EQUAL;
                }
                yield Token.Kind.GREATER;
              }
              default -> Token.Kind.UNKNOWN;
            };
      }
      tokens.add(new Token(kind, text.substring(start, i), start, i));
    }
    tokens.add(new Token(Token.Kind.END, Token.END_TEXT, length, length));
    return tokens;
  }

  private static Token.Kind keywordOrIdentifier(String word) {
    return switch (word.toUpperCase(Locale.ROOT)) {
      case "AND" -> Token.Kind.AND;
      case "OR" -> Token.Kind.OR;
      case "NOT" -> Token.Kind.NOT;
      case "BETWEEN" -> Token.Kind.BETWEEN;
      case "IN" -> Token.Kind.IN;
      case "SET" -> Token.Kind.SET;
      case "REMOVE" -> Token.Kind.REMOVE;
      case "ADD" -> Token.Kind.ADD;
      case "DELETE" -> Token.Kind.DELETE;
      default -> Token.Kind.IDENTIFIER;
    };
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return isLetter(c) || isDigit(c) || c == '_';
  }
}

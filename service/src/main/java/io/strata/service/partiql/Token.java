package io.strata.service.partiql;

/**
 * One lexical token of a statement, with where it starts (1-based line and column, as DynamoDB
 * reports positions) and how many characters it spans.
 */
record Token(Token.Kind kind, String text, int line, int column, int length) {
  enum Kind {
    IDENTIFIER,
    QUOTED_IDENTIFIER,
    STRING,
    NUMBER,
    PARAMETER,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    LEFT_BRACE,
    RIGHT_BRACE,
    LEFT_BAG,
    RIGHT_BAG,
    COMMA,
    DOT,
    COLON,
    STAR,
    PLUS,
    MINUS,
    EQUAL,
    NOT_EQUAL,
    LESS,
    LESS_OR_EQUAL,
    GREATER,
    GREATER_OR_EQUAL,
    SEMICOLON,
    UNKNOWN,
    END
  }

  boolean is(Kind other) {
    return kind == other;
  }

  /** Whether this is the bare (unquoted) keyword {@code word}; keywords ignore case. */
  boolean isKeyword(String word) {
    return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(word);
  }

  /** DynamoDB's position suffix: {@code line:column:length}. */
  String position() {
    return line + ":" + column + ":" + length;
  }
}

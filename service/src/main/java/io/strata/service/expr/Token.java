package io.strata.service.expr;

/**
 * One lexical token of an expression: its kind, its text exactly as written, and its character
 * range {@code [start, end)} in the expression (UTF-16 indexes, like DynamoDB's error context).
 */
record Token(Kind kind, String text, int start, int end) {

  enum Kind {
    IDENTIFIER,
    NAME_PLACEHOLDER,
    VALUE_PLACEHOLDER,
    NUMBER,
    LEFT_PAREN,
    RIGHT_PAREN,
    LEFT_BRACKET,
    RIGHT_BRACKET,
    COMMA,
    DOT,
    EQUAL,
    NOT_EQUAL,
    LESS,
    LESS_OR_EQUAL,
    GREATER,
    GREATER_OR_EQUAL,
    PLUS,
    MINUS,
    AND,
    OR,
    NOT,
    BETWEEN,
    IN,
    SET,
    REMOVE,
    ADD,
    DELETE,
    /** A character no rule accepts; DynamoDB reports it as the offending token. */
    UNKNOWN,
    END;

    boolean isComparator() {
      return this == EQUAL
          || this == NOT_EQUAL
          || this == LESS
          || this == LESS_OR_EQUAL
          || this == GREATER
          || this == GREATER_OR_EQUAL;
    }

    boolean isClauseKeyword() {
      return this == SET || this == REMOVE || this == ADD || this == DELETE;
    }
  }

  static final String END_TEXT = "<EOF>";

  boolean is(Kind expected) {
    return kind == expected;
  }
}

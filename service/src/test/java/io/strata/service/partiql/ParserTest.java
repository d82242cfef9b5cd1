package io.strata.service.partiql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Statement text to tree, or to DynamoDB's exact error message. */
@Timeout(30)
class ParserTest {
  private static final String MALFORMED = "Statement wasn't well formed, can't be processed: ";

  static Stream<Arguments> statements() {
    Ast.Path pk = Ast.Path.of("pk");
    return Stream.of(
        Arguments.of(
            "SELECT * FROM \"Music\"", new Ast.Select(List.of(), "Music", null, null, List.of())),
        Arguments.of(
            "select a, m.b[2].\"c d\" from t.\"idx\" where pk = 'x' order by sk desc, pk",
            new Ast.Select(
                List.of(
                    Ast.Path.of("a"),
                    new Ast.Path(
                        List.of(
                            new Ast.Name("m"),
                            new Ast.Name("b"),
                            new Ast.Index(2),
                            new Ast.Name("c d")))),
                "t",
                "idx",
                new Ast.Comparison(
                    Ast.Comparator.EQUAL, pk, new Ast.Literal(AttributeValue.s("x"))),
                List.of(new Ast.OrderBy("sk", true), new Ast.OrderBy("pk", false)))),
        Arguments.of(
            "SELECT * FROM t WHERE NOT a = 1 AND b IN [1, 2] OR c BETWEEN -1 AND 2.5",
            new Ast.Select(
                List.of(),
                "t",
                null,
                new Ast.Or(
                    new Ast.And(
                        new Ast.Not(
                            new Ast.Comparison(
                                Ast.Comparator.EQUAL, Ast.Path.of("a"), number("1"))),
                        new Ast.In(Ast.Path.of("b"), List.of(number("1"), number("2")))),
                    new Ast.Between(Ast.Path.of("c"), number("-1"), number("2.5"))),
                List.of())),
        Arguments.of(
            "SELECT * FROM t WHERE x IS NOT MISSING AND y IS NULL AND begins_with(z, 'a')",
            new Ast.Select(
                List.of(),
                "t",
                null,
                new Ast.And(
                    new Ast.And(
                        new Ast.Is(Ast.Path.of("x"), true, true),
                        new Ast.Is(Ast.Path.of("y"), false, false)),
                    new Ast.Call(
                        "begins_with",
                        List.of(Ast.Path.of("z"), new Ast.Literal(AttributeValue.s("a"))))),
                List.of())),
        Arguments.of(
            "INSERT INTO t VALUE {'pk': 'it''s', 'n': 1e2, 's': <<'a', 'b'>>, 'l': [TRUE, NULL],"
                + " 'm': {'k': <<1, 2>>}}",
            new Ast.Insert(
                "t",
                new Ast.Literal(
                    new AttributeValue.M(
                        Map.of(
                            "pk", AttributeValue.s("it's"),
                            "n", AttributeValue.n("100"),
                            "s", new AttributeValue.SS(Set.of("a", "b")),
                            "l",
                                new AttributeValue.L(
                                    List.of(
                                        AttributeValue.Bool.TRUE, AttributeValue.Null.INSTANCE)),
                            "m",
                                new AttributeValue.M(
                                    Map.of(
                                        "k",
                                        new AttributeValue.NS(
                                            Set.of(
                                                AttributeValue.n(1).value(),
                                                AttributeValue.n(2).value()))))))))),
        Arguments.of(
            "UPDATE t SET a = a + 1, b = list_append(b, [?]) REMOVE c[0] WHERE pk = ? RETURNING"
                + " MODIFIED NEW *",
            new Ast.Update(
                "t",
                List.of(
                    new Ast.Action(
                        Ast.Path.of("a"), new Ast.Arithmetic(true, Ast.Path.of("a"), number("1"))),
                    new Ast.Action(
                        Ast.Path.of("b"),
                        new Ast.Call(
                            "list_append",
                            List.of(
                                Ast.Path.of("b"),
                                new Ast.ListConstructor(List.of(new Ast.Parameter(0)))))),
                    new Ast.Action(
                        new Ast.Path(List.of(new Ast.Name("c"), new Ast.Index(0))), null)),
                new Ast.Comparison(Ast.Comparator.EQUAL, pk, new Ast.Parameter(1)),
                Ast.Returning.UPDATED_NEW)),
        Arguments.of(
            "DELETE FROM t WHERE pk = 'a' RETURNING ALL OLD *;",
            new Ast.Delete(
                "t",
                new Ast.Comparison(
                    Ast.Comparator.EQUAL, pk, new Ast.Literal(AttributeValue.s("a"))),
                Ast.Returning.ALL_OLD)),
        Arguments.of(
            "EXISTS(SELECT * FROM t WHERE pk = 'a')",
            new Ast.Exists(
                new Ast.Select(
                    List.of(),
                    "t",
                    null,
                    new Ast.Comparison(
                        Ast.Comparator.EQUAL, pk, new Ast.Literal(AttributeValue.s("a"))),
                    List.of()))));
  }

  @ParameterizedTest
  @MethodSource("statements")
  void parsesStatement(String statement, Ast.Statement expected) {
    assertThat(Parser.parse(statement).statement()).isEqualTo(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(
            "SELEC * FROM t",
            MALFORMED
                + "Expected SELECT, INSERT, UPDATE, DELETE or EXISTS, found 'SELEC' at 1:1:5"),
        Arguments.of(
            "SELECT * FROM t WHERE",
            MALFORMED + "Expected a value or a path, found end of statement at 1:22:0"),
        Arguments.of(
            "SELECT * FROM select", MALFORMED + "Expected a name, found 'select' at 1:15:6"),
        Arguments.of(
            "SELECT *\nFROM t WHERE a = 'open",
            MALFORMED + "Expected a value or a path, found unterminated quote at 2:18:5"),
        Arguments.of(
            "SELECT * FROM t x", MALFORMED + "Expected end of statement, found 'x' at 1:17:1"),
        Arguments.of(
            "INSERT INTO t VALUE ?",
            "Unsupported format in item expression. Please use struct format {...} to express item"
                + " values for insert statement. at 1:21:1"),
        Arguments.of(
            "INSERT INTO t VALUE {'a': <<'x', 1>>}",
            "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags at 1:34:1"),
        Arguments.of("INSERT INTO t VALUE {'a': <<>>}", "Empty bags are not supported at 1:27:4"),
        Arguments.of(
            "INSERT INTO t VALUE {'a': 1, 'a': 2}",
            "Duplicate keys in tuple. Key: a under root at 1:30:3"),
        Arguments.of(
            "INSERT INTO t VALUE {'a': <<'x', 'x'>>}", "Input collection contains duplicates"),
        Arguments.of(
            "UPDATE t WHERE pk = 1", MALFORMED + "Expected SET or REMOVE, found 'WHERE' at 1:10:5"),
        Arguments.of(
            "DELETE FROM t WHERE pk = 1 RETURNING ALL *",
            MALFORMED + "Expected OLD or NEW, found '*' at 1:42:1"),
        Arguments.of(
            "SELECT * FROM t WHERE " + "(".repeat(150) + "a = 1" + ")".repeat(150),
            MALFORMED + "Statement nests deeper than 100 levels at 1:123:1"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void refusesStatement(String statement, String message) {
    assertThatThrownBy(() -> Parser.parse(statement))
        .isInstanceOf(DynamoException.class)
        .hasMessage(message);
  }

  @Test
  void countsParametersInOrder() {
    Parser.Parsed parsed = Parser.parse("SELECT * FROM t WHERE a = ? AND b IN [?, ?]");
    assertThat(parsed.parameterCount()).isEqualTo(3);
    Ast.Select bound =
        (Ast.Select)
            Parameters.bind(
                parsed, List.of(AttributeValue.s("x"), AttributeValue.n(1), AttributeValue.n(2)));
    assertThat(WhereClause.conjuncts(bound.where()))
        .containsExactly(
            new Ast.Comparison(
                Ast.Comparator.EQUAL, Ast.Path.of("a"), new Ast.Literal(AttributeValue.s("x"))),
            new Ast.In(Ast.Path.of("b"), List.of(number("1"), number("2"))));
  }

  @Test
  void refusesParameterCountThatDoesNotMatch() {
    assertThatThrownBy(
            () -> Parameters.bind(Parser.parse("SELECT * FROM t WHERE a = ?"), List.of()))
        .hasMessage("Number of parameters in request and statement don't match.");
  }

  @Test
  void boundsWorkOnHugeInLists() {
    String values = String.join(", ", java.util.Collections.nCopies(2000, "1"));
    assertThatThrownBy(() -> Parser.parse("SELECT * FROM t WHERE a IN [" + values + "]"))
        .hasMessage("The IN operator is provided with too many operands; number of operands: 2000");
    assertThatThrownBy(
            () ->
                Parser.parse(
                    "SELECT * FROM t WHERE a IN ["
                        + values
                        + ", "
                        + values
                        + ", "
                        + values
                        + ", "
                        + values
                        + ", "
                        + values
                        + "]"))
        .hasMessageContaining("Member must have length less than or equal to 8192");
  }

  private static Ast.Literal number(String text) {
    return new Ast.Literal(AttributeValue.n(text));
  }
}

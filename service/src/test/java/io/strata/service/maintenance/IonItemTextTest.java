package io.strata.service.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.DynamoNumber;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Ion text of each attribute type and of the names and strings that need quoting; the real Ion
 * reader checks the same text in {@code IonExportIT}.
 */
@Timeout(10)
class IonItemTextTest {
  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("string", AttributeValue.s("plain"), "\"plain\""),
        Arguments.of(
            "string with escapes",
            AttributeValue.s("q\"b\\n\nr\rt\tnul\u0000del\u007f'é€😀"),
            "\"q\\\"b\\\\n\\nr\\rt\\tnul\\x00del\\x7f'é€😀\""),
        Arguments.of("whole number is a decimal", AttributeValue.n("103"), "103."),
        Arguments.of("zero", AttributeValue.n("0"), "0."),
        Arguments.of("fraction", AttributeValue.n("-0.25"), "-0.25"),
        Arguments.of("trailing zeros as an exponent", AttributeValue.n("20"), "2d1"),
        Arguments.of("big exponent", AttributeValue.n("1.5E+125"), "1.5d125"),
        Arguments.of("small exponent", AttributeValue.n("-1E-130"), "-1d-130"),
        Arguments.of(
            "38 digits",
            AttributeValue.n("1234567890123456789012345678901234567.8"),
            "1234567890123456789012345678901234567.8"),
        Arguments.of("binary", AttributeValue.b(Bytes.wrap(new byte[] {0, 1, 2})), "{{AAEC}}"),
        Arguments.of("empty binary", AttributeValue.b(Bytes.EMPTY), "{{}}"),
        Arguments.of("true", new AttributeValue.Bool(true), "true"),
        Arguments.of("null", new AttributeValue.Null(), "null"),
        Arguments.of(
            "list",
            new AttributeValue.L(List.of(AttributeValue.s("a"), AttributeValue.n("1"))),
            "[\"a\",1.]"),
        Arguments.of("empty list", new AttributeValue.L(List.of()), "[]"),
        Arguments.of(
            "string set",
            new AttributeValue.SS(new LinkedHashSet<>(List.of("a", "b\""))),
            "$dynamodb_SS::[\"a\",\"b\\\"\"]"),
        Arguments.of(
            "number set",
            new AttributeValue.NS(
                new LinkedHashSet<>(List.of(DynamoNumber.parse("1"), DynamoNumber.parse("2.5")))),
            "$dynamodb_NS::[1.,2.5]"),
        Arguments.of(
            "binary set",
            new AttributeValue.BS(new LinkedHashSet<>(List.of(Bytes.wrap(new byte[] {0})))),
            "$dynamodb_BS::[{{AA==}}]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void writesEachTypeAsDynamoDbsIonType(String name, AttributeValue value, String ion) {
    assertThat(IonItemText.line(Map.of("a", value))).isEqualTo("$ion_1_0 {Item:{a:" + ion + "}}\n");
  }

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("pk", "pk"),
        Arguments.of("_under$core9", "_under$core9"),
        Arguments.of("$dollar_name", "$dollar_name"),
        Arguments.of("with space", "'with space'"),
        Arguments.of("dash-and.dot", "'dash-and.dot'"),
        Arguments.of("9starts_with_digit", "'9starts_with_digit'"),
        Arguments.of("null", "'null'"),
        Arguments.of("nan", "'nan'"),
        Arguments.of("$10", "'$10'"),
        Arguments.of("it's", "'it\\'s'"),
        Arguments.of("é", "'é'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void writesNamesThatAreNotIdentifiersAsQuotedSymbols(String name, String symbol) {
    assertThat(IonItemText.line(Map.of(name, new AttributeValue.Bool(false))))
        .isEqualTo("$ion_1_0 {Item:{" + symbol + ":false}}\n");
  }

  @Test
  void writesNestedMapsAsStructsSeparatedByCommas() {
    Map<String, AttributeValue> inner = new LinkedHashMap<>();
    inner.put("x", AttributeValue.n("1"));
    inner.put("y z", new AttributeValue.M(Map.of()));
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.s("p"));
    item.put("m", new AttributeValue.M(inner));

    assertThat(IonItemText.line(item)).isEqualTo("$ion_1_0 {Item:{pk:\"p\",m:{x:1.,'y z':{}}}}\n");
  }
}

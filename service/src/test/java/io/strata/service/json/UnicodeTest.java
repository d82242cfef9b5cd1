package io.strata.service.json;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.error.DynamoException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which request texts are well-formed Unicode, with the error for those that are not. */
class UnicodeTest {
  static Stream<Arguments> wellFormed() {
    return Stream.of(
        Arguments.of("ascii", text("{\"S\":\"col?1\"}")),
        Arguments.of("two bytes", text("{\"S\":\"\u00e9\"}")),
        Arguments.of("three bytes", text("{\"S\":\"\u20ac\"}")),
        Arguments.of("last before surrogates", bytes("22", "ed9fbf", "22")),
        Arguments.of("first after surrogates", bytes("22", "ee8080", "22")),
        Arguments.of("four bytes", text("{\"S\":\"\ud83d\ude00\"}")),
        Arguments.of("U+10FFFF", bytes("22", "f48fbfbf", "22")),
        Arguments.of("escaped pair", text("{\"S\":\"\\ud83d\\ude00\"}")),
        Arguments.of("escaped backslash then u", text("{\"S\":\"\\\\udc00\"}")),
        Arguments.of("escaped BMP", text("{\"S\":\"\\u00e9\\n\\\"\"}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void acceptsWellFormedText(String name, byte[] body) {
    assertThatCode(() -> Unicode.requireWellFormed(body)).doesNotThrowAnyException();
  }

  static Stream<Arguments> illFormed() {
    return Stream.of(
        Arguments.of(
            bytes("22636f6c", "c0af", "22"),
            "a byte that cannot start a UTF-8 sequence or an overlong encoding at byte offset 4"),
        Arguments.of(
            bytes("22", "e08080", "22"),
            "an ill-formed UTF-8 sequence (overlong, surrogate or truncated) at byte offset 1"),
        Arguments.of(
            bytes("22", "f0808080", "22"),
            "an ill-formed UTF-8 sequence (overlong, surrogate or truncated) at byte offset 1"),
        Arguments.of(
            bytes("22", "eda080", "22"),
            "an ill-formed UTF-8 sequence (overlong, surrogate or truncated) at byte offset 1"),
        Arguments.of(
            bytes("22", "f4908080", "22"),
            "an ill-formed UTF-8 sequence (overlong, surrogate or truncated) at byte offset 1"),
        Arguments.of(
            bytes("22", "80", "22"),
            "a byte that cannot start a UTF-8 sequence or an overlong encoding at byte offset 1"),
        Arguments.of(
            bytes("22", "ff", "22"),
            "a byte that cannot start a UTF-8 sequence or an overlong encoding at byte offset 1"),
        Arguments.of(
            bytes("22", "e282", "22"),
            "an ill-formed UTF-8 sequence (overlong, surrogate or truncated) at byte offset 1"),
        Arguments.of(bytes("22", "e282"), "a truncated UTF-8 sequence at byte offset 1"),
        Arguments.of(
            text("\"col\\udc001\""),
            "a low surrogate escape without a high surrogate before it at byte offset 4"),
        Arguments.of(
            text("\"\\ud83dx\""),
            "a high surrogate escape without a low surrogate after it at byte offset 1"),
        Arguments.of(
            text("\"\\ud83d\\u0041\""),
            "a high surrogate escape without a low surrogate after it at byte offset 1"),
        Arguments.of(
            text("\"\\ud83d\\ud83d\""),
            "a high surrogate escape without a low surrogate after it at byte offset 1"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("illFormed")
  void refusesIllFormedTextWithAValidationError(byte[] body, String what) {
    assertThatThrownBy(() -> Unicode.requireWellFormed(body))
        .isInstanceOf(DynamoException.class)
        .hasMessage("The request is not valid UTF-8: " + what);
  }

  private static byte[] text(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String... hex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String part : hex) {
      out.writeBytes(HexFormat.of().parseHex(part));
    }
    return out.toByteArray();
  }
}

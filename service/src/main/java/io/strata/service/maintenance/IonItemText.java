package io.strata.service.maintenance;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.DynamoNumber;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * An item as one line of Amazon Ion text, the way DynamoDB's ION exports write it (developer guide,
 * "DynamoDB table export output format", the Amazon Ion section): {@code $ion_1_0 {Item:{...}}},
 * each line a complete Ion stream of its own. DynamoDB's types map to Ion's:
 *
 * <pre>
 *   S     string                 "a\"b"
 *   N     decimal                103.   1.5d3   -2.5d-7   (never an Ion int or float)
 *   B     blob                   {{AAEC}}
 *   BOOL  bool                   true
 *   NULL  null                   null
 *   M     struct                 {name:..., 'not an identifier':...}
 *   L     list                   [...]
 *   SS    annotated string list  $dynamodb_SS::["a","b"]
 *   NS    annotated decimal list $dynamodb_NS::[1.,2d1]
 *   BS    annotated blob list    $dynamodb_BS::[{{AA==}}]
 * </pre>
 *
 * A number keeps its exact digits: Ion text decimals are {@code digits[.digits][d exponent]} (Ion
 * text spec, "Decimals"), so {@link java.math.BigDecimal#toString}'s {@code E} becomes {@code d}
 * and a whole number gets the {@code .} that makes it a decimal rather than an int. Attribute names
 * are written as identifier symbols when Ion reads them back as the same text, and as quoted
 * symbols otherwise (spaces, punctuation, the keywords {@code null true false nan}, and {@code
 * $<digits>}, which Ion reads as a symbol id). Strings and quoted symbols escape their quote, the
 * backslash and every control character; other characters are written as they are, in UTF-8.
 *
 * <p>Pure and stateless: any thread may call it.
 */
final class IonItemText {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final Pattern SYMBOL_ID = Pattern.compile("\\$[0-9]+");
  private static final Set<String> KEYWORDS = Set.of("null", "true", "false", "nan");

  private IonItemText() {}

  /** The item's line, newline included. */
  static String line(Map<String, AttributeValue> item) {
    StringBuilder text = new StringBuilder("$ion_1_0 {Item:");
    writeStruct(text, item);
    return text.append("}\n").toString();
  }

  private static void writeValue(StringBuilder text, AttributeValue value) {
    switch (value.type()) {
      case S -> writeQuoted(text, ((AttributeValue.S) value).value(), '"');
      case N -> writeDecimal(text, ((AttributeValue.N) value).value());
      case B -> writeBlob(text, ((AttributeValue.B) value).value());
      case BOOL -> text.append(((AttributeValue.Bool) value).value());
      case NULL -> text.append("null");
      case M -> writeStruct(text, ((AttributeValue.M) value).value());
      case L -> writeList(text, ((AttributeValue.L) value).value(), IonItemText::writeValue);
      case SS -> {
        text.append("$dynamodb_SS::");
        writeList(
            text,
            ((AttributeValue.SS) value).value(),
            (out, string) -> writeQuoted(out, string, '"'));
      }
      case NS -> {
        text.append("$dynamodb_NS::");
        writeList(text, ((AttributeValue.NS) value).value(), IonItemText::writeDecimal);
      }
      case BS -> {
        text.append("$dynamodb_BS::");
        writeList(text, ((AttributeValue.BS) value).value(), IonItemText::writeBlob);
      }
    }
  }

  private static void writeStruct(StringBuilder text, Map<String, AttributeValue> fields) {
    text.append('{');
    Iterator<Map.Entry<String, AttributeValue>> entries = fields.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, AttributeValue> field = entries.next();
      writeSymbol(text, field.getKey());
      text.append(':');
      writeValue(text, field.getValue());
      if (entries.hasNext()) {
        text.append(',');
      }
    }
    text.append('}');
  }

  private static <T> void writeList(
      StringBuilder text, Collection<T> elements, BiConsumer<StringBuilder, T> writeElement) {
    text.append('[');
    Iterator<T> iterator = elements.iterator();
    while (iterator.hasNext()) {
      writeElement.accept(text, iterator.next());
      if (iterator.hasNext()) {
        text.append(',');
      }
    }
    text.append(']');
  }

  private static void writeSymbol(StringBuilder text, String name) {
    if (IDENTIFIER.matcher(name).matches()
        && !KEYWORDS.contains(name)
        && !SYMBOL_ID.matcher(name).matches()) {
      text.append(name);
    } else {
      writeQuoted(text, name, '\'');
    }
  }

  private static void writeDecimal(StringBuilder text, DynamoNumber number) {
    // Normalised (no trailing zeros), so toString is either plain ("103", "0.25") or scientific
    // with an explicit exponent sign ("2E+1", "1.5E-7"); Ion takes the exponent without "+".
    String digits = number.toBigDecimal().toString();
    int exponent = digits.indexOf('E');
    if (exponent < 0) {
      text.append(digits);
      if (digits.indexOf('.') < 0) {
        text.append('.');
      }
    } else {
      text.append(digits, 0, exponent).append('d');
      int exponentDigits = digits.charAt(exponent + 1) == '+' ? exponent + 2 : exponent + 1;
      text.append(digits, exponentDigits, digits.length());
    }
  }

  private static void writeBlob(StringBuilder text, Bytes bytes) {
    text.append("{{").append(bytes.toBase64()).append("}}");
  }

  private static void writeQuoted(StringBuilder text, String value, char quote) {
    text.append(quote);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        default -> {
          if (c == quote) {
            text.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            text.append(String.format("\\x%02x", (int) c));
          } else {
            text.append(c);
          }
        }
      }
    }
    text.append(quote);
  }
}

package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.DynamoNumber;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * DynamoDB's semantics of attribute values inside expressions: ordering, size, containment,
 * prefixes, type names, and how values are printed in messages.
 */
final class Values {
  private Values() {}

  /**
   * size(): string length (in UTF-16 code units, as DynamoDB Local counts: an emoji is 2), binary
   * length, number of elements of a set, list or map; null for numbers, booleans and nulls.
   */
  static @Nullable Integer size(AttributeValue value) {
    return switch (value.type()) {
      case S -> ((AttributeValue.S) value).value().length();
      case B -> ((AttributeValue.B) value).value().length();
      case SS -> ((AttributeValue.SS) value).value().size();
      case NS -> ((AttributeValue.NS) value).value().size();
      case BS -> ((AttributeValue.BS) value).value().size();
      case L -> ((AttributeValue.L) value).value().size();
      case M -> ((AttributeValue.M) value).value().size();
      case N, BOOL, NULL -> null;
    };
  }

  /**
   * contains(): substring of a string, subsequence of a binary, member of a set of the operand's
   * type, or element of a list.
   */
  static boolean contains(AttributeValue haystack, AttributeValue needle) {
    return switch (haystack.type()) {
      case S ->
          needle instanceof AttributeValue.S s
              && ((AttributeValue.S) haystack).value().contains(s.value());
      case B ->
          needle instanceof AttributeValue.B b
              && indexOf(((AttributeValue.B) haystack).value(), b.value()) >= 0;
      case SS ->
          needle instanceof AttributeValue.S s
              && ((AttributeValue.SS) haystack).value().contains(s.value());
      case NS ->
          needle instanceof AttributeValue.N n
              && ((AttributeValue.NS) haystack).value().contains(n.value());
      case BS ->
          needle instanceof AttributeValue.B b
              && ((AttributeValue.BS) haystack).value().contains(b.value());
      case L -> ((AttributeValue.L) haystack).value().contains(needle);
      case N, BOOL, NULL, M -> false;
    };
  }

  private static int indexOf(Bytes haystack, Bytes needle) {
    outer:
    for (int i = 0; i + needle.length() <= haystack.length(); i++) {
      for (int j = 0; j < needle.length(); j++) {
        if (haystack.byteAt(i + j) != needle.byteAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The type named by attribute_type's second operand, or null if it names none. */
  static AttributeValue.@Nullable Type typeByName(String name) {
    for (AttributeValue.Type type : AttributeValue.Type.values()) {
      if (type.name().equals(name)) {
        return type;
      }
    }
    return null;
  }

  /** The type names of ADD and DELETE messages ({@code operand type: STRING}). */
  static String longTypeName(AttributeValue.Type type) {
    return switch (type) {
      case S -> "STRING";
      case N -> "NUMBER";
      case B -> "BINARY";
      case BOOL -> "BOOLEAN";
      case NULL -> "NULL";
      case M -> "MAP";
      case L -> "LIST";
      case SS -> "STRING_SET";
      case NS -> "NUMBER_SET";
      case BS -> "BINARY_SET";
    };
  }

  /**
   * A value as DynamoDB's Java model prints it in BETWEEN messages: {@code AttributeValue:
   * {N:-12.50}}. Numbers appear as the client wrote them when that text is known; binaries appear
   * as a Java ByteBuffer, exactly as DynamoDB Local prints them.
   */
  static String describe(AttributeValue value, @Nullable String numberText) {
    String body =
        switch (value.type()) {
          case S -> "S:" + ((AttributeValue.S) value).value();
          case N -> "N:" + (numberText != null ? numberText : ((AttributeValue.N) value).value());
          case B -> {
            int length = ((AttributeValue.B) value).value().length();
            yield "B:java.nio.HeapByteBuffer[pos=0 lim=" + length + " cap=" + length + "]";
          }
          case BOOL -> "BOOL:" + ((AttributeValue.Bool) value).value();
          case NULL -> "NULL:true";
          case M, L, SS, NS, BS -> value.type().name() + ":" + value;
        };
    return "AttributeValue: {" + body + "}";
  }

  /** Follows a resolved path into an item; null where the path leads nowhere. */
  static @Nullable AttributeValue get(@Nullable Map<String, AttributeValue> item, Ast.Path path) {
    if (item == null) {
      return null;
    }
    List<Ast.PathElement> elements = path.elements();
    AttributeValue current = item.get(((Ast.Attribute) elements.get(0)).name());
    for (int i = 1; i < elements.size() && current != null; i++) {
      current = child(current, elements.get(i));
    }
    return current;
  }

  static @Nullable AttributeValue child(AttributeValue container, Ast.PathElement element) {
    if (element instanceof Ast.Index index) {
      if (container instanceof AttributeValue.L list && index.index() < list.value().size()) {
        return list.value().get(index.index());
      }
      return null;
    }
    if (container instanceof AttributeValue.M map) {
      return map.value().get(((Ast.Attribute) element).name());
    }
    return null;
  }

  static DynamoNumber number(AttributeValue value) {
    return ((AttributeValue.N) value).value();
  }
}

package io.strata.service.model;

import java.util.Map;

/**
 * DynamoDB's item size arithmetic, the basis of the 400 KB limit and of every capacity charge.
 *
 * <p>From the developer guide ("Item sizes and formats"): an attribute costs the UTF-8 length of
 * its name plus its value; strings cost their UTF-8 bytes, binaries their raw bytes, numbers one
 * byte per two significant digits plus one (negative numbers one more), booleans and nulls one
 * byte; lists and maps cost 3 bytes plus one byte per element plus their elements (map keys count
 * as names); sets cost the sum of their elements.
 *
 * <p>A write asks for the size of its item several times (the 400 KB check, the capacity estimate,
 * the charge, the table's statistics) and a read for the size of what it found (its charge, the
 * cache's weight); {@link #sized} makes every one after the first free for items that no longer
 * change: those decoded from storage and those a request has parsed.
 */
public final class ItemSize {
  private static final int CONTAINER_OVERHEAD_BYTES = 3;
  private static final int ELEMENT_OVERHEAD_BYTES = 1;

  private ItemSize() {}

  public static long of(Map<String, AttributeValue> item) {
    if (item instanceof SizedItem sized) {
      return sized.sizeBytes();
    }
    long total = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      total += nameBytes(attribute.getKey()) + valueBytes(attribute.getValue());
    }
    return total;
  }

  /**
   * {@code item}, unmodifiable, with its size computed now and remembered by {@link #of}. For items
   * that are done changing: the caller must not modify {@code item} afterwards.
   */
  public static Map<String, AttributeValue> sized(Map<String, AttributeValue> item) {
    return item instanceof SizedItem ? item : new SizedItem(item, of(item));
  }

  public static long nameBytes(String name) {
    return utf8Length(name);
  }

  public static long valueBytes(AttributeValue value) {
    return switch (value.type()) {
      case S -> utf8Length(((AttributeValue.S) value).value());
      case N -> numberBytes(((AttributeValue.N) value).value());
      case B -> ((AttributeValue.B) value).value().length();
      case BOOL, NULL -> 1;
      case M -> {
        long total = CONTAINER_OVERHEAD_BYTES;
        for (Map.Entry<String, AttributeValue> entry :
            ((AttributeValue.M) value).value().entrySet()) {
          total +=
              ELEMENT_OVERHEAD_BYTES + nameBytes(entry.getKey()) + valueBytes(entry.getValue());
        }
        yield total;
      }
      case L -> {
        long total = CONTAINER_OVERHEAD_BYTES;
        for (AttributeValue element : ((AttributeValue.L) value).value()) {
          total += ELEMENT_OVERHEAD_BYTES + valueBytes(element);
        }
        yield total;
      }
      case SS -> {
        long total = 0;
        for (String element : ((AttributeValue.SS) value).value()) {
          total += utf8Length(element);
        }
        yield total;
      }
      case NS -> {
        long total = 0;
        for (DynamoNumber element : ((AttributeValue.NS) value).value()) {
          total += numberBytes(element);
        }
        yield total;
      }
      case BS -> {
        long total = 0;
        for (Bytes element : ((AttributeValue.BS) value).value()) {
          total += element.length();
        }
        yield total;
      }
    };
  }

  static long numberBytes(DynamoNumber number) {
    long digitBytes = (number.significantDigits() + 1) / 2;
    return digitBytes + 1 + (number.signum() < 0 ? 1 : 0);
  }

  /** UTF-8 length without allocating the encoded bytes. */
  public static int utf8Length(String text) {
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }
}

package io.strata.service.storage;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.DynamoNumber;
import io.strata.service.model.ItemSize;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compact binary form of an item, the plaintext that {@code ItemCipher} seals.
 *
 * <pre>
 *   item  = version (1 byte, 0x01) | map-body
 *   map-body = count (varint) | { name-length (varint) | name (UTF-8) | value }*
 *   value = type (1 byte, AttributeValue.Type ordinal) | payload
 *     S, B     : length (varint) | bytes            N  : length (varint) | canonical text (ASCII)
 *     BOOL     : 0x00 | 0x01                        NULL: (nothing)
 *     M        : map-body                           L  : count (varint) | value*
 *     SS/NS/BS : count (varint) | (length | bytes)* — elements as for S, N, B
 * </pre>
 *
 * Type bytes are {@link AttributeValue.Type} ordinals, persisted: that enum must never be
 * reordered. Varints are unsigned LEB128.
 */
public final class ItemCodec {
  private static final byte VERSION = 1;
  private static final AttributeValue.Type[] TYPES = AttributeValue.Type.values();

  private ItemCodec() {}

  public static byte[] encode(Map<String, AttributeValue> item) {
    Output out = new Output();
    out.write(VERSION);
    writeMap(out, item);
    return out.toByteArray();
  }

  public static Map<String, AttributeValue> decode(byte[] encoded) {
    Input in = new Input(encoded);
    int version = in.readByte();
    if (version != VERSION) {
      throw new StorageException("unknown item encoding version " + version);
    }
    Map<String, AttributeValue> item = readMap(in);
    if (in.position != encoded.length) {
      throw new StorageException("trailing bytes after encoded item");
    }
    return ItemSize.sized(item);
  }

  private static void writeMap(Output out, Map<String, AttributeValue> map) {
    out.writeVarint(map.size());
    for (Map.Entry<String, AttributeValue> entry : map.entrySet()) {
      out.writeLengthPrefixed(entry.getKey().getBytes(StandardCharsets.UTF_8));
      writeValue(out, entry.getValue());
    }
  }

  private static void writeValue(Output out, AttributeValue value) {
    out.write((byte) value.type().ordinal());
    switch (value.type()) {
      case S -> out.writeString(((AttributeValue.S) value).value());
      case N -> out.writeString(((AttributeValue.N) value).value().toString());
      case B -> out.writeLengthPrefixed(((AttributeValue.B) value).value().toByteArray());
      case BOOL -> out.write((byte) (((AttributeValue.Bool) value).value() ? 1 : 0));
      case NULL -> {}
      case M -> writeMap(out, ((AttributeValue.M) value).value());
      case L -> {
        List<AttributeValue> list = ((AttributeValue.L) value).value();
        out.writeVarint(list.size());
        for (AttributeValue element : list) {
          writeValue(out, element);
        }
      }
      case SS -> {
        Set<String> set = ((AttributeValue.SS) value).value();
        out.writeVarint(set.size());
        for (String element : set) {
          out.writeString(element);
        }
      }
      case NS -> {
        Set<DynamoNumber> set = ((AttributeValue.NS) value).value();
        out.writeVarint(set.size());
        for (DynamoNumber element : set) {
          out.writeString(element.toString());
        }
      }
      case BS -> {
        Set<Bytes> set = ((AttributeValue.BS) value).value();
        out.writeVarint(set.size());
        for (Bytes element : set) {
          out.writeLengthPrefixed(element.toByteArray());
        }
      }
    }
  }

  private static Map<String, AttributeValue> readMap(Input in) {
    int count = in.readCount();
    Map<String, AttributeValue> map = new LinkedHashMap<>(Math.max(4, count * 2));
    for (int i = 0; i < count; i++) {
      String name = in.readString();
      map.put(name, readValue(in));
    }
    return map;
  }

  private static AttributeValue readValue(Input in) {
    int ordinal = in.readByte();
    if (ordinal < 0 || ordinal >= TYPES.length) {
      throw new StorageException("corrupt item: unknown type byte " + ordinal);
    }
    return switch (TYPES[ordinal]) {
      case S -> new AttributeValue.S(in.readString());
      case N -> new AttributeValue.N(DynamoNumber.parse(in.readString()));
      case B -> new AttributeValue.B(Bytes.wrap(in.readBytes()));
      case BOOL -> AttributeValue.Bool.of(in.readByte() != 0);
      case NULL -> AttributeValue.Null.INSTANCE;
      case M -> new AttributeValue.M(readMap(in));
      case L -> {
        int count = in.readCount();
        List<AttributeValue> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          list.add(readValue(in));
        }
        yield new AttributeValue.L(list);
      }
      case SS -> {
        int count = in.readCount();
        Set<String> set = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
          set.add(in.readString());
        }
        yield new AttributeValue.SS(set);
      }
      case NS -> {
        int count = in.readCount();
        Set<DynamoNumber> set = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
          set.add(DynamoNumber.parse(in.readString()));
        }
        yield new AttributeValue.NS(set);
      }
      case BS -> {
        int count = in.readCount();
        Set<Bytes> set = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
          set.add(Bytes.wrap(in.readBytes()));
        }
        yield new AttributeValue.BS(set);
      }
    };
  }

  private static final class Output extends ByteArrayOutputStream {
    Output() {
      super(256);
    }

    void write(byte b) {
      super.write(b);
    }

    void writeVarint(int value) {
      int remaining = value;
      while ((remaining & ~0x7F) != 0) {
        super.write((remaining & 0x7F) | 0x80);
        remaining >>>= 7;
      }
      super.write(remaining);
    }

    void writeLengthPrefixed(byte[] bytes) {
      writeVarint(bytes.length);
      write(bytes, 0, bytes.length);
    }

    void writeString(String text) {
      writeLengthPrefixed(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static final class Input {
    private final byte[] bytes;
    private int position;

    Input(byte[] bytes) {
      this.bytes = bytes;
    }

    int readByte() {
      if (position >= bytes.length) {
        throw new StorageException("corrupt item: truncated");
      }
      return bytes[position++] & 0xFF;
    }

    int readVarint() {
      int result = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int b = readByte();
        result |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new StorageException("corrupt item: varint too long");
    }

    /** A count or length, bounded by the bytes left so corrupt input cannot force huge arrays. */
    int readCount() {
      int count = readVarint();
      if (count < 0 || count > bytes.length - position) {
        throw new StorageException("corrupt item: impossible length " + count);
      }
      return count;
    }

    byte[] readBytes() {
      int length = readCount();
      byte[] result = new byte[length];
      System.arraycopy(bytes, position, result, 0, length);
      position += length;
      return result;
    }

    String readString() {
      int length = readCount();
      String result = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return result;
    }
  }
}

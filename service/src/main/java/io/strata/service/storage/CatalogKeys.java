package io.strata.service.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Keys of the {@link Db#CATALOG} database: readable paths such as {@code table/<tenant>/<name>}, so
 * a prefix lists one kind of record and one tenant's records sort together. Components never
 * contain {@code /} (tenant ids are digits; table names are {@code [a-zA-Z0-9_.-]}).
 */
public final class CatalogKeys {
  private CatalogKeys() {}

  public static byte[] key(String... components) {
    return String.join("/", components).getBytes(StandardCharsets.UTF_8);
  }

  /** A key prefix ending in {@code /}, to list every record below it. */
  public static byte[] prefix(String... components) {
    return (String.join("/", components) + "/").getBytes(StandardCharsets.UTF_8);
  }

  /** Visits every record whose key starts with {@code prefix}, in key order. */
  public static void forEachUnder(
      ReadView view, byte[] prefix, BiConsumer<String, byte[]> visitor) {
    view.scan(
        Db.CATALOG,
        prefix,
        true,
        (key, value) -> {
          if (!startsWith(key, prefix)) {
            return false;
          }
          visitor.accept(new String(key, StandardCharsets.UTF_8), value);
          return true;
        });
  }

  /** Every value stored under {@code prefix}. */
  public static List<byte[]> valuesUnder(ReadView view, byte[] prefix) {
    List<byte[]> values = new ArrayList<>();
    forEachUnder(view, prefix, (key, value) -> values.add(value));
    return values;
  }

  /** Allocates the next value of a named counter inside the caller's transaction. */
  public static long nextSequence(WriteView view, String name) {
    byte[] key = key("seq", name);
    byte[] current = view.get(Db.CATALOG, key);
    long next = current == null ? 1 : ByteBuffer.wrap(current).getLong() + 1;
    view.put(Db.CATALOG, key, ByteBuffer.allocate(Long.BYTES).putLong(next).array());
    return next;
  }

  public static boolean startsWith(byte[] bytes, byte[] prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}

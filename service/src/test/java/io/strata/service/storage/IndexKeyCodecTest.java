package io.strata.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.KeySchema;
import io.strata.service.model.ScalarOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Entry keys of a multi-attribute index sort exactly as DynamoDB orders its sort keys: attribute by
 * attribute, left to right, each in its type's order; and the seek positions a key condition walks
 * from bound every entry it admits.
 */
@Timeout(30)
class IndexKeyCodecTest {
  private static final KeySchema SCHEMA =
      new KeySchema(
          List.of(
              new KeySchema.KeyAttribute("p1", AttributeValue.Type.S),
              new KeySchema.KeyAttribute("p2", AttributeValue.Type.N)),
          List.of(
              new KeySchema.KeyAttribute("s1", AttributeValue.Type.S),
              new KeySchema.KeyAttribute("s2", AttributeValue.Type.N),
              new KeySchema.KeyAttribute("s3", AttributeValue.Type.B)));

  private static final List<String> STRINGS = List.of("", "a", "a\u0000", "a\u0000b", "ab", "b");
  private static final List<String> NUMBERS = List.of("-12.5", "-1", "0", "0.001", "1", "10");
  private static final List<byte[]> BINARIES =
      List.of(new byte[] {}, new byte[] {0}, new byte[] {0, (byte) 0xFF}, new byte[] {1});

  private record Entry(List<AttributeValue> sort, byte[] key) {}

  private static List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    int id = 0;
    for (String s1 : STRINGS) {
      for (String s2 : NUMBERS) {
        for (byte[] s3 : BINARIES) {
          List<AttributeValue> sort =
              List.of(
                  AttributeValue.s(s1), AttributeValue.n(s2), AttributeValue.b(Bytes.copyOf(s3)));
          Map<String, AttributeValue> item = new LinkedHashMap<>();
          item.put("p1", AttributeValue.s("tenant"));
          item.put("p2", AttributeValue.n(7));
          item.put("s1", sort.get(0));
          item.put("s2", sort.get(1));
          item.put("s3", sort.get(2));
          byte[] itemKey = {(byte) id++};
          entries.add(new Entry(sort, IndexKeyCodec.entryKey(42, SCHEMA, item, itemKey)));
        }
      }
    }
    return entries;
  }

  @Test
  void entryKeysSortByTheSortAttributesLeftToRight() {
    List<Entry> byKey = new ArrayList<>(entries());
    java.util.Collections.shuffle(byKey, new Random(15));
    byKey.sort((left, right) -> Arrays.compareUnsigned(left.key(), right.key()));
    List<Entry> bySort = new ArrayList<>(byKey);
    bySort.sort(Comparator.comparing(Entry::sort, ScalarOrder::compare));
    assertThat(byKey).extracting(Entry::sort).isEqualTo(bySort.stream().map(Entry::sort).toList());
  }

  @Test
  void aMultiAttributePartitionKeyIsOnePrefixPerTuple() {
    Set<String> prefixes = new HashSet<>();
    for (String p1 : List.of("a", "ab", "b")) {
      for (String p2 : List.of("1", "12", "2")) {
        byte[] prefix =
            IndexKeyCodec.partitionPrefix(42, List.of(AttributeValue.s(p1), AttributeValue.n(p2)));
        assertThat(prefix).hasSize(24);
        prefixes.add(Arrays.toString(prefix));
      }
    }
    assertThat(prefixes).hasSize(9);
  }

  @Test
  void seeksForAnEqualityPrefixAndABoundEncloseEveryAdmittedEntry() {
    List<Entry> entries = entries();
    for (String s1 : STRINGS) {
      for (String s2 : NUMBERS) {
        List<AttributeValue> bound = List.of(AttributeValue.s(s1), AttributeValue.n(s2));
        byte[] lower = IndexKeyCodec.LAYOUT.lowerSeek(bound);
        byte[] upper = IndexKeyCodec.LAYOUT.upperSeek(bound, false);
        for (Entry entry : entries) {
          byte[] sortPart = Arrays.copyOfRange(entry.key(), 24, entry.key().length);
          List<AttributeValue> leading = entry.sort().subList(0, 2);
          if (ScalarOrder.compare(entry.sort(), bound) >= 0) {
            assertThat(Arrays.compareUnsigned(sortPart, lower)).isGreaterThanOrEqualTo(0);
          }
          if (ScalarOrder.compare(leading, bound) <= 0) {
            assertThat(Arrays.compareUnsigned(sortPart, upper)).isLessThanOrEqualTo(0);
          }
        }
      }
      List<AttributeValue> prefixMatch = List.of(AttributeValue.s(s1));
      byte[] upper = IndexKeyCodec.LAYOUT.upperSeek(prefixMatch, true);
      for (Entry entry : entries) {
        if (((AttributeValue.S) entry.sort().get(0)).value().startsWith(s1)) {
          byte[] sortPart = Arrays.copyOfRange(entry.key(), 24, entry.key().length);
          assertThat(Arrays.compareUnsigned(sortPart, upper)).isLessThanOrEqualTo(0);
        }
      }
    }
  }
}

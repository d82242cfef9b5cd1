package io.strata.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.DynamoNumber;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class KeyCodecTest {
  private static final KeySchema STRING_SORTED =
      new KeySchema(
          new KeySchema.KeyAttribute("pk", AttributeValue.Type.S),
          new KeySchema.KeyAttribute("sk", AttributeValue.Type.S));

  @Test
  void numbersSortNumericallyIncludingNegativesDecimalsAndExtremes() {
    List<String> texts =
        List.of(
            "-9.9999999999999999999999999999999999999E+125",
            "-1E+10",
            "-100",
            "-99.5",
            "-10",
            "-1.55",
            "-1.5",
            "-1.05",
            "-1",
            "-0.5",
            "-1E-130",
            "0",
            "1E-130",
            "0.000123",
            "0.5",
            "1",
            "1.05",
            "1.1",
            "1.101",
            "1.5",
            "1.55",
            "2",
            "10",
            "99.5",
            "100",
            "1E+10",
            "12345678901234567890123456789012345678",
            "9.9999999999999999999999999999999999999E+125");
    List<DynamoNumber> numbers = texts.stream().map(DynamoNumber::parse).toList();
    List<DynamoNumber> byEncoding =
        numbers.stream()
            .sorted(Comparator.comparing(KeyCodec::encodeNumber, Arrays::compareUnsigned))
            .toList();
    assertThat(byEncoding).containsExactlyElementsOf(numbers);
  }

  @Test
  void randomNumbersSortNumerically() {
    Random random = new Random(42);
    List<DynamoNumber> numbers = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      BigDecimal value =
          new BigDecimal(
              new java.math.BigInteger(1 + random.nextInt(120), random)
                  .multiply(java.math.BigInteger.valueOf(random.nextBoolean() ? 1 : -1)),
              random.nextInt(80) - 40);
      if (value.stripTrailingZeros().precision() <= DynamoNumber.MAX_PRECISION) {
        numbers.add(DynamoNumber.of(value));
      }
    }
    List<DynamoNumber> numeric = numbers.stream().sorted().toList();
    List<DynamoNumber> byEncoding =
        numbers.stream()
            .sorted(Comparator.comparing(KeyCodec::encodeNumber, Arrays::compareUnsigned))
            .toList();
    assertThat(byEncoding).isEqualTo(numeric);
  }

  @Test
  void stringsSortByUtf8BytesNotByJavaChars() {
    // U+FFFD sorts after U+1F600 as Java chars (0xFFFD > 0xD83D) but before it in UTF-8.
    List<String> utf8Order = List.of("", "A", "a", "ab", "b", "\u00e9", "\uFFFD", "\uD83D\uDE00");
    List<String> byKey =
        utf8Order.stream()
            .sorted(
                Comparator.comparing(
                    (String s) -> KeyCodec.sortComponent(new AttributeValue.S(s)),
                    Arrays::compareUnsigned))
            .collect(Collectors.toList());
    assertThat(byKey).containsExactlyElementsOf(utf8Order);
  }

  @Test
  void binarySortsUnsigned() {
    byte[] low = {0x01};
    byte[] high = {(byte) 0xFF};
    assertThat(
            Arrays.compareUnsigned(
                KeyCodec.sortComponent(new AttributeValue.B(Bytes.wrap(low))),
                KeyCodec.sortComponent(new AttributeValue.B(Bytes.wrap(high)))))
        .isNegative();
  }

  @Test
  void keysOfOnePartitionShareThePrefixAndDifferentPartitionsDoNot() {
    byte[] first = key("user#1", "a");
    byte[] second = key("user#1", "b");
    byte[] other = key("user#2", "a");
    byte[] prefix = KeyCodec.partitionPrefix(7, new AttributeValue.S("user#1"));
    assertThat(first).startsWith(prefix);
    assertThat(second).startsWith(prefix);
    assertThat(java.util.Arrays.copyOf(other, prefix.length)).isNotEqualTo(prefix);
    assertThat(KeyCodec.tableIdOf(first)).isEqualTo(7);
  }

  @Test
  void longSortKeysAreTruncatedToTheLmdbLimitAndFlagged() {
    String longValue = "x".repeat(1024);
    byte[] truncated = key("p", longValue);
    byte[] longestRaw = key("p", "x".repeat(KeyCodec.MAX_RAW_SORT_BYTES));
    assertThat(truncated).hasSize(KeyCodec.MAX_KEY_BYTES);
    assertThat(KeyCodec.isTruncated(truncated)).isTrue();
    assertThat(KeyCodec.isTruncated(longestRaw)).isFalse();
    assertThat(Arrays.compareUnsigned(longestRaw, truncated)).isNegative();
    assertThat(key("p", longValue)).isEqualTo(truncated);
    assertThat(key("p", longValue + "y")).isNotEqualTo(truncated);
  }

  @Test
  void longPartitionKeysFitBecauseOnlyTheirDigestIsStored() {
    String hugePartition = "p".repeat(2048);
    assertThat(key(hugePartition, "s")).hasSize(KeyCodec.PARTITION_PREFIX_BYTES + 1);
  }

  @Test
  void sortComponentOfAStringIsItsUtf8Bytes() {
    assertThat(KeyCodec.sortComponent(new AttributeValue.S("h\u00e9")))
        .isEqualTo("h\u00e9".getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] key(String partition, String sort) {
    return KeyCodec.itemKey(
        7,
        STRING_SORTED,
        new PrimaryKey(new AttributeValue.S(partition), new AttributeValue.S(sort)));
  }
}

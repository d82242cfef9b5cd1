package io.strata.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.DynamoNumber;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ItemCodecTest {

  @Test
  void everyTypeRoundTrips() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("s", new AttributeValue.S("h\u00e9llo \uD83D\uDE00"));
    item.put("empty", new AttributeValue.S(""));
    item.put("n", AttributeValue.n("-12.5E+3"));
    item.put("b", new AttributeValue.B(Bytes.wrap(new byte[] {0, 1, (byte) 0xFF})));
    item.put("t", AttributeValue.Bool.TRUE);
    item.put("f", AttributeValue.Bool.FALSE);
    item.put("null", AttributeValue.Null.INSTANCE);
    item.put(
        "m",
        new AttributeValue.M(
            Map.of(
                "inner",
                new AttributeValue.L(List.of(AttributeValue.n(1), AttributeValue.s("x"))))));
    item.put("ss", new AttributeValue.SS(Set.of("a", "b")));
    item.put(
        "ns", new AttributeValue.NS(Set.of(DynamoNumber.parse("1"), DynamoNumber.parse("2.5"))));
    item.put(
        "bs",
        new AttributeValue.BS(Set.of(Bytes.wrap(new byte[] {1}), Bytes.wrap(new byte[] {2}))));
    item.put("long", new AttributeValue.S("z".repeat(300_000)));

    assertThat(ItemCodec.decode(ItemCodec.encode(item))).isEqualTo(item);
  }

  @Test
  void corruptInputIsAStorageErrorNotAnOutOfMemory() {
    byte[] encoded = ItemCodec.encode(Map.of("a", AttributeValue.s("value")));
    byte[] truncated = Arrays.copyOf(encoded, encoded.length - 2);
    assertThatThrownBy(() -> ItemCodec.decode(truncated)).isInstanceOf(StorageException.class);
    byte[] hugeCount = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    assertThatThrownBy(() -> ItemCodec.decode(hugeCount)).isInstanceOf(StorageException.class);
  }
}

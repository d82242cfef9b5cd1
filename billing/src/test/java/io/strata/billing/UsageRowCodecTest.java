package io.strata.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UsageRowCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Instant ONE_AM_1970 = Instant.ofEpochSecond(3600);

  @Test
  void keyLayoutIsPinned() {
    byte[] key = UsageRowCodec.encodeKey(new UsageKey("t1", "users", ONE_AM_1970));
    assertThat(HEX.formatHex(key)).isEqualTo("0002" + "7431" + "8000000000000e10" + "7573657273");
  }

  @Test
  void valueLayoutIsPinned() {
    UsageRow row = new UsageRow(new UsageKey("t1", "users", ONE_AM_1970), 3, 2, 5, 7, 11);
    assertThat(HEX.formatHex(UsageRowCodec.encodeValue(row)))
        .isEqualTo(
            "02"
                + "0000000000000003"
                + "0000000000000002"
                + "0000000000000005"
                + "0000000000000007"
                + "000000000000000b");
  }

  @Test
  void decodesVersionOneRowsWithoutTheNewerCounters() {
    UsageKey key = new UsageKey("t1", "users", ONE_AM_1970);
    byte[] versionOne =
        HEX.parseHex("01" + "0000000000000003" + "0000000000000002" + "0000000000000005");
    assertThat(UsageRowCodec.decodeValue(key, versionOne))
        .isEqualTo(new UsageRow(key, 3, 2, 5, 0, 0));
  }

  @Test
  void rowsRoundTrip() {
    UsageRow row =
        new UsageRow(
            new UsageKey("tenant-ü", "Orders.2024", Instant.parse("2025-03-09T17:00:00Z")),
            Long.MAX_VALUE,
            0,
            123_456_789_012L,
            42,
            1L << 40);
    byte[] key = UsageRowCodec.encodeKey(row.key());
    byte[] value = UsageRowCodec.encodeValue(row);
    assertThat(UsageRowCodec.decode(key, value)).isEqualTo(row);
  }

  @Test
  void keysSortByTenantThenHourThenTable() {
    Random random = new Random(7);
    List<String> tenants = List.of("a", "ab", "b", "é", "zz", "a\u0000");
    List<String> tables = List.of("t", "t2", "T", "users", "a.b-c_d");
    List<UsageKey> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      long hour = (random.nextInt(2000) - 1000) * 3600L;
      keys.add(
          new UsageKey(
              tenants.get(random.nextInt(tenants.size())),
              tables.get(random.nextInt(tables.size())),
              Instant.ofEpochSecond(hour)));
    }
    List<UsageKey> byBytes =
        keys.stream()
            .sorted(Comparator.comparing(UsageRowCodec::encodeKey, Arrays::compareUnsigned))
            .toList();
    // Tenants are contiguous, and inside a tenant the order is hour, then table bytes.
    Comparator<UsageKey> insideTenant =
        Comparator.comparing(UsageKey::hourStart)
            .thenComparing(key -> key.tableName().getBytes(), Arrays::compareUnsigned);
    List<String> tenantRuns = new ArrayList<>();
    for (int i = 0; i < byBytes.size(); i++) {
      UsageKey key = byBytes.get(i);
      if (i == 0 || !byBytes.get(i - 1).tenantId().equals(key.tenantId())) {
        tenantRuns.add(key.tenantId());
      } else {
        assertThat(insideTenant.compare(byBytes.get(i - 1), key)).isLessThanOrEqualTo(0);
      }
    }
    assertThat(tenantRuns).doesNotHaveDuplicates();
  }

  @Test
  void rangeBoundsSelectExactlyTheTenantsHours() {
    Instant from = Instant.parse("2025-01-01T10:00:00Z");
    Instant to = Instant.parse("2025-01-01T12:00:00Z");
    byte[] start = UsageRowCodec.keyRangeStart("t", from);
    byte[] end = UsageRowCodec.keyRangeEnd("t", to);
    assertThat(inRange(start, end, new UsageKey("t", "x", from))).isTrue();
    assertThat(inRange(start, end, new UsageKey("t", "x", from.plusSeconds(3600)))).isTrue();
    assertThat(inRange(start, end, new UsageKey("t", "x", to))).isFalse();
    assertThat(inRange(start, end, new UsageKey("t", "x", from.minusSeconds(3600)))).isFalse();
    assertThat(inRange(start, end, new UsageKey("tt", "x", from))).isFalse();
    assertThat(inRange(start, end, new UsageKey("s", "x", from))).isFalse();
  }

  @Test
  void rejectsOversizedKeysAndUnknownVersions() {
    String longTenant = "t".repeat(300);
    assertThatThrownBy(
            () -> UsageRowCodec.encodeKey(new UsageKey(longTenant, "x".repeat(255), ONE_AM_1970)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds 511");
    UsageKey key = new UsageKey("t", "x", ONE_AM_1970);
    assertThatThrownBy(() -> UsageRowCodec.decodeValue(key, new byte[] {3, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown usage row version 3");
    assertThatThrownBy(() -> UsageRowCodec.decodeValue(key, new byte[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("usage row of version 1 must be 25 bytes, was 2");
    assertThatThrownBy(() -> UsageRowCodec.decodeValue(key, new byte[] {2, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("usage row of version 2 must be 41 bytes, was 2");
  }

  @Test
  void keysMustNameAWholeHour() {
    assertThatThrownBy(() -> new UsageKey("t", "x", Instant.ofEpochSecond(3601)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hourStart must be a whole hour: 1970-01-01T01:00:01Z");
    assertThat(UsageKey.at("t", "x", Instant.parse("2025-01-01T10:59:59.999Z")).hourStart())
        .isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
  }

  private static boolean inRange(byte[] start, byte[] end, UsageKey key) {
    byte[] encoded = UsageRowCodec.encodeKey(key);
    return Arrays.compareUnsigned(start, encoded) <= 0 && Arrays.compareUnsigned(encoded, end) < 0;
  }
}

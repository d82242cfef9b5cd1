package io.strata.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.billing.CapacityUnits.ReadMode;
import io.strata.billing.CapacityUnits.WriteMode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(30)
class CapacityUnitsTest {
  private static final long KB = 1024;
  private static final long MAX_ITEM_BYTES = 400 * KB;

  /** Size, then half-units eventually consistent, strongly consistent, transactional. */
  static Stream<Arguments> reads() {
    return Stream.of(
        // A missing item reads as size 0 and still costs one 4 KB block.
        Arguments.of(0L, 1L, 2L, 4L),
        Arguments.of(1L, 1L, 2L, 4L),
        Arguments.of(KB, 1L, 2L, 4L),
        Arguments.of(KB + 1, 1L, 2L, 4L),
        Arguments.of(3500L, 1L, 2L, 4L),
        Arguments.of(4 * KB, 1L, 2L, 4L),
        Arguments.of(4 * KB + 1, 2L, 4L, 8L),
        Arguments.of(8 * KB, 2L, 4L, 8L),
        // The guide's example: 10 KB rounds to 12 KB.
        Arguments.of(10 * KB, 3L, 6L, 12L),
        Arguments.of(MAX_ITEM_BYTES - 1, 100L, 200L, 400L),
        Arguments.of(MAX_ITEM_BYTES, 100L, 200L, 400L),
        Arguments.of(MAX_ITEM_BYTES + 1, 101L, 202L, 404L));
  }

  @ParameterizedTest(name = "{0} bytes")
  @MethodSource("reads")
  void readsRoundUpToFourKilobytesPerMode(
      long sizeBytes, long eventually, long strongly, long transactional) {
    assertThat(CapacityUnits.readHalfUnits(sizeBytes, ReadMode.EVENTUALLY_CONSISTENT))
        .isEqualTo(eventually);
    assertThat(CapacityUnits.readHalfUnits(sizeBytes, ReadMode.STRONGLY_CONSISTENT))
        .isEqualTo(strongly);
    assertThat(CapacityUnits.readHalfUnits(sizeBytes, ReadMode.TRANSACTIONAL))
        .isEqualTo(transactional);
  }

  /** Size, then half-units standard and transactional. */
  static Stream<Arguments> writes() {
    return Stream.of(
        // A delete of a missing item, or a failed condition on one, costs 1 WCU.
        Arguments.of(0L, 2L, 4L),
        Arguments.of(1L, 2L, 4L),
        Arguments.of(500L, 2L, 4L),
        Arguments.of(KB, 2L, 4L),
        Arguments.of(KB + 1, 4L, 8L),
        // The guide's example: 1.6 KB rounds to 2 KB.
        Arguments.of(1638L, 4L, 8L),
        Arguments.of(4 * KB, 8L, 16L),
        Arguments.of(4 * KB + 1, 10L, 20L),
        Arguments.of(MAX_ITEM_BYTES - 1, 800L, 1600L),
        Arguments.of(MAX_ITEM_BYTES, 800L, 1600L),
        Arguments.of(MAX_ITEM_BYTES + 1, 802L, 1604L));
  }

  @ParameterizedTest(name = "{0} bytes")
  @MethodSource("writes")
  void writesRoundUpToOneKilobytePerMode(long sizeBytes, long standard, long transactional) {
    assertThat(CapacityUnits.writeHalfUnits(sizeBytes, WriteMode.STANDARD)).isEqualTo(standard);
    assertThat(CapacityUnits.writeHalfUnits(sizeBytes, WriteMode.TRANSACTIONAL))
        .isEqualTo(transactional);
  }

  /** Summed evaluated bytes of a page, then half-units eventually and strongly consistent. */
  static Stream<Arguments> pages() {
    return Stream.of(
        // An empty page still costs the minimum.
        Arguments.of(0L, 1L, 2L),
        Arguments.of(1L, 1L, 2L),
        Arguments.of(4 * KB, 1L, 2L),
        Arguments.of(4 * KB + 1, 2L, 4L),
        // The guide: 10 items totalling 40.8 KB round to 44 KB (11 RCU strongly consistent).
        Arguments.of(41779L, 11L, 22L),
        // The guide: 1500 items of 64 bytes are 96 KB, 24 RCU, not 1500 RCU.
        Arguments.of(1500 * 64L, 24L, 48L),
        // A full 1 MB page.
        Arguments.of(1024 * KB, 256L, 512L));
  }

  @ParameterizedTest(name = "{0} bytes")
  @MethodSource("pages")
  void queryAndScanPagesRoundTheirTotalOnce(long evaluatedBytes, long eventually, long strongly) {
    assertThat(CapacityUnits.pageReadHalfUnits(evaluatedBytes, ReadMode.EVENTUALLY_CONSISTENT))
        .isEqualTo(eventually);
    assertThat(CapacityUnits.pageReadHalfUnits(evaluatedBytes, ReadMode.STRONGLY_CONSISTENT))
        .isEqualTo(strongly);
  }

  @Test
  void pageRoundsOnceWhereBatchRoundsPerItem() {
    long[] sizes = {64, 64, 64, 64};
    long page =
        CapacityUnits.pageReadHalfUnits(
            sizes[0] + sizes[1] + sizes[2] + sizes[3], ReadMode.STRONGLY_CONSISTENT);
    long batch = CapacityUnits.batchReadHalfUnits(sizes, ReadMode.STRONGLY_CONSISTENT);
    assertThat(page).isEqualTo(2);
    assertThat(batch).isEqualTo(8);
  }

  @Test
  void batchGetRoundsEachItemAsTheGuideShows() {
    // "BatchGetItem reads a 1.5 KB item and a 6.5 KB item: 12 KB (4 KB + 8 KB), not 8 KB."
    long[] sizes = {1536, 6656};
    assertThat(CapacityUnits.batchReadHalfUnits(sizes, ReadMode.STRONGLY_CONSISTENT)).isEqualTo(6);
    // Alternator's test_multi_table_batch_get_items: three small items eventually consistent = 1.5.
    assertThat(
            CapacityUnits.toWireUnits(
                CapacityUnits.batchReadHalfUnits(
                    new long[] {30, 30, 30}, ReadMode.EVENTUALLY_CONSISTENT)))
        .isEqualTo(1.5);
  }

  @Test
  void batchWriteRoundsEachItemAsTheGuideShows() {
    // "BatchWriteItem writes a 500 byte item and a 3.5 KB item: 5 KB (1 KB + 4 KB), not 4 KB."
    assertThat(CapacityUnits.batchWriteHalfUnits(new long[] {500, 3584}, WriteMode.STANDARD))
        .isEqualTo(10);
  }

  @Test
  void replacingWritesChargeTheLargerSide() {
    // UpdateItem shrinking a 2 KB+1 item to a few bytes: 3 WCU (alternator test_long_update).
    assertThat(CapacityUnits.writeHalfUnits(2 * KB + 1, 20, WriteMode.STANDARD)).isEqualTo(6);
    // UpdateItem growing a small item past 2 KB: 3 WCU (alternator test_update_item_long_attr).
    assertThat(CapacityUnits.writeHalfUnits(20, 2 * KB + 1, WriteMode.STANDARD)).isEqualTo(6);
    // UpdateItem of a missing item that creates a small one: 1 WCU.
    assertThat(CapacityUnits.writeHalfUnits(0, 20, WriteMode.STANDARD)).isEqualTo(2);
    // DeleteItem of a missing item: 1 WCU (alternator test_delete_missing_item).
    assertThat(CapacityUnits.writeHalfUnits(0, 0, WriteMode.STANDARD)).isEqualTo(2);
    // A transactional write of three 500-byte items: 2 WCU each, 6 in all (the guide's example).
    assertThat(
            CapacityUnits.batchWriteHalfUnits(new long[] {500, 500, 500}, WriteMode.TRANSACTIONAL))
        .isEqualTo(12);
  }

  @Test
  void readModeFollowsConsistentRead() {
    assertThat(CapacityUnits.ReadMode.of(true)).isEqualTo(ReadMode.STRONGLY_CONSISTENT);
    assertThat(CapacityUnits.ReadMode.of(false)).isEqualTo(ReadMode.EVENTUALLY_CONSISTENT);
  }

  static Stream<Arguments> wireValues() {
    return Stream.of(
        Arguments.of(0L, 0.0),
        Arguments.of(1L, 0.5),
        Arguments.of(2L, 1.0),
        Arguments.of(3L, 1.5),
        Arguments.of(800L, 400.0),
        Arguments.of((1L << 53) - 1, 4503599627370495.5));
  }

  @ParameterizedTest(name = "{0} half-units")
  @MethodSource("wireValues")
  void convertsHalfUnitsToTheWireDouble(long halfUnits, double wire) {
    assertThat(CapacityUnits.toWireUnits(halfUnits)).isEqualTo(wire);
  }

  @Test
  void rejectsNegativeSizesAndCounts() {
    assertThatThrownBy(() -> CapacityUnits.readHalfUnits(-1, ReadMode.STRONGLY_CONSISTENT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("item size must not be negative: -1");
    assertThatThrownBy(() -> CapacityUnits.writeHalfUnits(10, -1, WriteMode.STANDARD))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CapacityUnits.toWireUnits(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

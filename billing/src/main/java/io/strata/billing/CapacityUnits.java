package io.strata.billing;

/**
 * DynamoDB's capacity arithmetic, counted in integer half-units.
 *
 * <p>One half-unit is 0.5 RCU or 0.5 WCU (0.5 RRU or 0.5 WRU on on-demand tables). Every charge
 * DynamoDB makes is a whole number of half-units, so a {@code long} holds it exactly and sums of
 * charges never drift the way sums of {@code double}s do. Only the response converts, once, with
 * {@link #toWireUnits}. Alternator does the same ({@code alternator/consumed_capacity.cc}: "we want
 * our counter to be an integer, it counts half units").
 *
 * <p>The rules, from the developer guide ("Capacity unit consumption", formerly
 * CapacityUnitCalculations; "Read/write capacity mode"; "Capacity management for transactions"):
 *
 * <ul>
 *   <li><b>Reads</b> round the size up to the next 4 KB: 1 RCU per 4 KB strongly consistent, half
 *       of that eventually consistent, twice that transactional (TransactGetItems performs two
 *       underlying reads per item).
 *   <li><b>Writes</b> round the size up to the next 1 KB: 1 WCU per KB, twice that transactional.
 *   <li><b>Minimums.</b> "If you perform a read operation on an item that does not exist, DynamoDB
 *       will still consume provisioned read throughput": 1 RCU strongly consistent, 0.5 eventually
 *       consistent. A write whose item does not exist (a failed condition, a delete of a missing
 *       item) consumes 1 WCU. So every size, including 0, rounds up to at least one block. The same
 *       minimum applies to a Query or Scan page that evaluated no item (observed DynamoDB
 *       behaviour: an empty page reports 0.5 or 1 unit, never 0).
 *   <li><b>Query and Scan</b> charge the summed size of every item the page <em>evaluated</em>,
 *       before any filter and regardless of the projection or {@code Select=COUNT}, rounded up to 4
 *       KB once for the whole page (not per item): {@link #pageReadHalfUnits}.
 *   <li><b>PutItem, UpdateItem</b> charge the larger of the item before and after;
 *       <b>DeleteItem</b> the deleted item: {@link #writeHalfUnits(long, long, WriteMode)} with the
 *       absent side as 0.
 *   <li><b>BatchGetItem, BatchWriteItem, TransactGetItems, TransactWriteItems</b> round each item
 *       separately and add the results ("1.5 KB and 6.5 KB count as 12 KB, not 8 KB"): call the
 *       per-item methods and sum, or use {@link #batchReadHalfUnits} / {@link
 *       #batchWriteHalfUnits}.
 * </ul>
 *
 * <p>Secondary indexes are charged by the caller, one write per index entry changed, with the same
 * methods. Stateless and thread-safe; callable from event loops.
 */
public final class CapacityUnits {
  /** A read capacity unit covers up to 4 KB. */
  public static final long READ_BLOCK_BYTES = 4096;

  /** A write capacity unit covers up to 1 KB. */
  public static final long WRITE_BLOCK_BYTES = 1024;

  private CapacityUnits() {}

  /** How a read is served; decides the half-units per 4 KB block. */
  public enum ReadMode {
    /** {@code ConsistentRead=false}, the default: 0.5 unit per 4 KB. */
    EVENTUALLY_CONSISTENT(1),
    /** {@code ConsistentRead=true}: 1 unit per 4 KB. */
    STRONGLY_CONSISTENT(2),
    /** An item of TransactGetItems: 2 units per 4 KB. */
    TRANSACTIONAL(4);

    private final long halfUnitsPerBlock;

    ReadMode(long halfUnitsPerBlock) {
      this.halfUnitsPerBlock = halfUnitsPerBlock;
    }

    public static ReadMode of(boolean consistentRead) {
      return consistentRead ? STRONGLY_CONSISTENT : EVENTUALLY_CONSISTENT;
    }
  }

  /** How a write is applied; decides the half-units per 1 KB block. */
  public enum WriteMode {
    /** PutItem, UpdateItem, DeleteItem, BatchWriteItem: 1 unit per KB. */
    STANDARD(2),
    /** An action of TransactWriteItems: 2 units per KB. */
    TRANSACTIONAL(4);

    private final long halfUnitsPerBlock;

    WriteMode(long halfUnitsPerBlock) {
      this.halfUnitsPerBlock = halfUnitsPerBlock;
    }
  }

  /**
   * One item read by GetItem, or one item of BatchGetItem or TransactGetItems. A missing item has
   * size 0 and still costs one block.
   */
  public static long readHalfUnits(long itemSizeBytes, ReadMode mode) {
    return blocks(itemSizeBytes, READ_BLOCK_BYTES) * mode.halfUnitsPerBlock;
  }

  /**
   * One Query or Scan page: {@code evaluatedSizeBytes} is the sum of the sizes of every item the
   * page read, including those the filter then dropped, rounded up once. An empty page still costs
   * one block.
   */
  public static long pageReadHalfUnits(long evaluatedSizeBytes, ReadMode mode) {
    return readHalfUnits(evaluatedSizeBytes, mode);
  }

  /** A write of one item where only one side exists: a put of a new item, a delete. */
  public static long writeHalfUnits(long itemSizeBytes, WriteMode mode) {
    return blocks(itemSizeBytes, WRITE_BLOCK_BYTES) * mode.halfUnitsPerBlock;
  }

  /**
   * A write that replaces an item: PutItem over an existing item, UpdateItem, a failed conditional
   * write (pass the existing item's size, or 0 when there is none). Charged on the larger side.
   */
  public static long writeHalfUnits(long oldItemSizeBytes, long newItemSizeBytes, WriteMode mode) {
    requireSize(oldItemSizeBytes);
    requireSize(newItemSizeBytes);
    return writeHalfUnits(Math.max(oldItemSizeBytes, newItemSizeBytes), mode);
  }

  /** The items of one table in a BatchGetItem or TransactGetItems, each rounded on its own. */
  public static long batchReadHalfUnits(long[] itemSizesBytes, ReadMode mode) {
    long total = 0;
    for (long size : itemSizesBytes) {
      total = Math.addExact(total, readHalfUnits(size, mode));
    }
    return total;
  }

  /** The items of one table in a BatchWriteItem, each rounded on its own. */
  public static long batchWriteHalfUnits(long[] itemSizesBytes, WriteMode mode) {
    long total = 0;
    for (long size : itemSizesBytes) {
      total = Math.addExact(total, writeHalfUnits(size, mode));
    }
    return total;
  }

  /**
   * The value DynamoDB puts in {@code ConsumedCapacity.CapacityUnits} (and the {@code
   * ReadCapacityUnits}/{@code WriteCapacityUnits} members): half-units divided by two, e.g. 1 ->
   * 0.5. Exact for every count below 2^53.
   */
  public static double toWireUnits(long halfUnits) {
    if (halfUnits < 0) {
      throw new IllegalArgumentException("halfUnits must not be negative: " + halfUnits);
    }
    return halfUnits / 2.0;
  }

  private static long blocks(long sizeBytes, long blockBytes) {
    requireSize(sizeBytes);
    return Math.max(1, ceilDiv(sizeBytes, blockBytes));
  }

  private static long ceilDiv(long dividend, long divisor) {
    return dividend / divisor + (dividend % divisor == 0 ? 0 : 1);
  }

  private static void requireSize(long sizeBytes) {
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("item size must not be negative: " + sizeBytes);
    }
  }
}

package io.strata.tenancy;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * An admission by {@link CapacityGate}: the estimate that was taken and the buckets it was taken
 * from. Settle it exactly once with {@link CapacityGate#settle}, or {@link CapacityGate#cancel} it
 * if the operation never ran. Safe to hand between threads.
 */
@NullMarked
public final class CapacityTicket {
  private static final AtomicIntegerFieldUpdater<CapacityTicket> SETTLED =
      AtomicIntegerFieldUpdater.newUpdater(CapacityTicket.class, "settled");

  private final CapacityGate.TableKey table;
  private final long readHalfUnits;
  private final long writeHalfUnits;
  final @Nullable TokenBucket tableRead;
  final @Nullable TokenBucket tableWrite;
  final @Nullable TokenBucket tenantRead;
  final @Nullable TokenBucket tenantWrite;

  @SuppressWarnings("unused") // written through SETTLED
  private volatile int settled;

  CapacityTicket(
      CapacityGate.TableKey table,
      long readHalfUnits,
      long writeHalfUnits,
      @Nullable TokenBucket tableRead,
      @Nullable TokenBucket tableWrite,
      @Nullable TokenBucket tenantRead,
      @Nullable TokenBucket tenantWrite) {
    this.table = table;
    this.readHalfUnits = readHalfUnits;
    this.writeHalfUnits = writeHalfUnits;
    this.tableRead = tableRead;
    this.tableWrite = tableWrite;
    this.tenantRead = tenantRead;
    this.tenantWrite = tenantWrite;
  }

  public CapacityGate.TableKey table() {
    return table;
  }

  /** The read estimate taken at admission. */
  public long readHalfUnits() {
    return readHalfUnits;
  }

  /** The write estimate taken at admission. */
  public long writeHalfUnits() {
    return writeHalfUnits;
  }

  /** Marks the ticket settled; false if it already was. */
  boolean markSettled() {
    return SETTLED.compareAndSet(this, 0, 1);
  }

  @Override
  public String toString() {
    return "CapacityTicket["
        + table
        + ", read="
        + readHalfUnits
        + ", write="
        + writeHalfUnits
        + "]";
  }
}

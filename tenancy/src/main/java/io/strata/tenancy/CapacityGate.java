package io.strata.tenancy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * Admits or throttles requests by DynamoDB's capacity model: step 6 of a request's path.
 *
 * <h2>The model</h2>
 *
 * Every table has a read bucket and a write bucket, counted in half-units (0.5 RCU or WCU, the
 * smallest charge; see {@code billing.CapacityUnits}).
 *
 * <ul>
 *   <li><b>Provisioned tables</b> refill at their provisioned rate and keep up to 300 seconds of
 *       unused capacity as burst: "DynamoDB currently retains up to five minutes (300 seconds) of
 *       unused read and write capacity" (developer guide, "Using burst capacity effectively", in
 *       "Best practices for designing and using partition keys effectively"). A 150 RCU table idle
 *       for five minutes can serve 45,000 read units at once.
 *   <li><b>On-demand tables</b> refill at the tenant's per-table quota (lowered by the table's own
 *       {@code OnDemandThroughput} maximums if set) and also draw on two tenant-wide buckets that
 *       cap the sum of all the tenant's on-demand tables ({@link CapacityQuota}). Both keep a short
 *       burst.
 * </ul>
 *
 * A new bucket starts with one second of capacity. Burst is best effort in DynamoDB too ("burst
 * capacity is provided on a best effort's basis and isn't guaranteed"), so a restart that forgets
 * it is within the contract.
 *
 * <h2>Estimate, admit, settle</h2>
 *
 * DynamoDB charges actual sizes, which are known only after the operation. So {@link #tryAcquire}
 * takes an estimate (the service's best guess: the size of the item being put, one block for a
 * GetItem, ...) and admits the request if every bucket it needs is <em>positive</em>, taking the
 * estimate even if that leaves a bucket negative. After the operation the service calls {@link
 * #settle} with the actual half-units, and the difference is taken or given back. A bucket in debt
 * refuses everything until refill pays the debt off: a request that cost more than estimated delays
 * the next ones, exactly as much as it overspent. A throttled request takes nothing.
 *
 * <p>Several buckets are taken one after another (table read, table write, tenant read, tenant
 * write), and if a later one refuses, the earlier ones get their estimate back. In between, a
 * concurrent request may see those buckets lower than they end up; it can be throttled a few
 * microseconds early, never admitted wrongly. Because each bucket admits only while positive and
 * each admission is one compare-and-set, concurrent requests can overdraw a bucket by at most one
 * request's estimate.
 *
 * <h2>Changing limits</h2>
 *
 * {@link #configureTable} (CreateTable, UpdateTable, catalog load) and {@link #configureTenant}
 * (quota change) apply at once. Buckets keep their balance, debt included, clamped to the new burst
 * ceiling; see {@link TokenBucket} for how that is done without blocking admissions. A table never
 * configured is charged to its tenant's buckets only: that keeps requests for tables that do not
 * exist from creating state, so the service must configure every table it serves.
 *
 * <h2>Threads and time</h2>
 *
 * Every method may be called from any thread. {@link #tryAcquire}, {@link #settle} and {@link
 * #cancel} are lock-free and allocate only the decision and its ticket, for event loops.
 * Configuration takes a per-bucket lock, never held by the request path. Time comes from the
 * injected {@code nanoTicker} ({@code System::nanoTime} in production), so tests advance a fake
 * clock.
 *
 * <h2>Several nodes</h2>
 *
 * In a cluster every member has a gate. Writes are admitted only by the leader's (followers forward
 * them), so write buckets hold the whole rate. Reads are admitted where they are served, on every
 * member, so each member's read buckets hold an equal share of the rate and of the burst ({@code
 * readSharers}, the number of members): together the members admit what one node would, and a
 * tenant that spreads its reads over the members is throttled near its limit, not at a multiple of
 * it. A share is static; a tenant reading through one member only gets that member's share.
 *
 * <p>Rates above {@value #MAX_UNITS_PER_SECOND} units per second are treated as that rate; no
 * single node serves more, and it keeps {@link TokenBucket}'s arithmetic inside a {@code long}.
 */
@NullMarked
public final class CapacityGate {
  /** How much unused provisioned capacity a table keeps, in seconds of its rate. */
  public static final long PROVISIONED_BURST_SECONDS = 300;

  /** The highest rate, in units per second, a bucket enforces; higher rates are clamped to it. */
  public static final long MAX_UNITS_PER_SECOND = 10_000_000;

  /** The largest estimate or actual charge one call may carry, in half-units. */
  public static final long MAX_CHARGE_HALF_UNITS = 1L << 32;

  private final LongSupplier nanoTicker;
  private final CapacityQuota defaultQuota;
  private final int readSharers;
  private final ConcurrentHashMap<TableKey, TableBuckets> tables = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TenantBuckets> tenants = new ConcurrentHashMap<>();

  /** A table as the gate knows it: by tenant and name, like the service's {@code TableRef}. */
  public record TableKey(String tenantId, String tableName) {}

  /**
   * @param nanoTicker a monotonic nanosecond clock, {@code System::nanoTime} in production
   * @param defaultQuota the quota of every tenant not given one by {@link #configureTenant}
   */
  public CapacityGate(LongSupplier nanoTicker, CapacityQuota defaultQuota) {
    this(nanoTicker, defaultQuota, 1);
  }

  /**
   * A gate of one of {@code readSharers} cluster members, whose read buckets each hold that share
   * of every read rate (see "Several nodes" above).
   */
  public CapacityGate(LongSupplier nanoTicker, CapacityQuota defaultQuota, int readSharers) {
    if (readSharers < 1) {
      throw new IllegalArgumentException("readSharers must be at least 1: " + readSharers);
    }
    this.nanoTicker = nanoTicker;
    this.defaultQuota = defaultQuota;
    this.readSharers = readSharers;
  }

  /**
   * Admits a request estimated to cost the given half-units, or throttles it. A zero estimate
   * leaves that kind's buckets unconsulted (settlement may still charge them).
   */
  public CapacityDecision tryAcquire(TableKey table, long readHalfUnits, long writeHalfUnits) {
    requireCharge("readHalfUnits", readHalfUnits);
    requireCharge("writeHalfUnits", writeHalfUnits);
    TableBuckets buckets = tables.get(table);
    TokenBucket tableRead = null;
    TokenBucket tableWrite = null;
    TenantBuckets tenant = null;
    if (buckets == null) {
      tenant = tenant(table.tenantId());
    } else {
      tableRead = buckets.read;
      tableWrite = buckets.write;
      tenant = buckets.isOnDemand ? buckets.tenant : null;
    }
    TokenBucket tenantRead = tenant == null ? null : tenant.read;
    TokenBucket tenantWrite = tenant == null ? null : tenant.write;

    long waitNanos = take(tableRead, readHalfUnits);
    if (waitNanos > 0) {
      return throttled(waitNanos, CapacityDecision.Limit.TABLE_READ);
    }
    waitNanos = take(tableWrite, writeHalfUnits);
    if (waitNanos > 0) {
      giveBack(tableRead, readHalfUnits);
      return throttled(waitNanos, CapacityDecision.Limit.TABLE_WRITE);
    }
    waitNanos = take(tenantRead, readHalfUnits);
    if (waitNanos > 0) {
      giveBack(tableRead, readHalfUnits);
      giveBack(tableWrite, writeHalfUnits);
      return throttled(waitNanos, CapacityDecision.Limit.TENANT_READ);
    }
    waitNanos = take(tenantWrite, writeHalfUnits);
    if (waitNanos > 0) {
      giveBack(tableRead, readHalfUnits);
      giveBack(tableWrite, writeHalfUnits);
      giveBack(tenantRead, readHalfUnits);
      return throttled(waitNanos, CapacityDecision.Limit.TENANT_WRITE);
    }
    return new CapacityDecision.Admitted(
        new CapacityTicket(
            table, readHalfUnits, writeHalfUnits, tableRead, tableWrite, tenantRead, tenantWrite));
  }

  /**
   * Settles an admission at what the operation actually cost: takes the excess over the estimate
   * (possibly into debt) or gives the surplus back. Throws if the ticket was already settled.
   */
  public void settle(CapacityTicket ticket, long actualReadHalfUnits, long actualWriteHalfUnits) {
    requireCharge("actualReadHalfUnits", actualReadHalfUnits);
    requireCharge("actualWriteHalfUnits", actualWriteHalfUnits);
    if (!ticket.markSettled()) {
      throw new IllegalStateException("already settled: " + ticket);
    }
    long readDelta = actualReadHalfUnits - ticket.readHalfUnits();
    long writeDelta = actualWriteHalfUnits - ticket.writeHalfUnits();
    adjust(ticket.tableRead, readDelta);
    adjust(ticket.tenantRead, readDelta);
    adjust(ticket.tableWrite, writeDelta);
    adjust(ticket.tenantWrite, writeDelta);
  }

  /**
   * Gives an admission's whole estimate back, for an operation that never ran (another table of the
   * same batch was throttled, validation failed late).
   */
  public void cancel(CapacityTicket ticket) {
    settle(ticket, 0, 0);
  }

  /** Sets a table's capacity mode; applies to the next request. */
  public void configureTable(TableKey table, CapacityMode mode) {
    TableBuckets buckets = tables.get(table);
    if (buckets == null) {
      TenantBuckets tenant = tenant(table.tenantId());
      buckets = tables.computeIfAbsent(table, key -> new TableBuckets(tenant, mode));
    }
    buckets.configure(mode);
  }

  /** Forgets a deleted table. Tickets still outstanding settle harmlessly. */
  public void removeTable(TableKey table) {
    tables.remove(table);
  }

  /** Sets a tenant's quota, for its tenant buckets and every on-demand table it owns. */
  public void configureTenant(String tenantId, CapacityQuota quota) {
    TenantBuckets tenant = tenant(tenantId);
    tenant.configure(quota);
    for (Map.Entry<TableKey, TableBuckets> entry : tables.entrySet()) {
      if (entry.getKey().tenantId().equals(tenantId)) {
        TableBuckets buckets = entry.getValue();
        buckets.configure(buckets.mode);
      }
    }
  }

  /**
   * Whole half-units available now in a table's read and write buckets, negative in debt, or empty
   * if the table is not configured. For DescribeTable-style diagnostics and tests.
   */
  long[] available(TableKey table) {
    TableBuckets buckets = tables.get(table);
    return buckets == null
        ? new long[0]
        : new long[] {buckets.read.availableHalfUnits(), buckets.write.availableHalfUnits()};
  }

  /** Whole half-units available now in a tenant's read and write buckets. */
  long[] tenantAvailable(String tenantId) {
    TenantBuckets tenant = tenant(tenantId);
    return new long[] {tenant.read.availableHalfUnits(), tenant.write.availableHalfUnits()};
  }

  private TenantBuckets tenant(String tenantId) {
    TenantBuckets tenant = tenants.get(tenantId);
    return tenant != null
        ? tenant
        : tenants.computeIfAbsent(tenantId, id -> new TenantBuckets(defaultQuota));
  }

  /** Takes from a bucket that applies; 0 when taken or not applicable, else nanos to wait. */
  private static long take(@Nullable TokenBucket bucket, long halfUnits) {
    return bucket == null || halfUnits == 0 ? 0 : bucket.tryTake(halfUnits);
  }

  private static void giveBack(@Nullable TokenBucket bucket, long halfUnits) {
    adjust(bucket, -halfUnits);
  }

  private static CapacityDecision throttled(long waitNanos, CapacityDecision.Limit limit) {
    return new CapacityDecision.Throttled(Duration.ofNanos(waitNanos), limit);
  }

  private static void adjust(@Nullable TokenBucket bucket, long deltaHalfUnits) {
    if (bucket != null && deltaHalfUnits != 0) {
      bucket.adjust(deltaHalfUnits);
    }
  }

  private static void requireCharge(String name, long halfUnits) {
    if (halfUnits < 0 || halfUnits > MAX_CHARGE_HALF_UNITS) {
      throw new IllegalArgumentException(
          name + " must be in [0, " + MAX_CHARGE_HALF_UNITS + "]: " + halfUnits);
    }
  }

  /** Units per second to half-units per second, clamped to {@link #MAX_UNITS_PER_SECOND}. */
  private static long halfUnitRate(long unitsPerSecond) {
    return Math.min(unitsPerSecond, MAX_UNITS_PER_SECOND) * 2;
  }

  /**
   * This member's share of a read rate, in half-units per second: rounded up, so that the members
   * together never admit less than the rate, and at least one half-unit.
   */
  private long readShare(long unitsPerSecond) {
    long rate = halfUnitRate(unitsPerSecond);
    return Math.max(1, (rate + readSharers - 1) / readSharers);
  }

  private TokenBucket newBucket(long ratePerSecond, long burstSeconds) {
    return new TokenBucket(nanoTicker, ratePerSecond, ratePerSecond * burstSeconds, ratePerSecond);
  }

  /** A tenant's two buckets, shared by all its on-demand tables. */
  private final class TenantBuckets {
    final TokenBucket read;
    final TokenBucket write;
    volatile CapacityQuota quota;

    TenantBuckets(CapacityQuota quota) {
      this.quota = quota;
      this.read = newBucket(readShare(quota.readUnitsPerSecond()), quota.burstSeconds());
      this.write = newBucket(halfUnitRate(quota.writeUnitsPerSecond()), quota.burstSeconds());
    }

    void configure(CapacityQuota quota) {
      this.quota = quota;
      long readRate = readShare(quota.readUnitsPerSecond());
      long writeRate = halfUnitRate(quota.writeUnitsPerSecond());
      read.configure(readRate, readRate * quota.burstSeconds());
      write.configure(writeRate, writeRate * quota.burstSeconds());
    }
  }

  /** A table's two buckets and the mode they were configured for. */
  private final class TableBuckets {
    final TenantBuckets tenant;
    final TokenBucket read;
    final TokenBucket write;
    volatile CapacityMode mode;
    volatile boolean isOnDemand;

    TableBuckets(TenantBuckets tenant, CapacityMode mode) {
      this.tenant = tenant;
      this.mode = mode;
      Rates rates = rates(mode);
      this.read = newBucket(rates.read, rates.burstSeconds);
      this.write = newBucket(rates.write, rates.burstSeconds);
      this.isOnDemand = mode instanceof CapacityMode.PayPerRequest;
    }

    synchronized void configure(CapacityMode mode) {
      Rates rates = rates(mode);
      read.configure(rates.read, rates.read * rates.burstSeconds);
      write.configure(rates.write, rates.write * rates.burstSeconds);
      this.mode = mode;
      this.isOnDemand = mode instanceof CapacityMode.PayPerRequest;
    }

    private Rates rates(CapacityMode mode) {
      if (mode instanceof CapacityMode.Provisioned provisioned) {
        return new Rates(
            readShare(provisioned.readCapacityUnits()),
            halfUnitRate(provisioned.writeCapacityUnits()),
            PROVISIONED_BURST_SECONDS);
      }
      CapacityMode.PayPerRequest onDemand = (CapacityMode.PayPerRequest) mode;
      CapacityQuota quota = tenant.quota;
      return new Rates(
          readShare(tableMaximum(quota.tableReadUnitsPerSecond(), onDemand.maxReadRequestUnits())),
          halfUnitRate(
              tableMaximum(quota.tableWriteUnitsPerSecond(), onDemand.maxWriteRequestUnits())),
          quota.burstSeconds());
    }

    private long tableMaximum(long quotaUnits, long tableMaximum) {
      return tableMaximum == CapacityMode.PayPerRequest.NO_MAXIMUM
          ? quotaUnits
          : Math.min(quotaUnits, tableMaximum);
    }
  }

  /** Half-units per second for each kind, and the burst in seconds of rate. */
  private record Rates(long read, long write, long burstSeconds) {}
}

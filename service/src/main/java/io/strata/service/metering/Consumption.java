package io.strata.service.metering;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.service.table.BillingMode;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import io.strata.tenancy.CapacityDecision;
import io.strata.tenancy.CapacityTicket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The capacity one request consumes, table by table, in half-units: admitted before the work on an
 * estimate ({@link #admit}), recorded as it happens ({@link #read}, {@link #wrote}), settled
 * against the gate when the request ends ({@link Metering#settle}). Confined to the request's event
 * loop.
 */
public final class Consumption {
  /**
   * Half-units consumed on one table, its secondary indexes included; {@link #indexHalfUnits} says
   * how much of that was on each index (ReturnConsumedCapacity INDEXES).
   */
  public static final class TableUnits {
    private final TableMetadata table;
    private long readHalfUnits;
    private long writeHalfUnits;
    private long cacheHalfUnits;
    private final Map<SecondaryIndex, Long> indexHalfUnits = new LinkedHashMap<>();

    TableUnits(TableMetadata table) {
      this.table = table;
    }

    public TableMetadata table() {
      return table;
    }

    public long readHalfUnits() {
      return readHalfUnits;
    }

    public long writeHalfUnits() {
      return writeHalfUnits;
    }

    /**
     * The share of {@link #readHalfUnits} answered by the item or query cache: DynamoDB's charge
     * for those reads, which the tenant's billing settings may waive.
     */
    public long cacheHalfUnits() {
      return cacheHalfUnits;
    }

    public long totalHalfUnits() {
      return readHalfUnits + writeHalfUnits;
    }

    /** The share of {@link #totalHalfUnits} consumed on each index, in the order first touched. */
    public Map<SecondaryIndex, Long> indexHalfUnits() {
      return Collections.unmodifiableMap(indexHalfUnits);
    }

    /** The share of {@link #totalHalfUnits} consumed on the table itself. */
    public long tableHalfUnits() {
      long onIndexes = 0;
      for (long halfUnits : indexHalfUnits.values()) {
        onIndexes += halfUnits;
      }
      return totalHalfUnits() - onIndexes;
    }
  }

  private final Metering metering;
  private final String operation;
  private final Map<Long, TableUnits> byTable = new LinkedHashMap<>();
  private int cacheHits;
  private int cacheMisses;
  private final List<CapacityTicket> tickets = new ArrayList<>();

  Consumption(Metering metering, String operation) {
    this.metering = metering;
    this.operation = operation;
  }

  /**
   * Admits work on {@code table} estimated at these half-units, or throws the throttling error
   * DynamoDB returns. A throttled request takes nothing from the table's capacity.
   */
  public void admit(TableMetadata table, long readHalfUnits, long writeHalfUnits) {
    CapacityDecision.Throttled refusal = tryAdmit(table, readHalfUnits, writeHalfUnits);
    if (refusal != null) {
      throw throttlingError(table, refusal);
    }
  }

  /**
   * Like {@link #admit}, but returns the refusal (null when admitted) instead of throwing: batches
   * leave refused work unprocessed.
   */
  public CapacityDecision.@org.jspecify.annotations.Nullable Throttled tryAdmit(
      TableMetadata table, long readHalfUnits, long writeHalfUnits) {
    CapacityDecision decision = metering.tryAcquire(table, readHalfUnits, writeHalfUnits);
    if (decision instanceof CapacityDecision.Admitted admitted) {
      tickets.add(admitted.ticket());
      return null;
    }
    metering.throttled(table, operation);
    return (CapacityDecision.Throttled) decision;
  }

  /**
   * DynamoDB's error for a refusal: the table's capacity, or the account's (tenant's) limit. The
   * first sentence is DynamoDB's, which clients may match on; the rest replaces DynamoDB's advice
   * (contact AWS Support, wait for auto scaling) with the Strata quota that refused and the command
   * an operator raises it with.
   */
  public static DynamoException throttlingError(
      TableMetadata table, CapacityDecision.Throttled refusal) {
    CapacityDecision.Limit limit = refusal.limit();
    String kind =
        limit == CapacityDecision.Limit.TENANT_READ || limit == CapacityDecision.Limit.TABLE_READ
            ? "read"
            : "write";
    if (limit.isTenantLimit()) {
      return new DynamoException(
          ErrorCode.REQUEST_LIMIT_EXCEEDED,
          "Throughput exceeds the current throughput limit for your account. The limit is Strata's"
              + " tenant quota of "
              + kind
              + " units per second for all the tenant's on-demand tables together; "
              + howToRaise(table, "--max-" + kind + "-units"));
    }
    if (table.billingMode() == BillingMode.PROVISIONED) {
      return new DynamoException(
          ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED,
          "The level of configured provisioned throughput for the table was exceeded. Consider"
              + " increasing your provisioning level with the UpdateTable API.");
    }
    return new DynamoException(
        ErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED,
        "Throughput exceeds the current capacity of your table or index. The limit is the table's"
            + " OnDemandThroughput maximum if it has one, else Strata's tenant quota of "
            + kind
            + " units per second per on-demand table; "
            + howToRaise(table, "--max-table-" + kind + "-units"));
  }

  private static String howToRaise(TableMetadata table, String option) {
    return "an operator raises it with: strata admin set-quotas "
        + table.tenantId()
        + " "
        + option
        + "=<units per second>";
  }

  public void read(TableMetadata table, long halfUnits) {
    units(table).readHalfUnits += halfUnits;
  }

  /** A read of a secondary index: counted as the table's, and as that index's share. */
  public void readIndex(TableMetadata table, SecondaryIndex index, long halfUnits) {
    read(table, halfUnits);
    units(table).indexHalfUnits.merge(index, halfUnits, Long::sum);
  }

  public void wrote(TableMetadata table, long halfUnits) {
    units(table).writeHalfUnits += halfUnits;
  }

  /**
   * A write of {@code halfUnits} in all, of which {@code indexHalfUnits} were spent on each
   * secondary index whose entry it changed.
   */
  public void wrote(TableMetadata table, long halfUnits, Map<SecondaryIndex, Long> indexHalfUnits) {
    wrote(table, halfUnits);
    indexHalfUnits.forEach(
        (index, units) -> units(table).indexHalfUnits.merge(index, units, Long::sum));
  }

  /**
   * An eventually consistent read answered from the item or query cache, whose {@code halfUnits}
   * (already recorded with {@link #read} or {@link #readIndex}: ConsumedCapacity and the table's
   * capacity are DynamoDB's, cache or not) the tenant's bill may waive ({@link Metering#settle}).
   */
  public void cacheHit(TableMetadata table, long halfUnits) {
    units(table).cacheHalfUnits += halfUnits;
    cacheHits++;
  }

  public void cacheMiss(TableMetadata table) {
    units(table);
    cacheMisses++;
  }

  int cacheHits() {
    return cacheHits;
  }

  int cacheMisses() {
    return cacheMisses;
  }

  public List<TableUnits> byTable() {
    return List.copyOf(byTable.values());
  }

  String operation() {
    return operation;
  }

  List<CapacityTicket> tickets() {
    return tickets;
  }

  private TableUnits units(TableMetadata table) {
    return byTable.computeIfAbsent(table.tableId(), id -> new TableUnits(table));
  }
}

package io.strata.service.table;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The table settings CreateTable and UpdateTable take besides keys, capacity and streams, as the
 * catalog persists them. Each is null until a request sets it, which is when DescribeTable starts
 * showing it (as DynamoDB shows {@code TableClassSummary}, {@code SSEDescription}, {@code
 * OnDemandThroughput} and {@code WarmThroughput} only for tables that have them). Immutable.
 *
 * @param tableClass the table's class and when it last changed
 * @param sse server-side encryption with a KMS key; null for DynamoDB's default (an AWS owned key)
 * @param onDemandThroughput the maximum request units of an on-demand table, enforced by the
 *     capacity gate
 * @param warmThroughput the throughput the table is prepared for (stored and shown: Strata has no
 *     partitions to pre-warm)
 * @param ownKey the table's own data key, created when its encryption first named a {@code
 *     KMSMasterKeyId} and kept for the life of the table (whatever its encryption says later), so
 *     that destroying it destroys every value the table ever sealed with it; null for a table whose
 *     values are sealed with its tenant's data key
 */
public record TableSettings(
    @Nullable TableClassSetting tableClass,
    @Nullable Sse sse,
    @Nullable OnDemandThroughput onDemandThroughput,
    @Nullable WarmThroughput warmThroughput,
    @Nullable OwnKey ownKey) {

  public static final TableSettings DEFAULT = new TableSettings(null, null, null, null, null);

  /** DynamoDB's two table classes. Persisted by name in the catalog: never rename. */
  public enum TableClass {
    STANDARD,
    STANDARD_INFREQUENT_ACCESS
  }

  /**
   * @param updates when the class was changed by UpdateTable, most recent last (DynamoDB limits
   *     changes per trailing 30 days, so the recent ones are kept)
   */
  public record TableClassSetting(TableClass tableClass, List<Instant> updates) {
    public TableClassSetting {
      updates = List.copyOf(updates);
    }

    public @Nullable Instant lastUpdate() {
      return updates.isEmpty() ? null : updates.get(updates.size() - 1);
    }
  }

  /**
   * {@code SSESpecification} with {@code Enabled=true}: a KMS key, the tenant's own ({@code
   * kmsMasterKeyId}) or, when null, the AWS managed key {@code alias/aws/dynamodb}.
   */
  public record Sse(@Nullable String kmsMasterKeyId) {}

  /**
   * A table's own data key ({@code tenant/TableDataKeys}).
   *
   * @param dataKeyId the key's id among its tenant's data keys
   * @param destroyedAt when an operator destroyed it (crypto-shredding): from then on nothing of
   *     the table can be read; null while the key exists
   */
  public record OwnKey(long dataKeyId, @Nullable Instant destroyedAt) {
    public boolean isDestroyed() {
      return destroyedAt != null;
    }
  }

  /** {@code OnDemandThroughput}: each maximum at least 1, or -1 for none. */
  public record OnDemandThroughput(long maxReadRequestUnits, long maxWriteRequestUnits) {}

  /** {@code WarmThroughput}, in units per second; a figure never set is null. */
  public record WarmThroughput(
      @Nullable Long readUnitsPerSecond, @Nullable Long writeUnitsPerSecond) {}

  public TableClass effectiveTableClass() {
    return tableClass == null ? TableClass.STANDARD : tableClass.tableClass();
  }

  public TableSettings withTableClass(@Nullable TableClassSetting newTableClass) {
    return new TableSettings(newTableClass, sse, onDemandThroughput, warmThroughput, ownKey);
  }

  public TableSettings withSse(@Nullable Sse newSse) {
    return new TableSettings(tableClass, newSse, onDemandThroughput, warmThroughput, ownKey);
  }

  public TableSettings withOnDemandThroughput(@Nullable OnDemandThroughput newOnDemandThroughput) {
    return new TableSettings(tableClass, sse, newOnDemandThroughput, warmThroughput, ownKey);
  }

  public TableSettings withWarmThroughput(@Nullable WarmThroughput newWarmThroughput) {
    return new TableSettings(tableClass, sse, onDemandThroughput, newWarmThroughput, ownKey);
  }

  public TableSettings withOwnKey(@Nullable OwnKey newOwnKey) {
    return new TableSettings(tableClass, sse, onDemandThroughput, warmThroughput, newOwnKey);
  }

  /** Whether the table's own data key was destroyed: none of its values can be opened. */
  public boolean isKeyDestroyed() {
    return ownKey != null && ownKey.isDestroyed();
  }
}

package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.BillingMode;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.RestoreSummary;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.TenantDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The definition of a table being restored (from a backup or to a point in time), made from the
 * source's definition as DynamoDB makes it: a new name and identity; no tags, stream, TTL or
 * deletion protection (the developer guide's "Restoring a DynamoDB table": those must be set up
 * again on the restored table); billing mode and throughput as the source's unless overridden. Its
 * indexes are complete once the restore is: a global index the source was still backfilling is
 * restored whole, since the restore writes every item's entries.
 */
final class RestoredTables {
  private RestoredTables() {}

  /** The overrides a restore request may carry. */
  record Overrides(@Nullable BillingMode billingMode, Throughputs.@Nullable Requested throughput) {}

  /**
   * Refuses to restore from {@code source} (a backup's definition, or a table's at the restore's
   * instant) once its own data key was destroyed: none of its copied items could be opened, and the
   * restore would fail in the background instead of here.
   */
  static void requireKeyHeld(TenantDirectory tenants, TableMetadata source) {
    if (!tenants.holdsKeyOf(source)) {
      throw DynamoException.validation(
          "The data key of table "
              + source.name()
              + " was destroyed: its backups and recovery points cannot be restored");
    }
  }

  /** The restored table's draft, without ids yet. */
  static TableMetadata draft(
      TableMetadata source,
      String targetTableName,
      Overrides overrides,
      RestoreSummary summary,
      Instant now) {
    TableMetadata.Builder restored =
        source.toBuilder()
            .identity(targetTableName, UUID.randomUUID().toString(), now)
            .tableId(0)
            .tags(Map.of())
            .stream(null)
            .earlierStreams(List.of())
            .timeToLive(null)
            .deletionProtection(false)
            .indexes(source.indexes().stream().map(index -> index.withBackfilling(false)).toList())
            .restore(summary);
    BillingMode mode =
        overrides.billingMode() != null ? overrides.billingMode() : source.billingMode();
    Throughputs.Requested throughput = overrides.throughput();
    if (mode != source.billingMode() || throughput != null) {
      restored.capacity(
          mode,
          mode == BillingMode.PAY_PER_REQUEST
              ? ProvisionedThroughput.NONE
              : throughput != null
                  ? ProvisionedThroughput.of(
                      throughput.readCapacityUnits(), throughput.writeCapacityUnits())
                  : source.throughput(),
          now);
    }
    return restored.build();
  }

  /** Reads and validates the billing-mode and throughput overrides of a restore request. */
  static Overrides overrides(JsonRequest body, Constraints constraints) {
    String billingMode = body.string("BillingModeOverride");
    Throughputs.Requested throughput =
        Throughputs.read(body.structure("ProvisionedThroughputOverride"));
    constraints.oneOf("billingModeOverride", billingMode, Throughputs.BILLING_MODES);
    Throughputs.check(constraints, "provisionedThroughputOverride", throughput);
    return new Overrides(billingMode == null ? null : BillingMode.valueOf(billingMode), throughput);
  }
}

package io.strata.service.api;

import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.BillingMode;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.RestoreSummary;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The definition of a table being restored (from a backup or to a point in time), made from the
 * source's definition as DynamoDB makes it: a new name and identity; no tags, stream, TTL or
 * deletion protection (the developer guide's "Restoring a DynamoDB table": those must be set up
 * again on the restored table); billing mode, throughput, indexes and encryption as the source's
 * unless the request overrides them ({@code BillingModeOverride}, {@code
 * ProvisionedThroughputOverride}, {@code GlobalSecondaryIndexOverride}, {@code
 * LocalSecondaryIndexOverride}, {@code SSESpecificationOverride}, which RestoreTableFromBackup and
 * RestoreTableToPointInTime share). Its indexes are complete once the restore is: the restore
 * writes every restored item's entries of the restored table's indexes, so an index the source was
 * still backfilling, or one only the override has, is built whole from the restored items.
 *
 * <p>The overrides' member constraints are checked when the request is parsed; the index overrides'
 * custom checks (CreateTable's, {@link SecondaryIndexes}) need the source's definition, which for a
 * point in time is only known in the restore's transaction, so they fail the restore there.
 */
final class RestoredTables {
  private RestoredTables() {}

  /** The overrides a restore request may carry; each null when absent. */
  record Overrides(
      @Nullable BillingMode billingMode,
      Throughputs.@Nullable Requested throughput,
      @Nullable List<SecondaryIndexes.Requested> localIndexes,
      @Nullable List<SecondaryIndexes.Requested> globalIndexes,
      TableSettingsRequest.@Nullable Sse sse) {}

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
    if (overrides.localIndexes() != null || overrides.globalIndexes() != null) {
      List<SecondaryIndex> indexes =
          SecondaryIndexes.resolveOverrides(
              source.indexes(),
              overrides.localIndexes(),
              overrides.globalIndexes(),
              source.keySchema(),
              source.attributeDefinitions(),
              mode);
      restored
          .indexes(indexes)
          .attributeDefinitions(
              SecondaryIndexes.usedDefinitions(
                  source.keySchema(), indexes, source.attributeDefinitions()));
    }
    TableSettingsRequest.Sse sse = overrides.sse();
    if (sse != null) {
      restored.settings(source.settings().withSse(TableSettingsRequest.sse(sse)));
    }
    return restored.build();
  }

  /**
   * Reads the overrides of a restore request, checking their member constraints (and the encryption
   * override, which needs nothing of the source).
   */
  static Overrides overrides(JsonRequest body, Constraints constraints) {
    String billingMode = body.string("BillingModeOverride");
    Throughputs.Requested throughput =
        Throughputs.read(body.structure("ProvisionedThroughputOverride"));
    List<SecondaryIndexes.Requested> locals =
        indexOverride(body, "LocalSecondaryIndexOverride", SecondaryIndex.Kind.LOCAL, constraints);
    List<SecondaryIndexes.Requested> globals =
        indexOverride(
            body, "GlobalSecondaryIndexOverride", SecondaryIndex.Kind.GLOBAL, constraints);
    constraints.oneOf("billingModeOverride", billingMode, Throughputs.BILLING_MODES);
    Throughputs.check(constraints, "provisionedThroughputOverride", throughput);
    TableSettingsRequest.Sse sse =
        TableSettingsRequest.readSse(body, "SSESpecificationOverride", constraints);
    // An unknown mode is refused by the caller's constraints.check(), after every member is read.
    boolean knownMode = billingMode != null && Throughputs.BILLING_MODES.contains(billingMode);
    return new Overrides(
        knownMode ? BillingMode.valueOf(billingMode) : null, throughput, locals, globals, sse);
  }

  private static @Nullable List<SecondaryIndexes.Requested> indexOverride(
      JsonRequest body, String member, SecondaryIndex.Kind kind, Constraints constraints) {
    List<JsonRequest> sent = body.structureList(member);
    if (sent == null) {
      return null;
    }
    String path = Character.toLowerCase(member.charAt(0)) + member.substring(1) + ".";
    List<SecondaryIndexes.Requested> indexes = new ArrayList<>();
    for (JsonRequest element : sent) {
      SecondaryIndexes.Requested index = SecondaryIndexes.readOne(kind, element);
      SecondaryIndexes.checkMember(constraints, index, path + (indexes.size() + 1) + ".member.");
      indexes.add(index);
    }
    return indexes;
  }
}

package io.strata.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.table.BillingMode;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.RestoreSummary;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.StreamSettings;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableSettings;
import io.strata.service.table.TableStats;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/** Writes DynamoDB's {@code TableDescription} structure, shared by the table operations. */
final class TableDescriptions {
  private TableDescriptions() {}

  /**
   * A response whose one member ({@code Table} or {@code TableDescription}) describes the table.
   */
  static ResponseBody response(
      String member,
      TableMetadata table,
      String status,
      LongFunction<TableStats.Totals> totalsById,
      RequestContext context) {
    return json -> {
      json.writeStartObject();
      json.writeFieldName(member);
      write(json, table, status, totalsById, context);
      json.writeEndObject();
    };
  }

  /**
   * DeleteTable's answer: DynamoDB describes a table being deleted with a reduced {@code
   * TableDescription} (the AWS CLI reference's delete-table example): its name, status, throughput
   * counters without dates, size, item count, ARN, id and billing mode; no key schema, attribute
   * definitions or indexes. DynamoDB Local answers with the full description instead.
   */
  static ResponseBody deleted(
      TableMetadata table, LongFunction<TableStats.Totals> totalsById, RequestContext context) {
    TableStats.Totals totals = totalsById.apply(table.tableId());
    return json -> {
      json.writeStartObject();
      json.writeObjectFieldStart("TableDescription");
      json.writeStringField("TableName", table.name());
      json.writeStringField("TableStatus", "DELETING");
      json.writeObjectFieldStart("ProvisionedThroughput");
      json.writeNumberField("NumberOfDecreasesToday", table.throughput().numberOfDecreasesToday());
      json.writeNumberField("ReadCapacityUnits", table.throughput().readCapacityUnits());
      json.writeNumberField("WriteCapacityUnits", table.throughput().writeCapacityUnits());
      json.writeEndObject();
      json.writeNumberField("TableSizeBytes", totals.sizeBytes());
      json.writeNumberField("ItemCount", totals.itemCount());
      json.writeStringField("TableArn", context.tableArn(table.name()));
      json.writeStringField("TableId", table.tableUuid());
      writeBillingModeSummary(json, table);
      json.writeEndObject();
      json.writeEndObject();
    };
  }

  private static void write(
      JsonGenerator json,
      TableMetadata table,
      String status,
      LongFunction<TableStats.Totals> totalsById,
      RequestContext context)
      throws IOException {
    TableStats.Totals totals = totalsById.apply(table.tableId());
    json.writeStartObject();
    json.writeArrayFieldStart("AttributeDefinitions");
    for (Map.Entry<String, AttributeValue.Type> definition :
        table.attributeDefinitions().entrySet()) {
      json.writeStartObject();
      json.writeStringField("AttributeName", definition.getKey());
      json.writeStringField("AttributeType", definition.getValue().name());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeStringField("TableName", table.name());
    json.writeFieldName("KeySchema");
    writeKeySchema(json, table.keySchema());
    json.writeStringField("TableStatus", status);
    json.writeFieldName("CreationDateTime");
    writeEpochSeconds(json, table.createdAt());
    json.writeFieldName("ProvisionedThroughput");
    writeThroughput(json, table.throughput());
    json.writeNumberField("TableSizeBytes", totals.sizeBytes());
    json.writeNumberField("ItemCount", totals.itemCount());
    json.writeStringField("TableArn", context.tableArn(table.name()));
    json.writeStringField("TableId", table.tableUuid());
    writeBillingModeSummary(json, table);
    writeIndexes(json, table, SecondaryIndex.Kind.LOCAL, status, totalsById, context);
    writeIndexes(json, table, SecondaryIndex.Kind.GLOBAL, status, totalsById, context);
    StreamSettings stream = table.stream();
    if (stream != null) {
      if (stream.enabled()) {
        json.writeObjectFieldStart("StreamSpecification");
        json.writeBooleanField("StreamEnabled", true);
        json.writeStringField("StreamViewType", stream.viewType());
        json.writeEndObject();
      }
      json.writeStringField("LatestStreamLabel", stream.label());
      json.writeStringField(
          "LatestStreamArn",
          StreamSpecifications.arn(context.tableArn(table.name()), stream.label()));
    }
    json.writeBooleanField("DeletionProtectionEnabled", table.deletionProtection());
    writeSettings(json, table, context);
    writeRestoreSummary(json, table, context);
    json.writeEndObject();
  }

  /** A table's status as DescribeTable shows it: {@code CREATING} until a restore completes. */
  static String status(TableMetadata table) {
    return table.isRestoring() ? "CREATING" : "ACTIVE";
  }

  /**
   * {@code RestoreSummary}, on tables that were restored: the source backup's or table's ARN, the
   * point in time, and whether the restore is still in progress (the API reference's
   * RestoreSummary).
   */
  private static void writeRestoreSummary(
      JsonGenerator json, TableMetadata table, RequestContext context) throws IOException {
    RestoreSummary restore = table.restore();
    if (restore == null
        || (restore.sourceBackupId() == null && restore.sourceTableName() == null)) {
      // none, or an import's: DynamoDB describes an imported table without a RestoreSummary
      return;
    }
    json.writeObjectFieldStart("RestoreSummary");
    String sourceTable = restore.sourceTableName();
    if (restore.sourceBackupId() != null && sourceTable != null) {
      json.writeStringField(
          "SourceBackupArn", context.tableArn(sourceTable) + "/backup/" + restore.sourceBackupId());
    }
    if (sourceTable != null) {
      json.writeStringField("SourceTableArn", context.tableArn(sourceTable));
    }
    json.writeFieldName("RestoreDateTime");
    writeEpochSeconds(json, restore.restoreDateTime());
    json.writeBooleanField("RestoreInProgress", restore.inProgress());
    json.writeEndObject();
  }

  private static void writeBillingModeSummary(JsonGenerator json, TableMetadata table)
      throws IOException {
    if (table.billingMode() == BillingMode.PAY_PER_REQUEST) {
      json.writeObjectFieldStart("BillingModeSummary");
      json.writeStringField("BillingMode", BillingMode.PAY_PER_REQUEST.name());
      json.writeFieldName("LastUpdateToPayPerRequestDateTime");
      writeEpochSeconds(json, table.billingModeChangedAt());
      json.writeEndObject();
    }
  }

  /**
   * {@code TableClassSummary}, {@code SSEDescription}, {@code OnDemandThroughput} and {@code
   * WarmThroughput}, each only for a table that has the setting, as DynamoDB describes them.
   */
  private static void writeSettings(JsonGenerator json, TableMetadata table, RequestContext context)
      throws IOException {
    TableSettings settings = table.settings();
    TableSettings.TableClassSetting tableClass = settings.tableClass();
    if (tableClass != null) {
      json.writeObjectFieldStart("TableClassSummary");
      json.writeStringField("TableClass", tableClass.tableClass().name());
      writeOptionalTime(json, "LastUpdateDateTime", tableClass.lastUpdate());
      json.writeEndObject();
    }
    TableSettings.Sse sse = settings.sse();
    if (sse != null) {
      json.writeObjectFieldStart("SSEDescription");
      json.writeStringField("Status", "ENABLED");
      json.writeStringField("SSEType", "KMS");
      json.writeStringField("KMSMasterKeyArn", kmsKeyArn(context, sse.kmsMasterKeyId()));
      json.writeEndObject();
    }
    TableSettings.OnDemandThroughput onDemand = settings.onDemandThroughput();
    if (onDemand != null && table.billingMode() == BillingMode.PAY_PER_REQUEST) {
      json.writeObjectFieldStart("OnDemandThroughput");
      json.writeNumberField("MaxReadRequestUnits", onDemand.maxReadRequestUnits());
      json.writeNumberField("MaxWriteRequestUnits", onDemand.maxWriteRequestUnits());
      json.writeEndObject();
    }
    TableSettings.WarmThroughput warm = settings.warmThroughput();
    if (warm != null) {
      json.writeObjectFieldStart("WarmThroughput");
      if (warm.readUnitsPerSecond() != null) {
        json.writeNumberField("ReadUnitsPerSecond", warm.readUnitsPerSecond());
      }
      if (warm.writeUnitsPerSecond() != null) {
        json.writeNumberField("WriteUnitsPerSecond", warm.writeUnitsPerSecond());
      }
      json.writeStringField("Status", "ACTIVE");
      json.writeEndObject();
    }
  }

  /**
   * The ARN DynamoDB shows for a table's KMS key: a key ARN as given; a key id or alias as an ARN
   * of the caller's account and region; the AWS managed key {@code alias/aws/dynamodb} when the
   * request named none. (DynamoDB resolves aliases to key ARNs through KMS, which Strata has not.)
   */
  private static String kmsKeyArn(RequestContext context, @Nullable String keyId) {
    if (keyId != null && keyId.startsWith("arn:")) {
      return keyId;
    }
    String tableArn = context.tableArn("");
    String account = tableArn.substring(0, tableArn.length() - ":table/".length());
    String prefix = account.replace("arn:aws:dynamodb:", "arn:aws:kms:") + ":";
    if (keyId == null) {
      return prefix + "alias/aws/dynamodb";
    }
    return prefix + (keyId.startsWith("alias/") ? keyId : "key/" + keyId);
  }

  /**
   * {@code LocalSecondaryIndexes} or {@code GlobalSecondaryIndexes}, left out when the table has
   * none of that kind. Global indexes have a status (they are created and deleted with the table)
   * and a throughput, which on-demand tables show as zeros.
   */
  private static void writeIndexes(
      JsonGenerator json,
      TableMetadata table,
      SecondaryIndex.Kind kind,
      String tableStatus,
      LongFunction<TableStats.Totals> totalsById,
      RequestContext context)
      throws IOException {
    List<SecondaryIndex> indexes =
        table.indexes().stream().filter(index -> index.kind() == kind).toList();
    if (indexes.isEmpty()) {
      return;
    }
    json.writeArrayFieldStart(
        kind == SecondaryIndex.Kind.LOCAL ? "LocalSecondaryIndexes" : "GlobalSecondaryIndexes");
    for (SecondaryIndex index : indexes) {
      json.writeStartObject();
      json.writeStringField("IndexName", index.name());
      json.writeFieldName("KeySchema");
      writeKeySchema(json, index.keySchema());
      json.writeObjectFieldStart("Projection");
      json.writeStringField("ProjectionType", index.projectionType().name());
      if (!index.nonKeyAttributes().isEmpty()) {
        json.writeArrayFieldStart("NonKeyAttributes");
        for (String attribute : index.nonKeyAttributes()) {
          json.writeString(attribute);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
      if (index.isGlobal()) {
        json.writeStringField(
            "IndexStatus",
            tableStatus.equals("CREATING") || tableStatus.equals("DELETING")
                ? tableStatus
                : index.backfilling() ? "CREATING" : "ACTIVE");
        if (index.backfilling()) {
          json.writeBooleanField("Backfilling", true);
        }
        json.writeFieldName("ProvisionedThroughput");
        writeThroughput(json, index.throughput());
      }
      TableStats.Totals totals = totalsById.apply(index.indexId());
      json.writeNumberField("IndexSizeBytes", totals.sizeBytes());
      json.writeNumberField("ItemCount", totals.itemCount());
      json.writeStringField("IndexArn", context.tableArn(table.name()) + "/index/" + index.name());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  static void writeKeySchema(JsonGenerator json, KeySchema keySchema) throws IOException {
    json.writeStartArray();
    for (KeySchema.KeyAttribute partitionKey : keySchema.partitionKeys()) {
      writeKeyElement(json, partitionKey.name(), "HASH");
    }
    for (KeySchema.KeyAttribute sortKey : keySchema.sortKeys()) {
      writeKeyElement(json, sortKey.name(), "RANGE");
    }
    json.writeEndArray();
  }

  private static void writeKeyElement(JsonGenerator json, String name, String type)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("AttributeName", name);
    json.writeStringField("KeyType", type);
    json.writeEndObject();
  }

  private static void writeThroughput(JsonGenerator json, ProvisionedThroughput throughput)
      throws IOException {
    json.writeStartObject();
    writeOptionalTime(json, "LastIncreaseDateTime", throughput.lastIncrease());
    writeOptionalTime(json, "LastDecreaseDateTime", throughput.lastDecrease());
    json.writeNumberField("NumberOfDecreasesToday", throughput.numberOfDecreasesToday());
    json.writeNumberField("ReadCapacityUnits", throughput.readCapacityUnits());
    json.writeNumberField("WriteCapacityUnits", throughput.writeCapacityUnits());
    json.writeEndObject();
  }

  private static void writeOptionalTime(JsonGenerator json, String field, @Nullable Instant time)
      throws IOException {
    if (time != null) {
      json.writeFieldName(field);
      writeEpochSeconds(json, time);
    }
  }

  /** DynamoDB's timestamps: seconds since the epoch with millisecond fractions. */
  static void writeEpochSeconds(JsonGenerator json, Instant time) throws IOException {
    json.writeNumber(BigDecimal.valueOf(time.toEpochMilli(), 3));
  }
}

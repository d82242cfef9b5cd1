package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.cache.QueryCache;
import io.strata.service.idempotency.ClientRequestTokens;
import io.strata.service.item.ItemReads;
import io.strata.service.item.ItemWrites;
import io.strata.service.item.TableMaintenance;
import io.strata.service.maintenance.ExportRoot;
import io.strata.service.metering.Metering;
import io.strata.service.stream.StreamReader;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.ExportJobs;
import io.strata.service.table.ImportJobs;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.TableQuota;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.tenant.TransferQuota;
import io.strata.service.writer.Writer;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every operation the endpoint serves, keyed by its wire name (the part of {@code X-Amz-Target}
 * after the dot): grepping an API name finds its handler here and in its class.
 */
public final class Operations {
  /**
   * The control-plane operations: table management and descriptions, which DynamoDB rate-limits per
   * account rather than metering in capacity units.
   */
  private static final Set<String> CONTROL_PLANE =
      Set.of(
          "CreateTable",
          "DescribeTable",
          "ListTables",
          "DeleteTable",
          "UpdateTable",
          "TagResource",
          "UntagResource",
          "ListTagsOfResource",
          "UpdateTimeToLive",
          "DescribeTimeToLive",
          "ListStreams",
          "DescribeStream",
          "CreateBackup",
          "DescribeBackup",
          "ListBackups",
          "DeleteBackup",
          "RestoreTableFromBackup",
          "UpdateContinuousBackups",
          "DescribeContinuousBackups",
          "RestoreTableToPointInTime",
          "ExportTableToPointInTime",
          "DescribeExport",
          "ListExports",
          "ImportTable",
          "DescribeImport",
          "ListImports",
          "DescribeLimits");

  /** The DynamoDB Streams API's operations; every other operation is DynamoDB's. */
  private static final Set<String> STREAMS =
      Set.of("ListStreams", "DescribeStream", "GetShardIterator", "GetRecords");

  private static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
  private static final String STREAMS_PREFIX = "DynamoDBStreams_20120810.";

  private final Map<String, Operation<?>> byName;
  private final Metering metering;
  private final Clock clock;

  private Operations(Map<String, Operation<?>> byName, Metering metering, Clock clock) {
    this.byName = byName;
    this.metering = metering;
    this.clock = clock;
  }

  public static boolean isControlPlane(String operation) {
    return CONTROL_PLANE.contains(operation);
  }

  /** The {@code X-Amz-Target} that names the operation, with its API's prefix. */
  static String target(String operation) {
    return (STREAMS.contains(operation) ? STREAMS_PREFIX : DYNAMODB_PREFIX) + operation;
  }

  /** The parts operations run on; the wiring builds them once. */
  public record Parts(
      Writer writer,
      TableCatalog catalog,
      TableStats stats,
      ItemReads reads,
      ItemWrites writes,
      TableMaintenance tables,
      ClientRequestTokens tokens,
      StreamReader streams,
      BackupCatalog backups,
      ContinuousBackups recoveries,
      ExportJobs exports,
      ImportJobs imports,
      ExportRoot exportRoot,
      WorkerExecutor readPool,
      QueryCache queryCache,
      TenantDirectory tenants) {}

  public static Operations all(
      Parts parts,
      Metering metering,
      Clock clock,
      TableQuota tableQuota,
      TransferQuota transferQuota) {
    Writer writer = parts.writer();
    TableCatalog catalog = parts.catalog();
    TableStats stats = parts.stats();
    ItemReads reads = parts.reads();
    ItemWrites writes = parts.writes();
    StreamReader streams = parts.streams();
    BackupCatalog backups = parts.backups();
    TenantDirectory tenants = parts.tenants();
    Map<String, Operation<?>> byName = new LinkedHashMap<>();
    byName.put("CreateTable", new CreateTable(catalog, writer, clock, tableQuota));
    byName.put("DescribeTable", new DescribeTable(catalog, stats));
    byName.put("ListTables", new ListTables(catalog));
    byName.put("DeleteTable", new DeleteTable(catalog, writer, stats, clock));
    byName.put("UpdateTable", new UpdateTable(catalog, writer, stats, clock));
    byName.put("TagResource", new TagResource(catalog, writer));
    byName.put("UntagResource", new UntagResource(catalog, writer));
    byName.put("ListTagsOfResource", new ListTagsOfResource(catalog));
    GetItem getItem = new GetItem(catalog, reads);
    PutItem putItem = new PutItem(catalog, writes);
    DeleteItem deleteItem = new DeleteItem(catalog, writes);
    UpdateItem updateItem = new UpdateItem(catalog, writes);
    Query query = new Query(catalog, reads, parts.queryCache());
    Scan scan = new Scan(catalog, reads, parts.queryCache());
    byName.put("GetItem", getItem);
    byName.put("PutItem", putItem);
    byName.put("DeleteItem", deleteItem);
    byName.put("UpdateItem", updateItem);
    byName.put("Query", query);
    byName.put("Scan", scan);
    byName.put("BatchGetItem", new BatchGetItem(catalog, reads));
    byName.put("BatchWriteItem", new BatchWriteItem(catalog, writes));
    TransactWriteItems transactWriteItems = new TransactWriteItems(catalog, writes, parts.tokens());
    TransactGetItems transactGetItems = new TransactGetItems(catalog, reads);
    byName.put("TransactWriteItems", transactWriteItems);
    byName.put("TransactGetItems", transactGetItems);
    byName.put(
        "ExecuteStatement",
        new ExecuteStatement(catalog, query, scan, putItem, updateItem, deleteItem));
    byName.put(
        "BatchExecuteStatement",
        new BatchExecuteStatement(catalog, getItem, putItem, updateItem, deleteItem));
    byName.put(
        "ExecuteTransaction",
        new ExecuteTransaction(catalog, transactGetItems, transactWriteItems));
    byName.put("CreateBackup", new CreateBackup(catalog, parts.tables(), writer, clock));
    ContinuousBackups recoveries = parts.recoveries();
    byName.put("DescribeBackup", new DescribeBackup(backups, recoveries));
    byName.put("ListBackups", new ListBackups(backups, recoveries));
    byName.put("DeleteBackup", new DeleteBackup(backups, recoveries, writer));
    byName.put(
        "RestoreTableFromBackup",
        new RestoreTableFromBackup(catalog, backups, recoveries, writer, stats, clock, tableQuota));
    byName.put(
        "UpdateContinuousBackups",
        new UpdateContinuousBackups(catalog, parts.recoveries(), writer, clock));
    byName.put(
        "DescribeContinuousBackups",
        new DescribeContinuousBackups(catalog, parts.recoveries(), clock));
    byName.put(
        "RestoreTableToPointInTime",
        new RestoreTableToPointInTime(
            catalog, parts.recoveries(), writer, stats, clock, tableQuota));
    byName.put(
        "ExportTableToPointInTime",
        new ExportTableToPointInTime(
            catalog, parts.recoveries(), writer, stats, transferQuota, clock));
    byName.put("DescribeExport", new DescribeExport(parts.exports()));
    byName.put("ListExports", new ListExports(parts.exports()));
    byName.put(
        "ImportTable",
        new ImportTable(
            new CreateTable(catalog, writer, clock, tableQuota),
            writer,
            parts.readPool(),
            parts.exportRoot(),
            transferQuota,
            tableQuota,
            clock));
    byName.put("DescribeImport", new DescribeImport(parts.imports()));
    byName.put("ListImports", new ListImports(parts.imports()));
    byName.put("UpdateTimeToLive", new UpdateTimeToLive(catalog, writer, clock));
    byName.put("DescribeTimeToLive", new DescribeTimeToLive(catalog));
    byName.put("ListStreams", new ListStreams(catalog, clock));
    byName.put("DescribeStream", new DescribeStream(catalog, streams, clock));
    byName.put("GetShardIterator", new GetShardIterator(catalog, streams, clock, tenants));
    byName.put("GetRecords", new GetRecords(catalog, streams, clock, tenants));
    byName.put("DescribeEndpoints", new DescribeEndpoints());
    byName.put("DescribeLimits", new DescribeLimits(tenants));
    return new Operations(byName, metering, clock);
  }

  /** The wire names of the operations served, sorted (docs/operations.md lists them). */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
  }

  public OperationRunner runner() {
    return new OperationRunner(byName, metering, clock);
  }
}

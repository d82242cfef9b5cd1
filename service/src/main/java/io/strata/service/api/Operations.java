package io.strata.service.api;

import io.strata.service.backup.BackupCatalog;
import io.strata.service.cache.QueryCache;
import io.strata.service.config.StrataConfig;
import io.strata.service.item.ItemStore;
import io.strata.service.metering.Metering;
import io.strata.service.stream.StreamReader;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TablePurger;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.TenantDirectory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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

  public static Operations all(
      TableCatalog catalog,
      TableStats stats,
      ItemStore items,
      StreamReader streams,
      BackupCatalog backups,
      QueryCache queryCache,
      TablePurger purger,
      TenantDirectory tenants,
      Metering metering,
      Clock clock,
      StrataConfig config) {
    Map<String, Operation<?>> byName = new LinkedHashMap<>();
    byName.put(
        "CreateTable", new CreateTable(catalog, clock, config.limits().maxTablesPerTenant()));
    byName.put("DescribeTable", new DescribeTable(catalog, stats));
    byName.put("ListTables", new ListTables(catalog));
    byName.put("DeleteTable", new DeleteTable(catalog, stats));
    byName.put("UpdateTable", new UpdateTable(catalog, stats, purger, clock));
    byName.put("TagResource", new TagResource(catalog));
    byName.put("UntagResource", new UntagResource(catalog));
    byName.put("ListTagsOfResource", new ListTagsOfResource(catalog));
    byName.put("GetItem", new GetItem(catalog, items));
    byName.put("PutItem", new PutItem(catalog, items));
    byName.put("DeleteItem", new DeleteItem(catalog, items));
    byName.put("UpdateItem", new UpdateItem(catalog, items));
    byName.put("Query", new Query(catalog, items, queryCache));
    byName.put("Scan", new Scan(catalog, items, queryCache));
    byName.put("BatchGetItem", new BatchGetItem(catalog, items));
    byName.put("BatchWriteItem", new BatchWriteItem(catalog, items));
    byName.put("TransactWriteItems", new TransactWriteItems(catalog, items, clock));
    byName.put("TransactGetItems", new TransactGetItems(catalog, items));
    byName.put("CreateBackup", new CreateBackup(catalog, items, backups, clock));
    byName.put("DescribeBackup", new DescribeBackup(backups));
    byName.put("ListBackups", new ListBackups(backups));
    byName.put("DeleteBackup", new DeleteBackup(backups));
    byName.put(
        "RestoreTableFromBackup",
        new RestoreTableFromBackup(
            catalog, items, backups, stats, clock, config.limits().maxTablesPerTenant()));
    byName.put("UpdateTimeToLive", new UpdateTimeToLive(catalog, clock));
    byName.put("DescribeTimeToLive", new DescribeTimeToLive(catalog));
    byName.put("ListStreams", new ListStreams(catalog, clock));
    byName.put("DescribeStream", new DescribeStream(catalog, streams, clock));
    byName.put("GetShardIterator", new GetShardIterator(catalog, streams, clock, tenants));
    byName.put("GetRecords", new GetRecords(catalog, streams, clock, tenants));
    byName.put("DescribeEndpoints", new DescribeEndpoints());
    byName.put("DescribeLimits", new DescribeLimits(tenants));
    return new Operations(byName, metering, clock);
  }

  public OperationRunner runner() {
    return new OperationRunner(byName, metering, clock);
  }
}

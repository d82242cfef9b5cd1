package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.item.PageLimits;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The members Query and Scan share, constraint-checked together as DynamoDB reports them. */
record PageParameters(
    String tableName,
    @Nullable String indexName,
    @Nullable String select,
    boolean consistentRead,
    @Nullable Map<String, AttributeValue> exclusiveStartKey,
    PageLimits limits,
    ItemParameters.Reporting reporting) {

  /** Reads and checks the shared members; {@code constraints} may hold the operation's own. */
  static PageParameters read(JsonRequest body, Constraints constraints) {
    String tableName = body.string("TableName");
    String indexName = body.string("IndexName");
    String select = body.string("Select");
    Long limit = body.integer("Limit");
    constraints.tableNameOrArn("tableName", tableName);
    if (indexName != null) {
      constraints.tableName("indexName", indexName, 255);
    }
    constraints.oneOf("select", select, PageSelection.SELECT_VALUES).min("limit", limit, 1);
    ItemParameters.Reporting reporting = ItemParameters.readReporting(body, constraints);
    Map<String, AttributeValue> exclusiveStartKey = body.attributeMap("ExclusiveStartKey");
    constraints.check();
    return new PageParameters(
        tableName,
        indexName,
        select,
        Boolean.TRUE.equals(body.bool("ConsistentRead")),
        exclusiveStartKey,
        new PageLimits(
            limit == null ? Integer.MAX_VALUE : (int) Math.min(limit, Integer.MAX_VALUE),
            PageLimits.ONE_MEGABYTE),
        reporting);
  }

  static PageParameters read(JsonRequest body) {
    return read(body, new Constraints());
  }

  /**
   * The index the request names, or null for the table itself. Refuses an index the table does not
   * have, and consistent reads of a global index (its entries are propagated asynchronously in
   * DynamoDB, so it cannot offer them; message as AWS words it).
   */
  @Nullable SecondaryIndex index(TableMetadata table) {
    if (indexName == null) {
      return null;
    }
    SecondaryIndex index =
        table
            .index(indexName)
            .orElseThrow(
                () ->
                    DynamoException.validation(
                        "The table does not have the specified index: " + indexName));
    if (index.backfilling()) {
      throw DynamoException.validation(
          "Cannot read from backfilling global secondary index: " + indexName);
    }
    if (consistentRead && index.isGlobal()) {
      throw DynamoException.validation(
          "Consistent reads are not supported on global secondary indexes");
    }
    return index;
  }
}

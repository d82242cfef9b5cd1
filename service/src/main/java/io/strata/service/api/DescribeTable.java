package io.strata.service.api;

import io.strata.service.json.JsonRequest;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.vertx.core.Future;

/** DescribeTable: the table's current description, with exact item count and size. */
public final class DescribeTable implements Operation<String> {
  private final TableCatalog catalog;
  private final TableStats stats;

  public DescribeTable(TableCatalog catalog, TableStats stats) {
    this.catalog = catalog;
    this.stats = stats;
  }

  @Override
  public String parse(JsonRequest body, RequestContext context) {
    return Tables.requiredName(body);
  }

  @Override
  public Future<ResponseBody> execute(String tableName, RequestContext context) {
    TableMetadata table = Tables.describe(catalog, context, tableName, "DescribeTable");
    return Future.succeededFuture(
        TableDescriptions.response(
            "Table", table, TableDescriptions.status(table), stats::of, context));
  }
}

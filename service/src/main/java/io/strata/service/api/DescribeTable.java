package io.strata.service.api;

import io.strata.service.json.Constraints;
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
    String tableName = body.string("TableName");
    new Constraints().tableNameOrArn("tableName", tableName).check();
    return tableName;
  }

  @Override
  public Future<ResponseBody> execute(String tableName, RequestContext context) {
    TableMetadata table = Tables.describe(catalog, context, tableName, "DescribeTable");
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeFieldName("Table");
          TableDescriptions.write(json, table, "ACTIVE", stats::of, context);
          json.writeEndObject();
        });
  }
}

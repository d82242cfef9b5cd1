package io.strata.service.api;

import io.strata.service.json.JsonRequest;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.time.Clock;

/** DescribeContinuousBackups: whether the table has point-in-time recovery, and its window. */
public final class DescribeContinuousBackups implements Operation<String> {
  private final TableCatalog catalog;
  private final ContinuousBackups recoveries;
  private final Clock clock;

  public DescribeContinuousBackups(
      TableCatalog catalog, ContinuousBackups recoveries, Clock clock) {
    this.catalog = catalog;
    this.recoveries = recoveries;
    this.clock = clock;
  }

  @Override
  public String parse(JsonRequest body, RequestContext context) {
    return Tables.requiredName(body);
  }

  @Override
  public Future<ResponseBody> execute(String tableName, RequestContext context) {
    TableMetadata table =
        ContinuousBackupsDescriptions.table(
            catalog, context, tableName, "DescribeContinuousBackups");
    return Future.succeededFuture(
        ContinuousBackupsDescriptions.response(
            ContinuousBackupsDescriptions.recoveryOf(recoveries, table),
            ContinuousBackupsDescriptions.now(clock)));
  }
}

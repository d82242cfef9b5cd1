package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * DeleteTable: removes the table at once (its items are purged in the background) and answers with
 * the reduced DELETING description DynamoDB returns ({@link TableDescriptions#deleted}).
 */
public final class DeleteTable implements Operation<String> {
  private final TableCatalog catalog;
  private final Writer writer;
  private final TableStats stats;
  private final Clock clock;

  public DeleteTable(TableCatalog catalog, Writer writer, TableStats stats, Clock clock) {
    this.catalog = catalog;
    this.writer = writer;
    this.stats = stats;
    this.clock = clock;
  }

  @Override
  public String parse(JsonRequest body, RequestContext context) {
    return Tables.requiredName(body);
  }

  @Override
  public Future<ResponseBody> execute(String tableName, RequestContext context) {
    TableMetadata existing = Tables.describe(catalog, context, tableName, "DeleteTable");
    return writer
        .submit(
            TableChanges.delete(
                existing.ref(),
                table -> {
                  if (table.deletionProtection()) {
                    throw DynamoException.validation(
                        "Resource cannot be deleted as it is currently protected against deletion."
                            + " Disable deletion protection first.");
                  }
                  return table;
                },
                clock.instant()))
        .map(table -> TableDescriptions.deleted(table, stats::of, context));
  }
}

package io.strata.service.api;

import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.ImportJob;
import io.strata.service.table.ImportJobs;
import io.vertx.core.Future;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ListImports: the caller's imports, oldest first, optionally into one table, {@code PageSize} (at
 * most 25) a page; the NextToken is the ARN of the page's last import.
 */
public final class ListImports implements Operation<ListImports.Request> {
  record Request(@Nullable String tableArn, int pageSize, @Nullable String nextToken) {}

  private final ImportJobs imports;

  public ListImports(ImportJobs imports) {
    this.imports = imports;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String tableArn = body.string("TableArn");
    Long pageSize = body.integer("PageSize");
    String nextToken = body.string("NextToken");
    new Constraints()
        .maxLength("tableArn", tableArn, 1024)
        .min("pageSize", pageSize, 1)
        .max("pageSize", pageSize, 25)
        .maxLength("nextToken", nextToken, 1024)
        .check();
    return new Request(tableArn, pageSize == null ? 25 : pageSize.intValue(), nextToken);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    List<ImportJob> matching =
        imports.ofTenant(context.tenantId()).stream()
            .filter(job -> request.tableArn() == null || job.tableArn().equals(request.tableArn()))
            .toList();
    Pages.Page<ImportJob> page =
        Pages.after(matching, request.nextToken(), ImportJob::importArn, request.pageSize());
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("ImportSummaryList");
          for (ImportJob job : page.entries()) {
            Imports.writeSummary(json, job);
          }
          json.writeEndArray();
          if (page.more()) {
            json.writeStringField(
                "NextToken", page.entries().get(page.entries().size() - 1).importArn());
          }
          json.writeEndObject();
        });
  }
}

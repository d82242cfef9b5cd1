package io.strata.service.api;

import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.ExportJob;
import io.strata.service.table.ExportJobs;
import io.vertx.core.Future;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * ListExports: the caller's exports, oldest first, optionally of one table, {@code MaxResults} (at
 * most 25) a page; the NextToken is the ARN of the page's last export.
 */
public final class ListExports implements Operation<ListExports.Request> {
  record Request(@Nullable String tableArn, int maxResults, @Nullable String nextToken) {}

  private final ExportJobs exports;

  public ListExports(ExportJobs exports) {
    this.exports = exports;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String tableArn = body.string("TableArn");
    Long maxResults = body.integer("MaxResults");
    new Constraints()
        .maxLength("tableArn", tableArn, 1024)
        .min("maxResults", maxResults, 1)
        .max("maxResults", maxResults, 25)
        .check();
    return new Request(
        tableArn, maxResults == null ? 25 : maxResults.intValue(), body.string("NextToken"));
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    List<ExportJob> matching =
        exports.ofTenant(context.tenantId()).stream()
            .filter(job -> request.tableArn() == null || job.tableArn().equals(request.tableArn()))
            .toList();
    Pages.Page<ExportJob> page =
        Pages.after(matching, request.nextToken(), ExportJob::exportArn, request.maxResults());
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("ExportSummaries");
          for (ExportJob job : page.entries()) {
            Exports.writeSummary(json, job);
          }
          json.writeEndArray();
          if (page.more()) {
            json.writeStringField(
                "NextToken", page.entries().get(page.entries().size() - 1).exportArn());
          }
          json.writeEndObject();
        });
  }
}

package io.strata.service.api;

import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.ExportJob;
import io.strata.service.table.ExportJobs;
import io.vertx.core.Future;

/** DescribeExport: one of the caller's exports, by ARN, as it stands now. */
public final class DescribeExport implements Operation<ExportJob> {
  private final ExportJobs exports;

  public DescribeExport(ExportJobs exports) {
    this.exports = exports;
  }

  @Override
  public ExportJob parse(JsonRequest body, RequestContext context) {
    String arn = body.string("ExportArn");
    new Constraints()
        .notNull("exportArn", arn)
        .minLength("exportArn", arn, 37)
        .maxLength("exportArn", arn, 1024)
        .check();
    return Exports.find(exports, context, arn);
  }

  @Override
  public Future<ResponseBody> execute(ExportJob job, RequestContext context) {
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeFieldName("ExportDescription");
          Exports.writeDescription(json, job);
          json.writeEndObject();
        });
  }
}

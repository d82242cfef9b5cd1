package io.strata.service.api;

import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.ImportJob;
import io.strata.service.table.ImportJobs;
import io.vertx.core.Future;

/** DescribeImport: one of the caller's imports, by ARN, as it stands now. */
public final class DescribeImport implements Operation<ImportJob> {
  private final ImportJobs imports;

  public DescribeImport(ImportJobs imports) {
    this.imports = imports;
  }

  @Override
  public ImportJob parse(JsonRequest body, RequestContext context) {
    String arn = body.string("ImportArn");
    new Constraints()
        .notNull("importArn", arn)
        .minLength("importArn", arn, 37)
        .maxLength("importArn", arn, 1024)
        .check();
    return Imports.find(imports, context, arn);
  }

  @Override
  public Future<ResponseBody> execute(ImportJob job, RequestContext context) {
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeFieldName("ImportTableDescription");
          Imports.writeDescription(json, job);
          json.writeEndObject();
        });
  }
}

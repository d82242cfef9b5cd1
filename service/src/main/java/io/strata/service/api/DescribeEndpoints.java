package io.strata.service.api;

import io.strata.service.json.JsonRequest;
import io.vertx.core.Future;

/**
 * DescribeEndpoints: the one endpoint that serves the caller. DynamoDB answers with its regional
 * endpoint's name, without a scheme, cacheable for a day; Strata answers with the endpoint the
 * client called, host and port as it named them ({@code Host}), which is the name it can reach.
 */
public final class DescribeEndpoints implements Operation<String> {
  /** DynamoDB's answer: a day. */
  static final int CACHE_PERIOD_MINUTES = 1440;

  @Override
  public String parse(JsonRequest body, RequestContext context) {
    return context.host();
  }

  @Override
  public Future<ResponseBody> execute(String address, RequestContext context) {
    return Future.succeededFuture(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("Endpoints");
          json.writeStartObject();
          json.writeStringField("Address", address);
          json.writeNumberField("CachePeriodInMinutes", CACHE_PERIOD_MINUTES);
          json.writeEndObject();
          json.writeEndArray();
          json.writeEndObject();
        });
  }
}

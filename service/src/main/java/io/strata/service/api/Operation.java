package io.strata.service.api;

import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.vertx.core.Future;

/**
 * One DynamoDB operation, named exactly as on the wire ({@code PutItem}, {@code Query}, ...).
 *
 * <p>The {@link OperationRunner} drives every request through the same steps; an operation only
 * parses, validates and executes. {@link #parse} runs on the event loop and must do no I/O: it
 * turns the JSON body into an immutable request, checking everything DynamoDB checks before it
 * touches data, in DynamoDB's order, throwing {@code DynamoException}s with DynamoDB's messages.
 * {@link #execute} performs the work; storage reads run on the read pool and writes go through the
 * single writer, so the returned future completes back on the caller's event loop.
 *
 * @param <R> the parsed request
 */
public interface Operation<R> {

  R parse(JsonRequest body, RequestContext context);

  /**
   * Admits the request's estimated capacity before any work: {@code consumption.admit(table,
   * readHalfUnits, writeHalfUnits)} for each table it will touch (throwing DynamoDB's throttling
   * error when a limit is reached). Control-plane operations consume no capacity.
   */
  default void admit(R request, Consumption consumption) {}

  Future<ResponseBody> execute(R request, RequestContext context);
}

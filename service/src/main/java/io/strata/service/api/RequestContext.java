package io.strata.service.api;

import io.strata.service.metering.Consumption;
import io.strata.service.table.TableRef;
import java.time.Instant;

/**
 * Who is asking, established before any operation runs: the authenticated tenant and credential,
 * the region the client signed for (used in ARNs it sees), the endpoint it called ({@code Host}:
 * the address DescribeEndpoints advertises), when the request arrived, the size of its body (what a
 * write may occupy in the writer's queue), and the account of the capacity it consumes.
 */
public record RequestContext(
    String requestId,
    String tenantId,
    String credentialId,
    String region,
    String host,
    Instant receivedAt,
    long requestBytes,
    Consumption consumption) {

  /** The caller's table of that name; the only way handlers turn a name into a table. */
  public TableRef table(String name) {
    return new TableRef(tenantId, name);
  }

  public String tableArn(String tableName) {
    return "arn:aws:dynamodb:" + region + ":" + tenantId + ":table/" + tableName;
  }
}

package io.strata.service.http;

import io.strata.service.config.StrataConfig;
import io.strata.service.error.DynamoException;
import io.strata.service.error.ErrorCode;
import io.strata.tenancy.RequestRateLimiter;
import io.vertx.core.http.HttpConnection;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Request-rate limits, checked once the caller is known and before any work: per connection, per
 * tenant, and per tenant for control-plane operations (DynamoDB's own control-plane limit). They
 * keep one client from starving the rest; the capacity gate meters work, this counts requests.
 */
public final class RequestRates {
  private final RequestRateLimiter<HttpConnection> perConnection;
  private final RequestRateLimiter<String> perTenant;
  private final RequestRateLimiter<String> controlPlane;
  private final Predicate<String> isControlPlane;

  public RequestRates(
      StrataConfig.Limits limits, Predicate<String> isControlPlane, LongSupplier ticker) {
    this.perConnection = limiter(limits.connectionRequestsPerSecond(), ticker);
    this.perTenant = limiter(limits.tenantRequestsPerSecond(), ticker);
    this.controlPlane = limiter(limits.controlPlaneRequestsPerSecond(), ticker);
    this.isControlPlane = isControlPlane;
  }

  private static <K> RequestRateLimiter<K> limiter(int perSecond, LongSupplier ticker) {
    return new RequestRateLimiter<>(ticker, perSecond, 2L * perSecond);
  }

  /** Counts one request, or throws DynamoDB's ThrottlingException. */
  void admit(HttpConnection connection, String tenantId, String operation) {
    if (!perConnection.tryAcquire(connection)
        || !perTenant.tryAcquire(tenantId)
        || (isControlPlane.test(operation) && !controlPlane.tryAcquire(tenantId))) {
      throw new DynamoException(
          ErrorCode.THROTTLING, "Rate of requests exceeds the allowed throughput.");
    }
  }

  void closed(HttpConnection connection) {
    perConnection.forget(connection);
  }
}

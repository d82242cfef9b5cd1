package io.strata.tenancy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.NullMarked;

/**
 * Requests per second per key (a tenant, a connection), each key with its own token bucket: the
 * protection against one caller flooding the service, as opposed to {@link CapacityGate}, which
 * meters the work requests do. Lock-free on the hot path.
 */
@NullMarked
public final class RequestRateLimiter<K> {
  private final LongSupplier nanoTicker;
  private final long perSecond;
  private final long burst;
  private final Map<K, TokenBucket> buckets = new ConcurrentHashMap<>();

  /**
   * {@code perSecond} requests per second sustained, up to {@code burst} at once; full at start.
   */
  public RequestRateLimiter(LongSupplier nanoTicker, long perSecond, long burst) {
    if (perSecond <= 0 || burst < perSecond) {
      throw new IllegalArgumentException("need 0 < perSecond <= burst");
    }
    this.nanoTicker = nanoTicker;
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Takes one request from {@code key}'s allowance; false when it has none left. */
  public boolean tryAcquire(K key) {
    TokenBucket bucket =
        buckets.computeIfAbsent(key, k -> new TokenBucket(nanoTicker, perSecond, burst, burst));
    return bucket.tryTake(1) == 0;
  }

  /** Forgets a key that will not be seen again (a closed connection). */
  public void forget(K key) {
    buckets.remove(key);
  }
}

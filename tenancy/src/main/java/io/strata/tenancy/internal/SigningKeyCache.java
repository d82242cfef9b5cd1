package io.strata.tenancy.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Derived SigV4 signing keys, so that a busy client costs one HMAC chain per (day, region, service)
 * instead of four extra HMACs per request.
 *
 * <p>The key of an entry includes a fingerprint of the secret, not just the access key id: when a
 * secret is rotated, the next request derives a fresh key from the new secret and the entry for the
 * old one simply ages out. Caching by key id alone would keep accepting signatures made with the
 * rotated-away secret until the entry was evicted. The fingerprint is an HMAC of the secret under a
 * random per-process salt, so the map holds nothing that could be checked against a guessed secret
 * outside this process.
 *
 * <p>A small LRU under a lock: entries are tiny, the critical section is a hash lookup, and
 * derivation (the slow part) runs outside the lock. Two threads that miss at once both derive,
 * which is harmless. Thread-safe.
 */
final class SigningKeyCache {
  static final int DEFAULT_MAX_ENTRIES = 4096;

  private final byte[] fingerprintSalt = new byte[32];
  private final Map<CacheKey, byte[]> entries;
  private final AtomicLong derivations = new AtomicLong();

  SigningKeyCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    new SecureRandom().nextBytes(fingerprintSalt);
    this.entries =
        new LinkedHashMap<>(16, 0.75f, /* accessOrder= */ true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<CacheKey, byte[]> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /**
   * The signing key for the scope: {@code HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region),
   * service), "aws4_request")}. The returned array is shared; callers must not modify it.
   */
  byte[] signingKey(
      String accessKeyId, String secretAccessKey, String date, String region, String service) {
    CacheKey key =
        new CacheKey(accessKeyId, Hashing.hex(fingerprint(secretAccessKey)), date, region, service);
    synchronized (entries) {
      byte[] cached = entries.get(key);
      if (cached != null) {
        return cached;
      }
    }
    byte[] derived = derive(secretAccessKey, date, region, service);
    derivations.incrementAndGet();
    synchronized (entries) {
      entries.put(key, derived);
    }
    return derived;
  }

  /** How many keys were derived rather than served from the cache; for tests. */
  long derivations() {
    return derivations.get();
  }

  private byte[] fingerprint(String secretAccessKey) {
    return Hashing.hmacSha256(fingerprintSalt, secretAccessKey);
  }

  private static byte[] derive(String secretAccessKey, String date, String region, String service) {
    byte[] dateKey =
        Hashing.hmacSha256(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
    byte[] regionKey = Hashing.hmacSha256(dateKey, region);
    byte[] serviceKey = Hashing.hmacSha256(regionKey, service);
    return Hashing.hmacSha256(serviceKey, "aws4_request");
  }

  private record CacheKey(
      String accessKeyId, String secretFingerprint, String date, String region, String service) {}
}

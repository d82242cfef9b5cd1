package io.strata.tenancy;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Looks up access keys by id. Implemented by the service on top of storage.
 *
 * <p>{@link Authenticator#authenticate} calls this on the caller's thread, which is normally an
 * event loop: implementations must answer from memory (a cache warmed at startup and refreshed in
 * the background) and must not block or touch the disk. They must be thread-safe.
 */
@FunctionalInterface
public interface AccessKeyResolver {

  /** The key with this id, active or not, or empty if no such key exists. */
  Optional<AccessKeyCredential> resolve(String accessKeyId);

  /** A fixed, in-memory resolver, for tests and single-node setups. */
  static AccessKeyResolver of(AccessKeyCredential... credentials) {
    Map<String, AccessKeyCredential> byId =
        Arrays.stream(credentials)
            .collect(
                Collectors.toUnmodifiableMap(
                    AccessKeyCredential::accessKeyId, Function.identity()));
    return accessKeyId -> Optional.ofNullable(byId.get(accessKeyId));
  }
}

package io.strata.service.maintenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Where exports are written and imports read: Strata's stand-in for S3. A tenant's buckets are the
 * directories under {@code <root>/<tenant id>/} (created by the operator, as a bucket is created
 * before an export names it), and an object's key is its path under its bucket, {@code /}
 * separated. Every path handed out here is checked to stay inside the tenant's own directory, so a
 * prefix or key with {@code ..} or a leading {@code /} can never reach another tenant's files or
 * anything else on the host.
 */
public final class ExportRoot {
  private final Path root;

  public ExportRoot(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The tenant's directory, whose sub-directories are its buckets. */
  Path tenantDirectory(String tenantId) {
    return root.resolve(tenantId);
  }

  /**
   * The path of {@code relative} (a bucket, then keys) inside the tenant's directory; empty when it
   * would lead outside it.
   */
  public Optional<Path> resolve(String tenantId, String relative) {
    Path tenant = tenantDirectory(tenantId);
    if (relative.startsWith("/") || relative.contains("\\")) {
      return Optional.empty();
    }
    Path resolved = tenant.resolve(relative).normalize();
    return resolved.startsWith(tenant) && !resolved.equals(tenant)
        ? Optional.of(resolved)
        : Optional.empty();
  }

  /**
   * Whether a key or key prefix names a place inside its bucket as a plain path: no leading {@code
   * /}, no {@code \\}, no {@code .} or {@code ..} segment. S3 allows such keys; here they would be
   * paths, so they are refused.
   */
  public static boolean isPlainKey(String key) {
    if (key.startsWith("/") || key.contains("\\")) {
      return false;
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** Whether the bucket exists: a directory under the tenant's. */
  public boolean bucketExists(String tenantId, String bucket) {
    return resolve(tenantId, bucket).map(Files::isDirectory).orElse(false);
  }

  /**
   * The objects of {@code bucket} whose keys start with {@code keyPrefix} (S3's listing), as paths
   * relative to the tenant's directory, in key order. Blocking.
   */
  public List<String> objectsUnder(String tenantId, String bucket, @Nullable String keyPrefix)
      throws IOException {
    Path bucketPath = resolve(tenantId, bucket).orElseThrow();
    String prefix = keyPrefix == null ? "" : keyPrefix;
    List<String> keys = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(bucketPath)) {
      walk.filter(Files::isRegularFile)
          .map(path -> bucketPath.relativize(path).toString().replace('\\', '/'))
          .filter(key -> key.startsWith(prefix))
          .sorted()
          .forEach(key -> keys.add(bucket + "/" + key));
    }
    return keys;
  }

  /** The total size of the objects, relative to the tenant's directory. Blocking. */
  public long sizeOf(String tenantId, List<String> objects) throws IOException {
    long total = 0;
    for (String object : objects) {
      total += Files.size(resolve(tenantId, object).orElseThrow());
    }
    return total;
  }
}

package io.strata.service.admin;

import io.strata.service.storage.LmdbStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The online backup of the whole store: LMDB's own copy of the environment, taken from one read
 * snapshot while the service keeps serving, into a new directory on the server. Restoring is a file
 * copy while the service is stopped (docs/operations.md); the copy holds items encrypted under the
 * tenants' data keys, which are themselves wrapped by the master key, so a restore needs the same
 * master key.
 */
final class StoreBackup {
  private final LmdbStore store;
  private final Vertx vertx;

  StoreBackup(LmdbStore store, Vertx vertx) {
    this.store = store;
    this.vertx = vertx;
  }

  /** Copies the store into {@code directory}, which must be absent or empty; returns its size. */
  Future<Long> copyTo(Path directory) {
    return vertx.executeBlocking(
        () -> {
          if (Files.isDirectory(directory) && !isEmpty(directory)) {
            throw new IllegalArgumentException(directory + " is not empty");
          }
          store.copyTo(directory);
          try (Stream<Path> files = Files.list(directory)) {
            return files.mapToLong(StoreBackup::size).sum();
          }
        },
        false);
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

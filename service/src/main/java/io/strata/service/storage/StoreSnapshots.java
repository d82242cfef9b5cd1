package io.strata.service.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Snapshots of the whole store as single LMDB data files: what a replicated log keeps instead of
 * the entries it has compacted away, and what a node that is new or far behind installs.
 *
 * <p>A snapshot is a compacted copy of the environment ({@code mdb_env_copy2} with {@code
 * MDB_CP_COMPACT}), made in one read transaction while the store keeps serving, so it holds the
 * store exactly as it stood after one write set: the {@link AppliedPosition} inside it says which.
 *
 * <p>Installing one does not swap files under a running server (every reader, the writer and the
 * memory map hold the open environment). Instead {@link #differenceTo} computes the write set that
 * turns the live store into the snapshot, which the writer applies and projects like any other: one
 * transaction, so readers see the store before or after, never half of it, and every in-memory
 * projection changes exactly as the keys did. The price is memory: the difference is held whole,
 * about as large as what changed (for an empty node, the snapshot itself).
 */
public final class StoreSnapshots {
  private StoreSnapshots() {}

  /**
   * Writes a snapshot of {@code store} to {@code file} (replacing nothing: the file must not
   * exist), made visible under its name only once it is complete. Blocking, and as long as the copy
   * takes: never on the writer thread or an event loop.
   *
   * @return the position of the last write set the snapshot holds
   */
  public static LogPosition write(LmdbStore store, Path file) {
    Path directory = file.toAbsolutePath().getParent();
    Path staging = null;
    try {
      staging = Files.createTempDirectory(directory, ".snapshot-");
      store.copyTo(staging, true);
      Files.move(staging.resolve(LmdbStore.DATA_FILE), file, StandardCopyOption.ATOMIC_MOVE);
      return positionOf(file);
    } catch (IOException e) {
      throw new StorageException("cannot write the snapshot " + file, e);
    } finally {
      if (staging != null) {
        deleteStaging(staging);
      }
    }
  }

  /** The position of the last write set that the snapshot in {@code file} holds. */
  public static LogPosition positionOf(Path file) {
    try (LmdbStore snapshot = LmdbStore.openCopy(file)) {
      return snapshot.read(AppliedPosition::read);
    }
  }

  /**
   * The write set that turns {@code store} into the snapshot in {@code file}: a put of every key
   * whose value differs or is missing, a delete of every key the snapshot lacks. The applied
   * position is left out, as from every write set; the writer stores it when it applies this one.
   * Call it on the writer thread, so that nothing changes the store while it is compared.
   */
  public static WriteSet differenceTo(LmdbStore store, Path file, long timestampMillis) {
    WriteSet.Builder difference = WriteSet.builder();
    try (LmdbStore snapshot = LmdbStore.openCopy(file)) {
      store.read(
          live ->
              snapshot.read(
                  wanted -> {
                    for (Db db : Db.values()) {
                      compare(db, live, wanted, difference);
                    }
                    return null;
                  }));
    }
    return difference.build(timestampMillis);
  }

  private static void compare(Db db, ReadView live, ReadView wanted, WriteSet.Builder difference) {
    wanted.scan(
        db,
        new byte[0],
        true,
        (key, value) -> {
          if (!isAppliedPosition(db, key) && !Arrays.equals(live.get(db, key), value)) {
            difference.put(db, key, value);
          }
          return true;
        });
    live.scan(
        db,
        new byte[0],
        true,
        (key, value) -> {
          if (!isAppliedPosition(db, key) && wanted.get(db, key) == null) {
            difference.delete(db, key);
          }
          return true;
        });
  }

  private static boolean isAppliedPosition(Db db, byte[] key) {
    return db == Db.CATALOG && AppliedPosition.isKey(key);
  }

  private static void deleteStaging(Path directory) {
    try (var entries = Files.list(directory)) {
      for (Path entry : entries.toList()) {
        Files.deleteIfExists(entry);
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + directory, e);
    }
  }
}

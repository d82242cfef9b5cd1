package io.strata.service.startup;

import io.strata.crypto.KeyRing;
import io.strata.service.admin.AdminToken;
import io.strata.service.config.StrataConfig;
import io.strata.service.storage.LmdbDataFile;
import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.StorageException;
import io.strata.service.tenant.FirstTenant;
import io.strata.service.tenant.TenantDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The data directory, opened for one server: locked against a second process, its store checked and
 * opened, and the master key that opens the store. The checks run before LMDB maps anything, in
 * this order:
 *
 * <ol>
 *   <li>the lock ({@link DataDirectoryLock});
 *   <li>a missing or empty {@code lmdb/data.mdb} in a directory that was used before (it has a
 *       master key file, the first tenant's credentials or the admin token) is refused unless
 *       {@code --initialize} is given: that is what a volume that failed to mount, or a half-done
 *       restore, looks like, and starting would quietly serve an empty store and overwrite {@code
 *       first-tenant.json};
 *   <li>a data file shorter than its meta page says is refused ({@link LmdbDataFile}), since
 *       mapping it would end the JVM with SIGBUS;
 *   <li>the master key ({@link MasterKeys}).
 * </ol>
 *
 * The store, once open, belongs to the caller, which closes it before {@link #close} releases the
 * lock.
 */
public final class DataDirectory implements AutoCloseable {
  /** What the data directory holds after a first start, besides the store. */
  private static final List<String> SIGNS_OF_USE =
      List.of(FirstTenant.FILE_NAME, AdminToken.FILE_NAME);

  private final DataDirectoryLock lock;
  private final LmdbStore store;
  private final KeyRing keyRing;

  private DataDirectory(DataDirectoryLock lock, LmdbStore store, KeyRing keyRing) {
    this.lock = lock;
    this.store = store;
    this.keyRing = keyRing;
  }

  /**
   * Locks and opens the configured data directory, creating it if it does not exist.
   *
   * @param initialize start an empty store even where the directory shows it held one before
   */
  public static DataDirectory open(StrataConfig config, boolean initialize) {
    Path directory = config.dataDirectory();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StartupException("cannot create the data directory " + directory + ": " + e, e);
    }
    DataDirectoryLock lock = DataDirectoryLock.acquire(directory);
    @Nullable LmdbStore store = null;
    try {
      Path lmdb = directory.resolve("lmdb");
      if (LmdbDataFile.exists(lmdb)) {
        LmdbDataFile.requireComplete(lmdb);
      } else if (!initialize) {
        refuseIfUsedBefore(config, lmdb);
      }
      StrataConfig.Storage storage = config.storage();
      store = LmdbStore.open(lmdb, storage.mapSizeBytes(), storage.maxReaders());
      KeyRing keyRing = MasterKeys.open(config, TenantDirectory.wrappedDataKeys(store));
      return new DataDirectory(lock, store, keyRing);
    } catch (StorageException e) {
      closeAll(store, lock);
      throw new StartupException(e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(store, lock);
      throw e;
    }
  }

  public LmdbStore store() {
    return store;
  }

  public KeyRing keyRing() {
    return keyRing;
  }

  private static void refuseIfUsedBefore(StrataConfig config, Path lmdb) {
    List<Path> signs = new ArrayList<>();
    Path keyFile = MasterKeys.keyFile(config);
    if (Files.exists(keyFile)) {
      signs.add(keyFile);
    }
    for (String name : SIGNS_OF_USE) {
      Path file = config.dataDirectory().resolve(name);
      if (Files.exists(file)) {
        signs.add(file);
      }
    }
    if (!signs.isEmpty()) {
      throw new StartupException(
          lmdb.resolve(LmdbStore.DATA_FILE)
              + " is missing or empty, but this data directory was used before ("
              + signs.get(0)
              + (signs.size() > 1 ? " and " + (signs.size() - 1) + " more exist" : " exists")
              + "): is its volume mounted? Restore data.mdb from a backup (docs/operations.md),"
              + " or start with --initialize to begin an empty store here");
    }
  }

  private static void closeAll(@Nullable LmdbStore store, DataDirectoryLock lock) {
    if (store != null) {
      store.close();
    }
    try {
      lock.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Releases the lock; the store must be closed first. */
  @Override
  public void close() throws IOException {
    lock.close();
  }
}

package io.strata.service.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Store files readable by the service's own user only, like the master key and the credentials next
 * to them: item values are sealed, but the catalog (tenants, table names, key schemas) is not, and
 * a copy of the file is all an attacker needs to try the master key offline.
 */
final class OwnerOnly {
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /** Creates {@code directory} (and its parents) if needed, and makes it the owner's alone. */
  static void directory(Path directory) {
    try {
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, DIRECTORY);
    } catch (IOException e) {
      throw new StorageException("cannot create " + directory + " readable by its owner only", e);
    }
  }

  /** Makes {@code file} readable and writable by its owner only, if it exists. */
  static void file(Path file) {
    try {
      if (Files.exists(file)) {
        Files.setPosixFilePermissions(file, FILE);
      }
    } catch (IOException e) {
      throw new StorageException("cannot make " + file + " readable by its owner only", e);
    }
  }
}

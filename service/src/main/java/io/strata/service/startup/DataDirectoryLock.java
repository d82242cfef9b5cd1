package io.strata.service.startup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;

/**
 * One process per data directory. LMDB itself lets several processes share an environment, and two
 * servers on one directory would each serve from its own caches and catalog, stale to the other's
 * writes; so the server holds an exclusive lock on {@code <data>/strata.lock} for as long as it
 * runs. The lock is the operating system's ({@code fcntl}), so it is released when the process
 * exits, however it exits: a crash or {@code kill -9} leaves no lock behind to clean up. The file
 * holds the holder's process id, for the refusal message.
 */
final class DataDirectoryLock implements AutoCloseable {
  static final String FILE_NAME = "strata.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or refuses: another process (or server in this JVM) holds it. */
  static DataDirectoryLock acquire(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      // another process created it first; whoever locks it first wins
    } catch (IOException e) {
      throw new StartupException("cannot create the lock file " + file + ": " + e.getMessage(), e);
    }
    @Nullable FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw new StartupException(
            "the data directory "
                + dataDirectory.toAbsolutePath()
                + " is in use by another Strata process"
                + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                + "; stop it first, or give this server a data directory of its own"
                + " (STRATA_DATA_DIR)");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      return new DataDirectoryLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StartupException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Null when held elsewhere: by another process, or by another server in this JVM. */
  private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      return null;
    }
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer content = ByteBuffer.allocate(32);
    channel.read(content, 0);
    return new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).trim();
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the lock, if any, goes with the channel
      }
    }
  }

  /** Releases the lock; the file stays, so the next start does not race to create it. */
  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}

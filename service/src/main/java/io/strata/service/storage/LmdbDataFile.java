package io.strata.service.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks LMDB's data file before it is mapped. LMDB maps the whole file and trusts it: a file cut
 * short (a failed copy, a full disk during a restore) maps fine, and the first read of a page past
 * its end kills the JVM with SIGBUS, with no message and no chance to refuse politely. So the file
 * is measured against what its own meta pages say it holds.
 *
 * <p>The first two pages of the file are meta pages, written alternately by successive commits; the
 * one with the higher transaction id is current (LMDB's {@code mdb_env_pick_meta}). Each is a
 * 16-byte page header followed by {@code MDB_meta}, little-endian on every platform we run on (64
 * bit, so {@code pgno_t}, {@code size_t} and pointers are 8 bytes):
 *
 * <pre>
 *   offset  size  field
 *        0    16  page header (page number, flags, bounds)
 *       16     4  mm_magic       0xBEEFC0DE
 *       20     4  mm_version     1
 *       24     8  mm_address
 *       32     8  mm_mapsize
 *       40    48  mm_dbs[0]      the free-page database; its first field, md_pad, holds the page size
 *       88    48  mm_dbs[1]      the main database
 *      136     8  mm_last_pg     the highest page number in use
 *      144     8  mm_txnid       the transaction that wrote this meta page
 * </pre>
 *
 * A complete file holds at least {@code (mm_last_pg + 1) * pagesize} bytes: every page up to the
 * last one in use has been written (LMDB writes a transaction's pages before the meta page that
 * refers to them).
 */
public final class LmdbDataFile {
  private static final int MAGIC = 0xBEEFC0DE;
  private static final int VERSION = 1;
  private static final int MAGIC_OFFSET = 16;
  private static final int VERSION_OFFSET = 20;
  private static final int PAGE_SIZE_OFFSET = 40;
  private static final int LAST_PAGE_OFFSET = 136;
  private static final int TRANSACTION_OFFSET = 144;
  private static final int META_BYTES = 152;

  /** A plausible page size is a power of two in this range (LMDB uses the OS page, 4 KiB here). */
  private static final int SMALLEST_PAGE = 512;

  private static final int LARGEST_PAGE = 1 << 16;

  private LmdbDataFile() {}

  /** Whether {@code directory} holds a data file with something in it. */
  public static boolean exists(Path directory) {
    Path file = directory.resolve(LmdbStore.DATA_FILE);
    try {
      return Files.exists(file) && Files.size(file) > 0;
    } catch (IOException e) {
      throw new StorageException("cannot read the size of " + file, e);
    }
  }

  /**
   * Refuses a data file that is not an LMDB environment or is shorter than its meta page says.
   *
   * @throws StorageException saying which, and how many bytes are missing
   */
  public static void requireComplete(Path directory) {
    Path file = directory.resolve(LmdbStore.DATA_FILE);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      Meta first = meta(channel, 0, file, size);
      Meta second = meta(channel, first.pageSize(), file, size);
      Meta current = second.transaction() > first.transaction() ? second : first;
      long required = (current.lastPage() + 1) * current.pageSize();
      if (size < required) {
        throw new StorageException(
            file
                + " is truncated: it is "
                + size
                + " bytes, but its last commit (transaction "
                + current.transaction()
                + ") uses "
                + required
                + "; restore it from a backup (docs/operations.md)");
      }
    } catch (IOException e) {
      throw new StorageException("cannot read " + file, e);
    }
  }

  private record Meta(long pageSize, long lastPage, long transaction) {}

  private static Meta meta(FileChannel channel, long offset, Path file, long size)
      throws IOException {
    ByteBuffer page = ByteBuffer.allocate(META_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    int read = 0;
    while (page.hasRemaining() && read >= 0) {
      read = channel.read(page, offset + page.position());
    }
    if (page.hasRemaining()) {
      throw new StorageException(
          file + " is truncated: it is " + size + " bytes, too short for LMDB's two meta pages");
    }
    if (page.getInt(MAGIC_OFFSET) != MAGIC || page.getInt(VERSION_OFFSET) != VERSION) {
      throw new StorageException(
          file + " is not an LMDB data file (no meta page at " + offset + ")");
    }
    long pageSize = Integer.toUnsignedLong(page.getInt(PAGE_SIZE_OFFSET));
    if (pageSize < SMALLEST_PAGE || pageSize > LARGEST_PAGE || Long.bitCount(pageSize) != 1) {
      throw new StorageException(file + " has a damaged meta page (page size " + pageSize + ")");
    }
    return new Meta(pageSize, page.getLong(LAST_PAGE_OFFSET), page.getLong(TRANSACTION_OFFSET));
  }
}

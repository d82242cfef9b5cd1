package io.strata.service.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.CopyFlags;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.GetOp;
import org.lmdbjava.LmdbException;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/**
 * The node's one LMDB environment and its named databases ({@link Db}).
 *
 * <p>Threads: {@link #read} may run on any thread that is allowed to block (the {@code lmdb-read}
 * pool); it opens a short read transaction, which {@code MDB_NOTLS} lets any pooled thread own.
 * Write transactions are opened only by the {@link Writer}'s thread. LMDB buffers are views into
 * the memory map valid only inside their transaction, so every view here copies what it returns.
 */
public final class LmdbStore implements AutoCloseable {
  /** LMDB's data file in the environment's directory. */
  public static final String DATA_FILE = "data.mdb";

  private static final String LOCK_FILE = "lock.mdb";
  private static final int OWNER_READ_WRITE = 0600;

  /** LMDB's largest key (its default build's {@code MDB_MAXKEYSIZE}): keys here stay below it. */
  private static final int MAX_KEY_BYTES = 511;

  private static final ThreadLocal<ByteBuffer> KEY_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_KEY_BYTES));

  private final Env<ByteBuffer> env;
  private final Map<Db, Dbi<ByteBuffer>> databases = new EnumMap<>(Db.class);

  private LmdbStore(Env<ByteBuffer> env, DbiFlags... databaseFlags) {
    this.env = env;
    for (Db db : Db.values()) {
      databases.put(db, env.openDbi(db.lmdbName(), databaseFlags));
    }
  }

  /**
   * Opens (creating if needed) the environment under {@code directory}.
   *
   * @param mapSizeBytes the most the data file may grow to; address space is reserved, not disk
   * @param maxReaders concurrent read transactions; keep above the read pool size
   */
  public static LmdbStore open(Path directory, long mapSizeBytes, int maxReaders) {
    OwnerOnly.directory(directory);
    Env<ByteBuffer> env =
        Env.create()
            .setMapSize(mapSizeBytes)
            .setMaxDbs(Db.values().length)
            .setMaxReaders(maxReaders)
            .open(directory.toFile(), OWNER_READ_WRITE, EnvFlags.MDB_NOTLS);
    // The mode above applies to files LMDB creates; older stores were created with 0644.
    OwnerOnly.file(directory.resolve(DATA_FILE));
    OwnerOnly.file(directory.resolve(LOCK_FILE));
    return new LmdbStore(env, DbiFlags.MDB_CREATE);
  }

  /**
   * Opens a single data file that {@link #copyTo} made, read-only and without a lock file (nobody
   * writes a copy), to read or compare it.
   */
  static LmdbStore openCopy(Path dataFile) {
    try {
      Env<ByteBuffer> env =
          Env.create()
              .setMapSize(Math.max(1, Files.size(dataFile)))
              .setMaxDbs(Db.values().length)
              .setMaxReaders(4)
              .open(
                  dataFile.toFile(),
                  OWNER_READ_WRITE,
                  EnvFlags.MDB_NOSUBDIR,
                  EnvFlags.MDB_RDONLY_ENV,
                  EnvFlags.MDB_NOLOCK);
      return new LmdbStore(env);
    } catch (IOException | LmdbException e) {
      throw new StorageException("cannot open the store copy " + dataFile, e);
    }
  }

  /** Runs {@code work} against a consistent snapshot. Blocking: never call on an event loop. */
  public <T> T read(Function<ReadView, T> work) {
    try (Txn<ByteBuffer> txn = env.txnRead()) {
      return work.apply(new TxnView(txn));
    } catch (LmdbException e) {
      throw new StorageException("read failed", e);
    }
  }

  /** Bytes the environment's data file occupies on disk (for metrics). */
  public long sizeOnDiskBytes() {
    return env.stat().pageSize * (env.info().lastPageNumber + 1);
  }

  /**
   * The most the data file may grow to ({@code STRATA_MAP_SIZE_BYTES}, or more if the file was
   * already larger): when the file reaches it, writes fail and the writer stops.
   */
  public long mapSizeBytes() {
    return env.info().mapSize;
  }

  /**
   * Copies the whole environment, consistently, while it keeps serving (online backup). The
   * directory is made the owner's alone before LMDB creates the copy in it (with mode 0644, which
   * its copy function does not take), so the copy is never readable by others, not even while it is
   * written.
   */
  public void copyTo(Path emptyDirectory) {
    copyTo(emptyDirectory, false);
  }

  /** {@link #copyTo}, optionally compacted: free pages left out, the copy as small as it can be. */
  void copyTo(Path emptyDirectory, boolean compact) {
    OwnerOnly.directory(emptyDirectory);
    if (compact) {
      env.copy(emptyDirectory.toFile(), CopyFlags.MDB_CP_COMPACT);
    } else {
      env.copy(emptyDirectory.toFile());
    }
    OwnerOnly.file(emptyDirectory.resolve(DATA_FILE));
  }

  /** Opens the transaction of one writer batch. Only the writer thread may call it. */
  public BatchTransaction beginBatch() {
    try {
      return new BatchTransaction(this, env.txnWrite());
    } catch (LmdbException e) {
      throw new StorageException("cannot begin a write transaction", e);
    }
  }

  Txn<ByteBuffer> beginWrite() {
    return env.txnWrite();
  }

  Txn<ByteBuffer> beginNested(Txn<ByteBuffer> parent) {
    return env.txn(parent);
  }

  TxnView view(Txn<ByteBuffer> txn) {
    return new TxnView(txn);
  }

  @Override
  public void close() {
    env.close();
  }

  /**
   * A view over one transaction; writes require it to be a write transaction. LMDB's own failures
   * (a full map, an I/O error) surface as {@link StorageException}: faults of the store, never of a
   * request.
   */
  final class TxnView implements WriteView {
    private final Txn<ByteBuffer> txn;

    TxnView(Txn<ByteBuffer> txn) {
      this.txn = txn;
    }

    @Override
    public byte @Nullable [] get(Db db, byte[] key) {
      ByteBuffer value = databases.get(db).get(txn, direct(key));
      return value == null ? null : copy(value);
    }

    @Override
    public void scan(Db db, byte[] from, boolean forward, EntryVisitor visitor) {
      try (Cursor<ByteBuffer> cursor = databases.get(db).openCursor(txn)) {
        boolean positioned =
            from.length == 0
                ? (forward ? cursor.first() : cursor.last())
                : position(cursor, direct(from), forward);
        while (positioned) {
          if (!visitor.visit(copy(cursor.key()), copy(cursor.val()))) {
            return;
          }
          positioned = cursor.seek(forward ? SeekOp.MDB_NEXT : SeekOp.MDB_PREV);
        }
      }
    }

    private boolean position(Cursor<ByteBuffer> cursor, ByteBuffer from, boolean forward) {
      boolean found = cursor.get(from, GetOp.MDB_SET_RANGE);
      if (forward) {
        return found;
      }
      if (!found) {
        return cursor.last();
      }
      return compareUnsigned(cursor.key(), from) <= 0 || cursor.prev();
    }

    @Override
    public void put(Db db, byte[] key, byte[] value) {
      try {
        databases.get(db).reserve(txn, direct(key), value.length).put(value);
      } catch (LmdbException e) {
        throw new StorageException("put into " + db.lmdbName() + " failed", e);
      }
    }

    @Override
    public boolean delete(Db db, byte[] key) {
      try {
        return databases.get(db).delete(txn, direct(key));
      } catch (LmdbException e) {
        throw new StorageException("delete from " + db.lmdbName() + " failed", e);
      }
    }
  }

  /**
   * {@code bytes} in this thread's key buffer. LMDB reads a key only during the call it is passed
   * to (and copies what it stores), so one direct buffer per thread serves every lookup, put and
   * seek: allocating a direct buffer per call cost a native allocation and a cleaner each time. A
   * buffer is reused by the next call on the same thread, so it never outlives the call it was
   * filled for.
   */
  private static ByteBuffer direct(byte[] bytes) {
    ByteBuffer buffer = KEY_BUFFER.get();
    if (buffer.capacity() < bytes.length) {
      buffer = ByteBuffer.allocateDirect(bytes.length);
      KEY_BUFFER.set(buffer);
    }
    buffer.clear();
    buffer.put(bytes).flip();
    return buffer;
  }

  /** LMDB's order (memcmp); {@link ByteBuffer#compareTo} compares signed bytes. */
  private static int compareUnsigned(ByteBuffer left, ByteBuffer right) {
    int common = Math.min(left.remaining(), right.remaining());
    for (int i = 0; i < common; i++) {
      int difference =
          Byte.toUnsignedInt(left.get(left.position() + i))
              - Byte.toUnsignedInt(right.get(right.position() + i));
      if (difference != 0) {
        return difference;
      }
    }
    return left.remaining() - right.remaining();
  }

  private static byte[] copy(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}

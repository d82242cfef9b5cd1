package io.strata.service.storage;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary form of a {@link WriteSet}: what is replicated, logged and replayed. Every field is
 * big-endian; lengths are unsigned 32-bit.
 *
 * <pre>
 *   offset  bytes  field
 *   0       2      magic "SW" (0x53 0x57)
 *   2       1      format version, 1
 *   3       8      timestamp: the proposer's clock, epoch milliseconds
 *   11      1      number of database sections that follow (databases without changes are left out)
 *   then, per section, in ascending database code ({@link Db#code}):
 *           1      database code
 *           4      number of mutations
 *           then, per mutation, in ascending unsigned key order, each key once:
 *           1      kind: 0 = delete, 1 = put
 *           4      key length k
 *           k      key
 *           4      value length v      (puts only)
 *           v      value               (puts only)
 *   last    4      CRC-32C of every byte before it
 * </pre>
 *
 * The encoding is canonical: equal write sets have equal bytes, so replicas can compare them. A
 * change of layout is a new version number, and the golden-bytes test ({@code
 * WriteSetCodecTest.versionOneBytesAreStable}) makes it a conscious act; decoders keep reading
 * every version ever written, since old logs and backups outlive the code that wrote them.
 */
public final class WriteSetCodec {
  static final byte VERSION = 1;

  /** Magic, version, timestamp, section count and checksum: the bytes of an empty write set. */
  static final int FIXED_BYTES = 2 + 1 + 8 + 1 + 4;

  private static final byte MAGIC_0 = 'S';
  private static final byte MAGIC_1 = 'W';
  private static final byte DELETE = 0;
  private static final byte PUT = 1;

  private WriteSetCodec() {}

  public static byte[] encode(WriteSet writes) {
    List<Db> databases = writes.databases();
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(encodedLength(writes)));
    out.put(MAGIC_0).put(MAGIC_1).put(VERSION).putLong(writes.timestampMillis());
    out.put((byte) databases.size());
    for (Db db : databases) {
      List<WriteSet.Mutation> mutations = writes.mutations(db);
      out.put(db.code()).putInt(mutations.size());
      for (WriteSet.Mutation mutation : mutations) {
        byte[] value = mutation.value();
        out.put(value == null ? DELETE : PUT).putInt(mutation.key().length).put(mutation.key());
        if (value != null) {
          out.putInt(value.length).put(value);
        }
      }
    }
    out.putInt((int) checksum(out.array(), out.position()));
    return out.array();
  }

  /** Decodes what {@link #encode} wrote; refuses anything damaged, truncated or unknown. */
  public static WriteSet decode(byte[] bytes) {
    if (bytes.length < FIXED_BYTES) {
      throw malformed("only " + bytes.length + " bytes");
    }
    int body = bytes.length - Integer.BYTES;
    long expected = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, body, Integer.BYTES).getInt());
    if (checksum(bytes, body) != expected) {
      throw malformed("checksum mismatch");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, body);
    try {
      if (in.get() != MAGIC_0 || in.get() != MAGIC_1) {
        throw malformed("not a write set");
      }
      byte version = in.get();
      if (version != VERSION) {
        throw malformed("unknown version " + version);
      }
      long timestamp = in.getLong();
      int sections = Byte.toUnsignedInt(in.get());
      WriteSet.Builder builder = WriteSet.builder();
      for (int s = 0; s < sections; s++) {
        Db db = Db.ofCode(in.get());
        int count = in.getInt();
        for (int m = 0; m < count; m++) {
          byte kind = in.get();
          byte[] key = bytes(in);
          switch (kind) {
            case PUT -> builder.put(db, key, bytes(in));
            case DELETE -> builder.delete(db, key);
            default -> throw malformed("unknown mutation kind " + kind);
          }
        }
      }
      if (in.hasRemaining()) {
        throw malformed(in.remaining() + " bytes after the last section");
      }
      return builder.build(timestamp);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw malformed("truncated or inconsistent: " + e.getMessage());
    }
  }

  /** The exact length {@link #encode} produces. */
  public static long encodedLength(WriteSet writes) {
    long length = FIXED_BYTES;
    for (Db db : writes.databases()) {
      length += 1 + Integer.BYTES;
      for (WriteSet.Mutation mutation : writes.mutations(db)) {
        length += 1 + Integer.BYTES + mutation.key().length;
        if (mutation.value() != null) {
          length += Integer.BYTES + mutation.value().length;
        }
      }
    }
    return length;
  }

  private static byte[] bytes(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw malformed("a length of " + Integer.toUnsignedString(length) + " overruns the input");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static long checksum(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return crc.getValue();
  }

  private static MalformedWriteSetException malformed(String detail) {
    return new MalformedWriteSetException("malformed write set: " + detail);
  }

  /** Bytes that are not a write set this code can read. */
  public static final class MalformedWriteSetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedWriteSetException(String message) {
      super(message);
    }
  }
}

package io.strata.service.storage;

import java.nio.ByteBuffer;

/**
 * Where a write set stands in the node's log of committed write sets: Raft's (term, index), with
 * the index alone deciding the order (it only grows). A single node is a log of its own whose term
 * stays 0. The writer stores the position of the last write set it applied in the same transaction
 * as the write set ({@link AppliedPosition}), so a write set offered again after a crash is
 * recognised and skipped instead of being applied twice.
 */
public record LogPosition(long term, long index) implements Comparable<LogPosition> {
  /** Before the first write set: a store that never committed one. */
  public static final LogPosition START = new LogPosition(0, 0);

  static final int ENCODED_BYTES = 2 * Long.BYTES;

  public LogPosition {
    if (term < 0 || index < 0) {
      throw new IllegalArgumentException("negative log position " + term + ":" + index);
    }
  }

  /** The position after this one in the same term. */
  public LogPosition next() {
    return new LogPosition(term, index + 1);
  }

  @Override
  public int compareTo(LogPosition other) {
    return Long.compare(index, other.index);
  }

  public boolean isAfter(LogPosition other) {
    return index > other.index;
  }

  byte[] encode() {
    return ByteBuffer.allocate(ENCODED_BYTES).putLong(term).putLong(index).array();
  }

  static LogPosition decode(byte[] bytes) {
    if (bytes.length != ENCODED_BYTES) {
      throw new StorageException("a stored log position has " + bytes.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new LogPosition(buffer.getLong(), buffer.getLong());
  }

  @Override
  public String toString() {
    return term + ":" + index;
  }
}

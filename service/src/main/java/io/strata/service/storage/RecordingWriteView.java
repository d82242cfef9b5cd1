package io.strata.service.storage;

import org.jspecify.annotations.Nullable;

/**
 * A write view that also records, into a {@link WriteSet.Builder}, every change it makes: how the
 * writer turns what a request did into data. Deleting an absent key changes nothing and records
 * nothing. Reads pass straight through.
 */
final class RecordingWriteView implements WriteView {
  private final WriteView target;
  private final WriteSet.Builder recorded;

  RecordingWriteView(WriteView target, WriteSet.Builder recorded) {
    this.target = target;
    this.recorded = recorded;
  }

  @Override
  public byte @Nullable [] get(Db db, byte[] key) {
    return target.get(db, key);
  }

  @Override
  public void scan(Db db, byte[] from, boolean forward, EntryVisitor visitor) {
    target.scan(db, from, forward, visitor);
  }

  @Override
  public void put(Db db, byte[] key, byte[] value) {
    target.put(db, key, value);
    recorded.put(db, key, value);
  }

  @Override
  public boolean delete(Db db, byte[] key) {
    boolean existed = target.delete(db, key);
    if (existed) {
      recorded.delete(db, key);
    }
    return existed;
  }
}

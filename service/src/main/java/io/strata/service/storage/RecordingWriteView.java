package io.strata.service.storage;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A write view that also records every change it makes, in order: how the writer turns what a
 * request did into data. Deleting an absent key changes nothing and records nothing. Reads pass
 * straight through. The record is a plain list (most requests change a handful of keys); it joins
 * the batch's {@link WriteSet.Builder} only if the request's nested transaction commits.
 */
final class RecordingWriteView implements WriteView {
  private record Change(Db db, byte[] key, byte @Nullable [] value) {}

  private final WriteView target;
  private final List<Change> changes = new ArrayList<>();

  RecordingWriteView(WriteView target) {
    this.target = target;
  }

  /** Adds what this view changed to {@code batch}, in the order it changed it. */
  void addTo(WriteSet.Builder batch) {
    for (Change change : changes) {
      byte[] value = change.value();
      if (value == null) {
        batch.delete(change.db(), change.key());
      } else {
        batch.put(change.db(), change.key(), value);
      }
    }
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
    changes.add(new Change(db, key, value));
  }

  @Override
  public boolean delete(Db db, byte[] key) {
    boolean existed = target.delete(db, key);
    if (existed) {
      changes.add(new Change(db, key, null));
    }
    return existed;
  }
}

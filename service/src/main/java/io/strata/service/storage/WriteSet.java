package io.strata.service.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What one writer batch changed, as data: for each database, every key the batch left with a new
 * value and every key it deleted, in key order, each key once. This is the batch's net effect, not
 * its history: a key put by one request and deleted by the next appears once, as a delete. It is
 * what the writer replicates, what a replica applies ({@link WriteSetApplier}) and what in-memory
 * state is projected from ({@link Projection}); nothing about the requests that produced it (their
 * closures, conditions, random choices or clock reads) is needed to apply it again, so applying it
 * is deterministic and replicas stay identical.
 *
 * <p>{@code timestampMillis} is the proposer's clock when the batch was evaluated: the one notion
 * of "when" that every replica shares for it (point-in-time recovery orders by it).
 *
 * <p>Immutable; the byte arrays it holds are never changed after {@link Builder#build}.
 */
public final class WriteSet {
  /** One key's change: its new value, or null when the key was deleted. */
  public record Mutation(byte[] key, byte @Nullable [] value) {
    public boolean isDelete() {
      return value == null;
    }

    boolean sameAs(Mutation other) {
      return Arrays.equals(key, other.key) && Arrays.equals(value, other.value);
    }
  }

  private static final WriteSet EMPTY = new WriteSet(0, new EnumMap<>(Db.class));

  private final long timestampMillis;
  private final Map<Db, List<Mutation>> byDatabase;

  private WriteSet(long timestampMillis, Map<Db, List<Mutation>> byDatabase) {
    this.timestampMillis = timestampMillis;
    this.byDatabase = byDatabase;
  }

  public static WriteSet empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  public long timestampMillis() {
    return timestampMillis;
  }

  public boolean isEmpty() {
    return byDatabase.isEmpty();
  }

  /** The databases this write set changes, in code order. */
  public List<Db> databases() {
    return List.copyOf(byDatabase.keySet());
  }

  /** The changes to {@code db}, in key order (LMDB's unsigned byte order). */
  public List<Mutation> mutations(Db db) {
    return byDatabase.getOrDefault(db, List.of());
  }

  /** The changes to keys of {@code db} that start with {@code prefix}, in key order. */
  public List<Mutation> mutationsUnder(Db db, byte[] prefix) {
    List<Mutation> all = mutations(db);
    int from = firstAtOrAfter(all, prefix);
    int to = from;
    while (to < all.size() && CatalogKeys.startsWith(all.get(to).key(), prefix)) {
      to++;
    }
    return all.subList(from, to);
  }

  /** How many keys it changes, over all databases. */
  public int size() {
    int size = 0;
    for (List<Mutation> mutations : byDatabase.values()) {
      size += mutations.size();
    }
    return size;
  }

  private static int firstAtOrAfter(List<Mutation> sorted, byte[] key) {
    int low = 0;
    int high = sorted.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (Arrays.compareUnsigned(sorted.get(middle).key(), key) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof WriteSet that)
        || timestampMillis != that.timestampMillis
        || !byDatabase.keySet().equals(that.byDatabase.keySet())) {
      return false;
    }
    for (Map.Entry<Db, List<Mutation>> entry : byDatabase.entrySet()) {
      List<Mutation> mine = entry.getValue();
      List<Mutation> theirs = that.byDatabase.get(entry.getKey());
      if (mine.size() != theirs.size()) {
        return false;
      }
      for (int i = 0; i < mine.size(); i++) {
        if (!mine.get(i).sameAs(theirs.get(i))) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int hash = Long.hashCode(timestampMillis);
    for (Map.Entry<Db, List<Mutation>> entry : byDatabase.entrySet()) {
      for (Mutation mutation : entry.getValue()) {
        hash = 31 * hash + Arrays.hashCode(mutation.key());
      }
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("WriteSet@").append(timestampMillis).append('{');
    byDatabase.forEach(
        (db, mutations) -> text.append(db).append('=').append(mutations.size()).append(' '));
    return text.append('}').toString();
  }

  /**
   * Collects changes as they are made, keeping the last change of each key. The writer adds a
   * request's changes to the batch's builder only when the request's nested transaction commits, so
   * a rolled-back request leaves no trace.
   */
  public static final class Builder {
    /** Per entry: key and value bytes plus the codec's fixed framing of a mutation. */
    private static final int MUTATION_OVERHEAD_BYTES = 9;

    private static final byte[] DELETED = new byte[0];

    private final Map<Db, TreeMap<byte[], byte[]>> byDatabase = new EnumMap<>(Db.class);
    private long encodedBytes = WriteSetCodec.FIXED_BYTES;

    private Builder() {}

    public Builder put(Db db, byte[] key, byte[] value) {
      return record(db, key, value);
    }

    public Builder delete(Db db, byte[] key) {
      return record(db, key, DELETED);
    }

    /** About how many bytes the encoded write set will take (exact but for section headers). */
    public long encodedBytes() {
      return encodedBytes;
    }

    public boolean isEmpty() {
      return byDatabase.isEmpty();
    }

    public WriteSet build(long timestampMillis) {
      Map<Db, List<Mutation>> built = new EnumMap<>(Db.class);
      byDatabase.forEach(
          (db, changes) -> {
            List<Mutation> mutations = new ArrayList<>(changes.size());
            changes.forEach(
                (key, value) -> mutations.add(new Mutation(key, value == DELETED ? null : value)));
            built.put(db, Collections.unmodifiableList(mutations));
          });
      return new WriteSet(timestampMillis, built);
    }

    private Builder record(Db db, byte[] key, byte[] value) {
      byte[] previous =
          byDatabase
              .computeIfAbsent(db, any -> new TreeMap<>(Arrays::compareUnsigned))
              .put(key, value);
      encodedBytes += value.length;
      if (previous == null) {
        encodedBytes += MUTATION_OVERHEAD_BYTES + key.length;
      } else {
        encodedBytes -= previous.length;
      }
      return this;
    }
  }
}

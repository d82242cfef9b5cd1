package io.strata.service.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The item changes kept for point-in-time recovery: for every table that retains its changes, the
 * part of each committed write set that touches the table's items, with the write set's log index
 * and its proposer's timestamp, in the {@link Db#RECOVERY} database.
 *
 * <p><b>Derived, not replicated.</b> A write set already says everything a retained change holds:
 * which item keys it put or deleted, their sealed values, its position and its timestamp. So the
 * changes are not written by requests into the write set (which would double what is replicated and
 * logged for every PITR table) but derived from it, in the transaction that applies it, by the
 * writer ({@link BatchTransaction#commit}) and by {@link WriteSetApplier} alike: every replica
 * derives the same records from the same log, as it writes the same {@link AppliedPosition}. What
 * decides whether a table retains is a catalog record, {@code retain/<table id>}, written by the
 * write set that turns recovery on (and read in the applying transaction, so a write set that turns
 * it on is itself retained); removing the record stops retention. Removing retained changes
 * (retention trims, purges) is ordinary writes, which replicate as usual.
 *
 * <p><b>Definitions too.</b> A restore recreates the table as it was defined at the instant (a
 * global index added later is not there), so the retain record also holds the table's current
 * definition, rewritten by every write set that changes it; deriving a write set that rewrites it
 * keeps the new definition as a version of its own, at the write set's log index and timestamp.
 * Definition versions are few (one per UpdateTable or UpdateTimeToLive); a trim keeps them all, the
 * purge of the recovery id frees them.
 *
 * <p><b>Values stay sealed.</b> A retained value is the item's sealed bytes exactly as committed,
 * bound by their associated data to the item's original key (which the record keeps), so recovery
 * data is encrypted at rest like the table and costs no cryptography to retain. A restore opens
 * each value under its original key and seals it again, with the tenant's current data key, under
 * the restored table's key.
 *
 * <pre>
 *   retain record    = catalog "retain/&lt;table id&gt;" -> recovery id (8, big-endian) | definition
 *
 *   change key       = recovery id (8) | log index (8, at least 1) | ordinal in the write set (4)
 *   change value     = version 0x01 | timestamp millis (8) | item key length (2) | item key
 *                      | sealed item (absent: the item was deleted)
 *
 *   definition key   = recovery id (8) | 0 (8) | log index (8)
 *   definition value = version 0x01 | timestamp millis (8) | definition (the table's record)
 *
 *   totals key       = recovery id (8)
 *   totals value     = retained changes (8) | their key and value bytes (8)
 * </pre>
 *
 * All integers are big-endian. Definition keys sort before every change of their recovery id (log
 * indexes start at 1), so a replay that starts after a log index never meets one; the totals key,
 * the recovery id alone, sorts before everything else of its recovery id, and is kept in step by
 * {@link #derive} and {@link #trimThrough} in their own transactions, so metering reads a
 * recovery's size without walking it ({@link #totals}). Like the changes it is freed by the purge
 * of the recovery id.
 *
 * <p>The recovery id is a storage id of its own (not the table's), so a table's retained changes
 * outlive the table when it is deleted, and are freed by the ordinary purge of that id. Keys of one
 * recovery id sort by log index, which is commit order.
 */
public final class RetainedChanges {
  private static final byte VERSION = 1;
  private static final String RECORD = "retain";
  private static final int HEADER_BYTES = 1 + Long.BYTES + Short.BYTES;
  private static final int KEY_BYTES = 2 * Long.BYTES + Integer.BYTES;
  private static final long NOT_RETAINED = 0;
  private static final byte[] RECORD_PREFIX = CatalogKeys.prefix(RECORD);

  private RetainedChanges() {}

  /** How many changes a recovery id retains, and their key and value bytes. */
  public record Totals(long changes, long bytes) {
    static final Totals NONE = new Totals(0, 0);
  }

  /** One retained change of one item. */
  public record Change(
      long logIndex, long timestampMillis, byte[] itemKey, byte @Nullable [] sealedItem) {
    public boolean isDelete() {
      return sealedItem == null;
    }
  }

  /**
   * From the transaction that writes this on, changes to {@code tableId}'s items are retained under
   * {@code recoveryId}, and {@code definition} (the table's record) is its definition from this
   * write set on: called when recovery is turned on and whenever the definition changes.
   */
  public static void retain(WriteView view, long tableId, long recoveryId, byte[] definition) {
    view.put(
        Db.CATALOG,
        retainKey(tableId),
        ByteBuffer.allocate(Long.BYTES + definition.length)
            .putLong(recoveryId)
            .put(definition)
            .array());
  }

  /** The recovery id {@code tableId}'s changes are retained under; empty when they are not. */
  public static OptionalLong recoveryIdOf(ReadView view, long tableId) {
    long recoveryId = storedRecoveryId(view, tableId);
    return recoveryId == NOT_RETAINED ? OptionalLong.empty() : OptionalLong.of(recoveryId);
  }

  /** Stops retaining changes of {@code tableId}'s items (what was retained stays). */
  public static void stopRetaining(WriteView view, long tableId) {
    view.delete(Db.CATALOG, retainKey(tableId));
  }

  /**
   * Writes the retained changes of {@code writes}, applied at {@code position}, into {@code view}:
   * called in the transaction that applies the write set, after its mutations.
   */
  static void derive(WriteView view, LogPosition position, WriteSet writes) {
    for (WriteSet.Mutation record : writes.mutationsUnder(Db.CATALOG, RECORD_PREFIX)) {
      byte[] value = record.value();
      if (value != null) {
        long recoveryId = ByteBuffer.wrap(value).getLong();
        view.put(
            Db.RECOVERY,
            definitionKey(recoveryId, position.index()),
            ByteBuffer.allocate(1 + Long.BYTES + value.length - Long.BYTES)
                .put(VERSION)
                .putLong(writes.timestampMillis())
                .put(value, Long.BYTES, value.length - Long.BYTES)
                .array());
      }
    }
    List<WriteSet.Mutation> items = writes.mutations(Db.ITEMS);
    Map<Long, Long> recoveryIds = new HashMap<>();
    Map<Long, Totals> added = new HashMap<>();
    for (int ordinal = 0; ordinal < items.size(); ordinal++) {
      WriteSet.Mutation mutation = items.get(ordinal);
      if (mutation.key().length < Long.BYTES) {
        continue;
      }
      long recoveryId =
          recoveryIds.computeIfAbsent(
              KeyCodec.tableIdOf(mutation.key()), tableId -> storedRecoveryId(view, tableId));
      if (recoveryId != NOT_RETAINED) {
        byte[] key = changeKey(recoveryId, position.index(), ordinal);
        byte[] value = encode(writes.timestampMillis(), mutation);
        view.put(Db.RECOVERY, key, value);
        added.merge(recoveryId, new Totals(1, key.length + value.length), RetainedChanges::sum);
      }
    }
    added.forEach(
        (recoveryId, delta) -> adjustTotals(view, recoveryId, delta.changes(), delta.bytes()));
  }

  /** The changes {@code recoveryId} retains, as the caller's transaction sees them. */
  public static Totals totals(ReadView view, long recoveryId) {
    byte[] stored = view.get(Db.RECOVERY, totalsKey(recoveryId));
    if (stored == null) {
      return Totals.NONE;
    }
    ByteBuffer buffer = ByteBuffer.wrap(stored);
    return new Totals(buffer.getLong(), buffer.getLong());
  }

  private static void adjustTotals(WriteView view, long recoveryId, long changes, long bytes) {
    Totals current = totals(view, recoveryId);
    view.put(
        Db.RECOVERY,
        totalsKey(recoveryId),
        ByteBuffer.allocate(2 * Long.BYTES)
            .putLong(current.changes() + changes)
            .putLong(current.bytes() + bytes)
            .array());
  }

  private static Totals sum(Totals a, Totals b) {
    return new Totals(a.changes() + b.changes(), a.bytes() + b.bytes());
  }

  /** The key range of one recovery id's retained changes. */
  public static byte[] prefix(long recoveryId) {
    return KeyCodec.tablePrefix(recoveryId);
  }

  /** The first key of {@code recoveryId}'s changes after the write set at {@code logIndex}. */
  public static byte[] firstKeyAfter(long recoveryId, long logIndex) {
    return ByteBuffer.allocate(2 * Long.BYTES).putLong(recoveryId).putLong(logIndex + 1).array();
  }

  /** The log index a change key belongs to. */
  public static long logIndexOf(byte[] changeKey) {
    return ByteBuffer.wrap(changeKey, Long.BYTES, Long.BYTES).getLong();
  }

  public static Change decode(byte[] key, byte[] value) {
    ByteBuffer buffer = ByteBuffer.wrap(value);
    byte version = buffer.get();
    if (version != VERSION) {
      throw new StorageException("unknown retained change version " + version);
    }
    long timestampMillis = buffer.getLong();
    int keyLength = Short.toUnsignedInt(buffer.getShort());
    byte[] itemKey = Arrays.copyOfRange(value, HEADER_BYTES, HEADER_BYTES + keyLength);
    int sealedFrom = HEADER_BYTES + keyLength;
    byte[] sealed =
        sealedFrom == value.length ? null : Arrays.copyOfRange(value, sealedFrom, value.length);
    return new Change(logIndexOf(key), timestampMillis, itemKey, sealed);
  }

  /**
   * The definition (the table's record) in force at {@code untilMillis}: the last version kept at
   * or before it; null when there is none that early.
   */
  public static byte @Nullable [] definitionAt(ReadView view, long recoveryId, long untilMillis) {
    byte[] prefix = definitionKey(recoveryId, 0);
    byte[] versionsPrefix = Arrays.copyOf(prefix, 2 * Long.BYTES);
    byte[][] found = {null};
    view.scan(
        Db.RECOVERY,
        versionsPrefix,
        true,
        (key, value) -> {
          if (!CatalogKeys.startsWith(key, versionsPrefix)
              || ByteBuffer.wrap(value, 1, Long.BYTES).getLong() > untilMillis) {
            return false;
          }
          found[0] = Arrays.copyOfRange(value, 1 + Long.BYTES, value.length);
          return true;
        });
    return found[0];
  }

  /**
   * Deletes up to {@code limit} of {@code recoveryId}'s changes at or before {@code logIndex} (a
   * retention trim: a base snapshot taken there holds their effect), oldest first.
   *
   * @return how many were deleted; fewer than {@code limit} when none is left
   */
  public static int trimThrough(WriteView view, long recoveryId, long logIndex, int limit) {
    byte[] prefix = prefix(recoveryId);
    List<byte[]> doomed = new ArrayList<>();
    long[] doomedBytes = {0};
    view.scan(
        Db.RECOVERY,
        firstKeyAfter(recoveryId, 0),
        true,
        (key, value) -> {
          if (!CatalogKeys.startsWith(key, prefix)
              || logIndexOf(key) > logIndex
              || doomed.size() == limit) {
            return false;
          }
          doomed.add(key);
          doomedBytes[0] += key.length + value.length;
          return true;
        });
    doomed.forEach(key -> view.delete(Db.RECOVERY, key));
    if (!doomed.isEmpty()) {
      adjustTotals(view, recoveryId, -doomed.size(), -doomedBytes[0]);
    }
    return doomed.size();
  }

  private static long storedRecoveryId(ReadView view, long tableId) {
    byte[] stored = view.get(Db.CATALOG, retainKey(tableId));
    return stored == null ? NOT_RETAINED : ByteBuffer.wrap(stored).getLong();
  }

  private static byte[] definitionKey(long recoveryId, long logIndex) {
    return ByteBuffer.allocate(3 * Long.BYTES)
        .putLong(recoveryId)
        .putLong(0)
        .putLong(logIndex)
        .array();
  }

  private static byte[] totalsKey(long recoveryId) {
    return prefix(recoveryId);
  }

  private static byte[] retainKey(long tableId) {
    return CatalogKeys.key(RECORD, Long.toString(tableId));
  }

  private static byte[] changeKey(long recoveryId, long logIndex, int ordinal) {
    return ByteBuffer.allocate(KEY_BYTES)
        .putLong(recoveryId)
        .putLong(logIndex)
        .putInt(ordinal)
        .array();
  }

  private static byte[] encode(long timestampMillis, WriteSet.Mutation mutation) {
    byte[] key = mutation.key();
    byte[] sealed = mutation.value();
    ByteBuffer buffer =
        ByteBuffer.allocate(HEADER_BYTES + key.length + (sealed == null ? 0 : sealed.length))
            .put(VERSION)
            .putLong(timestampMillis)
            .putShort((short) key.length)
            .put(key);
    if (sealed != null) {
      buffer.put(sealed);
    }
    return buffer.array();
  }
}

package io.strata.service.table;

import io.strata.service.storage.LmdbStore;
import io.strata.service.storage.LogPosition;
import io.strata.service.storage.Projection;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteSet;
import io.strata.service.storage.WriteView;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * The restores in progress ({@code restore/<table id>} → {@link RestoreJob}), each written in the
 * transaction that creates its {@code CREATING} table and rewritten by every batch of the restore,
 * so whichever node runs the restores (and whenever it starts) finds each where its last batch left
 * it. The set in memory is projected from the records; the batches read the record itself, in their
 * own transaction.
 *
 * <p>While a restore reads a stored copy or a table's retained changes, those must stay: {@link
 * #sourcesInUse} tells the purge and the retention trim which storage ids to leave alone.
 */
public final class RestoreJobs implements Projection {
  private static final PerTableRecords<RestoreJob> RECORDS =
      new PerTableRecords<>("restore", RestoreJob.class);

  private final Map<Long, RestoreJob> pending = new ConcurrentSkipListMap<>();

  /** Reads the restores left by earlier runs. Blocking: call at startup. */
  public void load(LmdbStore store) {
    RECORDS.loadInto(store, pending);
  }

  @Override
  public void apply(LogPosition position, WriteSet writes) {
    RECORDS.project(writes, pending);
  }

  /** The table ids of the restores in progress, oldest table first. */
  public List<Long> pending() {
    return List.copyOf(pending.keySet());
  }

  /** Storage ids (copies, recovery ids) that restores in progress still read. */
  public Set<Long> sourcesInUse() {
    Set<Long> inUse = new HashSet<>();
    for (RestoreJob job : pending.values()) {
      inUse.add(job.copyFrom().tableId());
      RestoreJob.Replay replay = job.replay();
      if (replay != null) {
        inUse.add(replay.recoveryId());
      }
    }
    return inUse;
  }

  /** The restores in progress, for the retention trim. */
  public List<RestoreJob> all() {
    return List.copyOf(pending.values());
  }

  /** Saves a restore's progress (or its start) inside the caller's transaction. */
  public static void save(WriteView view, RestoreJob job) {
    RECORDS.save(view, job.tableId(), job);
  }

  /** The restore of {@code tableId} as the caller's transaction sees it; null when none. */
  public static @Nullable RestoreJob read(ReadView view, long tableId) {
    return RECORDS.read(view, tableId);
  }

  /** Forgets a restore (done, or its table deleted) inside the caller's transaction. */
  public static void drop(WriteView view, long tableId) {
    RECORDS.delete(view, tableId);
  }
}

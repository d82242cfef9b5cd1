package io.strata.service.maintenance;

import io.strata.crypto.KeyRing;
import io.strata.service.table.StorageReservations;
import io.strata.service.tenant.Credentials;
import io.strata.service.tenant.TenantChanges;
import io.strata.service.tenant.TenantDirectory;
import io.strata.service.tenant.TenantQuotas;
import io.strata.service.writer.ReadBarrier;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes a node makes once when it becomes the one that evaluates writes (a single node at
 * start, a cluster's leader when elected): re-wrapping data keys still sealed with a retired master
 * key, freeing the storage of copies the previous evaluator did not finish, and creating the first
 * tenant if there is none. Both are decided on committed state, so a leader first waits until it
 * has applied everything the group committed. Blocking: called on the starting thread or on {@code
 * raft-leadership}, never on an event loop or the writer.
 */
public final class LeaderDuties {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderDuties.class);
  private static final long WAIT_SECONDS = 30;

  private final Writer writer;
  private final TenantDirectory tenants;
  private final TenantChanges tenantChanges;
  private final KeyRing keyRing;

  public LeaderDuties(
      Writer writer, TenantDirectory tenants, TenantChanges tenantChanges, KeyRing keyRing) {
    this.writer = writer;
    this.tenants = tenants;
    this.tenantChanges = tenantChanges;
    this.keyRing = keyRing;
  }

  /**
   * A new leader's duties. A failure (leadership lost again, the group out of reach) is logged: the
   * next leader does them.
   */
  public void takeOver(ReadBarrier caughtUp) {
    try {
      caughtUp.awaitLinearizable().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
      rewrapDataKeys();
      freeAbandonedCopies();
      createFirstTenant();
    } catch (Exception e) {
      LOG.warn("the new leader's duties did not complete: {}", e.toString());
    }
  }

  public void rewrapDataKeys() throws Exception {
    int rewrapped = await(writer.submit(tenantChanges.rewrapDataKeys()));
    if (rewrapped > 0) {
      LOG.info(
          "re-wrapped {} data keys with master key {}; retired master keys are no longer needed",
          rewrapped,
          keyRing.currentMasterKeyId());
    }
  }

  /**
   * Frees the ids reserved by copies (backups, restores) that were not owned by a record when the
   * node evaluating them stopped: nobody resumes them, and their rows would leak.
   */
  public void freeAbandonedCopies() throws Exception {
    int abandoned = await(writer.submit(StorageReservations.abandonAll()));
    if (abandoned > 0) {
      LOG.info("freeing {} copies an earlier run did not finish", abandoned);
    }
  }

  /** Creates the first tenant if there is none yet; its credentials, or null. */
  public @Nullable Credentials createFirstTenant() throws Exception {
    if (!tenants.isEmpty()) {
      return null;
    }
    return await(
        writer.submit(tenantChanges.createTenant("default", TenantQuotas.SERVER_DEFAULTS)));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }
}

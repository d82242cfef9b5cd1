package io.strata.service.maintenance;

import io.strata.billing.UsageLedger;
import io.strata.billing.UsageMetrics;
import io.strata.billing.UsageRecorder;
import io.strata.billing.UsageRow;
import io.strata.service.metering.LedgerStore;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.RetainedChanges;
import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.RecoveryRecord;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableRef;
import io.strata.service.table.TableStats;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves usage that is not written with a data change into the ledger, through the writer: read
 * consumption gathered in memory by the {@link UsageRecorder} (a crash loses at most one flush
 * interval of reads, never counts one twice), and storage, sampled as byte-seconds per table
 * between consecutive flushes: the table's items, and the point-in-time recovery data of a table
 * that has it (its retained changes and base snapshots, read in the flush's transaction, which also
 * sets the recovery gauges once it commits). A deleted table's recovery data, its system backup, is
 * free, as in DynamoDB ("retained for 35 days at no additional cost", API reference,
 * BackupDetails), so it is not sampled. Runs on its own timer, one writer op per flush, and once
 * more at shutdown.
 */
public final class UsageFlusher implements MaintenanceJob {
  private static final Logger LOG = LoggerFactory.getLogger(UsageFlusher.class);

  private final UsageRecorder reads;
  private final TableCatalog catalog;
  private final TableStats stats;
  private final ContinuousBackups recoveries;
  private final UsageMetrics metrics;
  private final Writer writer;
  private final Clock clock;
  private Instant lastStorageSample;

  /** The tables whose recovery gauges the last flush set, to drop those that lost recovery. */
  private Set<TableRef> withRecoveryGauges = Set.of();

  /** One live table's recovery data as a flush measured it. */
  private record RecoverySample(TableRef table, long retainedChanges, long storageBytes) {}

  public UsageFlusher(
      UsageRecorder reads,
      TableCatalog catalog,
      TableStats stats,
      ContinuousBackups recoveries,
      UsageMetrics metrics,
      Writer writer,
      Clock clock) {
    this.reads = reads;
    this.catalog = catalog;
    this.stats = stats;
    this.recoveries = recoveries;
    this.metrics = metrics;
    this.writer = writer;
    this.clock = clock;
    this.lastStorageSample = clock.instant();
  }

  @Override
  public Future<Boolean> runRound() {
    return flush().map(flushed -> false);
  }

  /** Flushes pending reads and a storage sample; the future completes once they are durable. */
  public synchronized Future<Integer> flush() {
    Instant now = clock.instant();
    List<UsageRow> pending = reads.drain(now);
    Instant from = lastStorageSample;
    lastStorageSample = now;
    List<TableMetadata> tables = catalog.all();
    List<RecoveryRecord> live =
        recoveries.all().stream().filter(record -> !record.isDeleted()).toList();
    List<RecoverySample> samples = new ArrayList<>();
    return writer
        .submit(
            view -> {
              UsageLedger ledger = new UsageLedger(LedgerStore.writing(view));
              pending.forEach(ledger::add);
              for (TableMetadata table : tables) {
                ledger.recordStorage(
                    table.tenantId(),
                    table.name(),
                    from,
                    now,
                    stats.of(table.tableId()).sizeBytes());
              }
              samples.clear();
              for (RecoveryRecord recovery : live) {
                RecoverySample sample = measure(view, recovery);
                ledger.recordPitrStorage(
                    recovery.tenantId(), recovery.tableName(), from, now, sample.storageBytes());
                samples.add(sample);
              }
              return pending.size();
            })
        .onSuccess(flushed -> publishRecoveryGauges(samples))
        .onFailure(cause -> LOG.warn("usage flush failed: {}", cause.toString()));
  }

  private static RecoverySample measure(ReadView view, RecoveryRecord recovery) {
    RetainedChanges.Totals retained = RetainedChanges.totals(view, recovery.recoveryId());
    long bytes = retained.bytes();
    for (RecoveryRecord.Base base : recovery.bases()) {
      bytes += TableStats.read(view, base.storageId()).sizeBytes();
    }
    return new RecoverySample(recovery.ref(), retained.changes(), bytes);
  }

  private synchronized void publishRecoveryGauges(List<RecoverySample> samples) {
    Set<TableRef> published = new HashSet<>();
    for (RecoverySample sample : samples) {
      TableRef table = sample.table();
      metrics.setRecoveryGauges(
          table.tenantId(), table.name(), sample.retainedChanges(), sample.storageBytes());
      published.add(table);
    }
    for (TableRef gone : withRecoveryGauges) {
      if (!published.contains(gone)) {
        metrics.removeRecoveryGauges(gone.tenantId(), gone.name());
      }
    }
    withRecoveryGauges = published;
  }
}

package io.strata.service.maintenance;

import io.strata.billing.UsageLedger;
import io.strata.billing.UsageRecorder;
import io.strata.billing.UsageRow;
import io.strata.service.metering.LedgerStore;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves usage that is not written with a data change into the ledger, through the writer: read
 * consumption gathered in memory by the {@link UsageRecorder} (a crash loses at most one flush
 * interval of reads, never counts one twice), and storage, sampled as byte-seconds per table
 * between consecutive flushes. Runs on its own timer, one writer op per flush, and once more at
 * shutdown.
 */
public final class UsageFlusher implements MaintenanceJob {
  private static final Logger LOG = LoggerFactory.getLogger(UsageFlusher.class);

  private final UsageRecorder reads;
  private final TableCatalog catalog;
  private final TableStats stats;
  private final Writer writer;
  private final Clock clock;
  private Instant lastStorageSample;

  public UsageFlusher(
      UsageRecorder reads, TableCatalog catalog, TableStats stats, Writer writer, Clock clock) {
    this.reads = reads;
    this.catalog = catalog;
    this.stats = stats;
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
              return pending.size();
            })
        .onFailure(cause -> LOG.warn("usage flush failed: {}", cause.toString()));
  }
}

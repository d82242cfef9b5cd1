package io.strata.service.maintenance;

import io.strata.service.stream.StreamLog;
import io.strata.service.table.TableCatalog;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;

/** Removes stream records past the 24-hour retention, a bounded batch per writer op. */
final class StreamTrimmer implements MaintenanceJob {
  private final StreamLog streams;
  private final TableCatalog catalog;
  private final Writer writer;
  private final Clock clock;
  private final int batch;

  StreamTrimmer(StreamLog streams, TableCatalog catalog, Writer writer, Clock clock, int batch) {
    this.streams = streams;
    this.catalog = catalog;
    this.writer = writer;
    this.clock = clock;
    this.batch = batch;
  }

  @Override
  public Future<Boolean> runRound() {
    return writer
        .submit(
            view ->
                streams.trim(
                    view, catalog.all(), clock.instant().minus(StreamLog.RETENTION), batch))
        .map(trimmed -> trimmed == batch);
  }
}

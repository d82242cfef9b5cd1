package io.strata.service.api;

import io.strata.service.table.ContinuousBackups;
import io.strata.service.table.RecoveryRecord;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ContinuousBackupsDescription} that DescribeContinuousBackups and
 * UpdateContinuousBackups answer with. Continuous backups are always {@code ENABLED} (the API
 * reference: "Continuous backups are ENABLED on all tables at table creation"); point-in-time
 * recovery is {@code ENABLED} with its window, or {@code DISABLED} with nothing else.
 *
 * <p>{@code LatestRestorableDateTime} is now: every write set committed so far is retained, so
 * unlike DynamoDB (whose latest is "typically 5 minutes before the current time") there is no lag.
 * {@code EarliestRestorableDateTime} is absent until the first base snapshot of the table exists
 * (moments after recovery is turned on), as no instant is restorable before it.
 */
final class ContinuousBackupsDescriptions {
  private ContinuousBackupsDescriptions() {}

  /**
   * The time a window is computed at: the clock to the millisecond, the precision of DynamoDB's
   * timestamps, so an instant read from a description is inside the window it describes.
   */
  static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  static ResponseBody response(@Nullable RecoveryRecord recovery, Instant now) {
    return json -> {
      json.writeStartObject();
      json.writeObjectFieldStart("ContinuousBackupsDescription");
      json.writeStringField("ContinuousBackupsStatus", "ENABLED");
      json.writeObjectFieldStart("PointInTimeRecoveryDescription");
      json.writeStringField("PointInTimeRecoveryStatus", recovery == null ? "DISABLED" : "ENABLED");
      if (recovery != null) {
        json.writeNumberField("RecoveryPeriodInDays", recovery.recoveryPeriodDays());
        Optional<Instant> earliest = recovery.earliestRestorable(now);
        if (earliest.isPresent()) {
          json.writeFieldName("EarliestRestorableDateTime");
          TableDescriptions.writeEpochSeconds(json, earliest.get());
          json.writeFieldName("LatestRestorableDateTime");
          TableDescriptions.writeEpochSeconds(json, recovery.latestRestorable(now));
        }
      }
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    };
  }

  /**
   * The caller's table named by {@code nameOrArn}, refused as DynamoDB refuses a continuous-backups
   * request for a table that does not exist: {@code TableNotFoundException}.
   */
  static TableMetadata table(
      TableCatalog catalog, RequestContext context, String nameOrArn, String operation) {
    String name = Tables.ownTableName(context, nameOrArn, operation);
    return catalog.find(context.table(name)).orElseThrow(() -> Tables.tableNotFound(name));
  }

  static @Nullable RecoveryRecord recoveryOf(ContinuousBackups recoveries, TableMetadata table) {
    return recoveries.of(table).orElse(null);
  }
}

package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.stream.StreamLog;
import io.strata.service.table.BillingMode;
import io.strata.service.table.ProvisionedThroughput;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableChanges;
import io.strata.service.table.TableMetadata;
import io.strata.service.table.TableStats;
import io.strata.service.tenant.TableDataKeys;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * UpdateTable: billing mode, provisioned throughput, deletion protection, streams, global indexes
 * and the {@link TableSettingsRequest table settings}, with DynamoDB's rules on what may change and
 * how often (four throughput decreases per UTC day, then one an hour; one switch to on-demand a
 * day; two table class changes per 30 days). Capacity limits change live: enforcement reads the
 * catalog.
 */
public final class UpdateTable implements Operation<UpdateTable.Request> {
  private static final int FREE_DECREASES_PER_DAY = 4;
  private static final Duration DECREASE_INTERVAL = Duration.ofHours(1);
  private static final Duration BILLING_MODE_SWITCH_INTERVAL = Duration.ofDays(1);

  record Request(
      String tableName,
      @Nullable BillingMode billingMode,
      Throughputs.@Nullable Requested throughput,
      @Nullable Boolean deletionProtection,
      StreamSpecifications.@Nullable Requested stream,
      GlobalIndexUpdates.@Nullable Change indexChange,
      TableSettingsRequest settings) {}

  private final TableCatalog catalog;
  private final Writer writer;
  private final TableStats stats;
  private final Clock clock;
  private final TableDataKeys keys;

  public UpdateTable(
      TableCatalog catalog, Writer writer, TableStats stats, Clock clock, TableDataKeys keys) {
    this.keys = keys;
    this.catalog = catalog;
    this.writer = writer;
    this.stats = stats;
    this.clock = clock;
  }

  @Override
  public Request parse(JsonRequest body, RequestContext context) {
    String tableName = body.string("TableName");
    String billingMode = body.string("BillingMode");
    Throughputs.Requested throughput = Throughputs.read(body.structure("ProvisionedThroughput"));
    Boolean deletionProtection = body.bool("DeletionProtectionEnabled");
    Constraints constraints = new Constraints();
    constraints.tableNameOrArn("tableName", tableName);
    constraints.oneOf("billingMode", billingMode, Throughputs.BILLING_MODES);
    Throughputs.check(constraints, "provisionedThroughput", throughput);
    StreamSpecifications.Requested stream = StreamSpecifications.read(body, constraints);
    TableSettingsRequest settings = TableSettingsRequest.read(body, constraints);
    constraints.check();
    StreamSpecifications.validate(stream);
    GlobalIndexUpdates.Change indexChange = GlobalIndexUpdates.read(body);
    if (billingMode == null
        && throughput == null
        && deletionProtection == null
        && stream == null
        && indexChange == null
        && settings.isEmpty()) {
      throw DynamoException.validation(
          "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled,"
              + " GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
    }
    if (throughput != null) {
      Throughputs.checkBounds(throughput);
    }
    return new Request(
        tableName,
        billingMode == null ? null : BillingMode.valueOf(billingMode),
        throughput,
        deletionProtection,
        stream,
        indexChange,
        settings);
  }

  @Override
  public Future<ResponseBody> execute(Request request, RequestContext context) {
    TableMetadata existing = Tables.describe(catalog, context, request.tableName(), "UpdateTable");
    Instant now = clock.instant();
    TableSettingsRequest.Sse sse = request.settings().sse();
    Future<?> keyAhead =
        sse != null
                && Boolean.TRUE.equals(sse.enabled())
                && sse.kmsMasterKeyId() != null
                && existing.settings().ownKey() == null
            ? writer.submit(keys.createKeyAhead(existing))
            : Future.succeededFuture();
    return keyAhead
        .compose(
            created ->
                writer.submit(
                    TableChanges.update(
                        existing.ref(),
                        (view, table) -> {
                          TableMetadata updated =
                              request.indexChange() == null
                                  ? table
                                  : GlobalIndexUpdates.apply(view, table, request.indexChange());
                          return keys.provision(
                              view,
                              apply(
                                  updated,
                                  request,
                                  now,
                                  StreamLog.nextSequenceNumber(view, table.tableId())));
                        })))
        .map(
            table ->
                TableDescriptions.response(
                    "TableDescription", table, "UPDATING", stats::of, context));
  }

  /** The new metadata, computed inside the writer's transaction against the current state. */
  private static TableMetadata apply(
      TableMetadata table, Request request, Instant now, long nextStreamSequence) {
    BillingMode mode = request.billingMode() == null ? table.billingMode() : request.billingMode();
    Throughputs.Requested requested = request.throughput();
    if (mode == BillingMode.PAY_PER_REQUEST && requested != null) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Neither ReadCapacityUnits nor"
              + " WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    Instant modeChangedAt = table.billingModeChangedAt();
    ProvisionedThroughput throughput = table.throughput();
    if (mode != table.billingMode()) {
      if (mode == BillingMode.PAY_PER_REQUEST
          && now.isBefore(modeChangedAt.plus(BILLING_MODE_SWITCH_INTERVAL))) {
        throw DynamoException.limitExceeded(
            "Subscriber limit exceeded: Update to PayPerRequest mode are limited to once in 1"
                + " day(s). Last update at "
                + modeChangedAt);
      }
      if (mode == BillingMode.PROVISIONED && requested == null) {
        throw DynamoException.validation(
            "One or more parameter values were invalid: ProvisionedThroughput must be specified"
                + " when BillingMode is PROVISIONED");
      }
      modeChangedAt = now;
      throughput =
          mode == BillingMode.PAY_PER_REQUEST
              ? ProvisionedThroughput.NONE
              : ProvisionedThroughput.of(
                  requested.readCapacityUnits(), requested.writeCapacityUnits());
    } else if (requested != null) {
      throughput = changedThroughput(table.throughput(), requested, now);
    }
    boolean deletionProtection =
        request.deletionProtection() == null
            ? table.deletionProtection()
            : request.deletionProtection();
    TableMetadata.Builder updated =
        table.toBuilder()
            .capacity(mode, throughput, modeChangedAt)
            .deletionProtection(deletionProtection)
            .settings(request.settings().forUpdate(table.name(), table.settings(), mode, now));
    if (request.stream() != null) {
      StreamSpecifications.update(updated, table, request.stream(), now, nextStreamSequence);
    }
    return updated.build();
  }

  private static ProvisionedThroughput changedThroughput(
      ProvisionedThroughput current, Throughputs.Requested requested, Instant now) {
    long reads = requested.readCapacityUnits();
    long writes = requested.writeCapacityUnits();
    if (reads == current.readCapacityUnits() && writes == current.writeCapacityUnits()) {
      throw DynamoException.validation(
          "The provisioned throughput for the table will not change. The requested value equals"
              + " the current value. Current ReadCapacityUnits provisioned for the table: "
              + current.readCapacityUnits()
              + ". Requested ReadCapacityUnits: "
              + reads
              + ". Current WriteCapacityUnits provisioned for the table: "
              + current.writeCapacityUnits()
              + ". Requested WriteCapacityUnits: "
              + writes
              + ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to"
              + " request higher limits.");
    }
    boolean decrease = reads < current.readCapacityUnits() || writes < current.writeCapacityUnits();
    boolean increase = reads > current.readCapacityUnits() || writes > current.writeCapacityUnits();
    int decreasesToday = decreasesToday(current, now);
    if (decrease
        && decreasesToday >= FREE_DECREASES_PER_DAY
        && current.lastDecrease() != null
        && now.isBefore(current.lastDecrease().plus(DECREASE_INTERVAL))) {
      throw DynamoException.limitExceeded(
          "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given"
              + " UTC day. After the first 4 decreases, each subsequent decrease in the same UTC"
              + " day can be performed at most once every 3600 seconds. Number of decreases"
              + " today: "
              + decreasesToday
              + ". Last decrease at "
              + current.lastDecrease()
              + ". Next decrease can be made at "
              + current.lastDecrease().plus(DECREASE_INTERVAL));
    }
    return new ProvisionedThroughput(
        reads,
        writes,
        increase ? now : current.lastIncrease(),
        decrease ? now : current.lastDecrease(),
        decrease ? decreasesToday + 1 : decreasesToday);
  }

  private static int decreasesToday(ProvisionedThroughput current, Instant now) {
    Instant last = current.lastDecrease();
    boolean sameUtcDay =
        last != null
            && last.atZone(ZoneOffset.UTC)
                .toLocalDate()
                .equals(now.atZone(ZoneOffset.UTC).toLocalDate());
    return sameUtcDay ? current.numberOfDecreasesToday() : 0;
  }
}

package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.table.BillingMode;
import io.strata.service.table.TableSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The members of CreateTable and UpdateTable that make up {@link TableSettings}: {@code
 * TableClass}, {@code SSESpecification}, {@code OnDemandThroughput} and {@code WarmThroughput}, as
 * sent (each null when absent), with DynamoDB's checks, and the settings they lead to.
 *
 * <p>Evidence: DynamoDB Local implements {@code OnDemandThroughput} (its bounds and messages are
 * pinned by {@code TablesIT}); the other three it accepts and drops, so for them the API reference
 * and developer guide are the reference (HowItWorks.TableClasses, EncryptionAtRest,
 * warm-throughput).
 */
record TableSettingsRequest(
    @Nullable String tableClass,
    @Nullable Sse sse,
    @Nullable Units onDemandThroughput,
    @Nullable Units warmThroughput) {

  static final List<String> TABLE_CLASSES = List.of("STANDARD", "STANDARD_INFREQUENT_ACCESS");

  private static final List<String> SSE_TYPES = List.of("AES256", "KMS");

  /** DynamoDB's default per-table throughput quota, which caps on-demand maximums. */
  private static final long MAX_TABLE_UNITS = 40_000;

  /** DynamoDB allows two table class changes per trailing 30 days (HowItWorks.TableClasses). */
  private static final int TABLE_CLASS_CHANGES = 2;

  private static final Duration TABLE_CLASS_WINDOW = Duration.ofDays(30);

  /** {@code SSESpecification} as sent. */
  record Sse(
      @Nullable Boolean enabled, @Nullable String sseType, @Nullable String kmsMasterKeyId) {}

  /** A pair of read and write figures as sent (request units or units per second). */
  record Units(@Nullable Long read, @Nullable Long write) {}

  static TableSettingsRequest read(JsonRequest body, Constraints constraints) {
    String tableClass = body.string("TableClass");
    constraints.oneOf("tableClass", tableClass, TABLE_CLASSES);
    Sse sse = readSse(body, "SSESpecification", constraints);
    JsonRequest onDemand = body.structure("OnDemandThroughput");
    JsonRequest warm = body.structure("WarmThroughput");
    Units warmThroughput =
        warm == null
            ? null
            : new Units(
                warm.longValue("ReadUnitsPerSecond"), warm.longValue("WriteUnitsPerSecond"));
    if (warmThroughput != null) {
      constraints
          .min("warmThroughput.readUnitsPerSecond", warmThroughput.read(), 1)
          .min("warmThroughput.writeUnitsPerSecond", warmThroughput.write(), 1);
    }
    return new TableSettingsRequest(
        tableClass,
        sse,
        onDemand == null
            ? null
            : new Units(
                onDemand.longValue("MaxReadRequestUnits"),
                onDemand.longValue("MaxWriteRequestUnits")),
        warmThroughput);
  }

  /**
   * An {@code SSESpecification} structure, CreateTable's and UpdateTable's or a restore's {@code
   * SSESpecificationOverride}; null when absent.
   */
  static @Nullable Sse readSse(JsonRequest body, String member, Constraints constraints) {
    JsonRequest sseMember = body.structure(member);
    if (sseMember == null) {
      return null;
    }
    Sse sse =
        new Sse(
            sseMember.bool("Enabled"),
            sseMember.string("SSEType"),
            sseMember.string("KMSMasterKeyId"));
    String path = Character.toLowerCase(member.charAt(0)) + member.substring(1);
    constraints.oneOf(path + ".sSEType", sse.sseType(), SSE_TYPES);
    return sse;
  }

  boolean isEmpty() {
    return tableClass == null
        && sse == null
        && onDemandThroughput == null
        && warmThroughput == null;
  }

  /** CreateTable's settings. */
  TableSettings forCreate(BillingMode billingMode) {
    TableSettings settings = TableSettings.DEFAULT;
    if (tableClass != null) {
      settings =
          settings.withTableClass(
              new TableSettings.TableClassSetting(
                  TableSettings.TableClass.valueOf(tableClass), List.of()));
    }
    return applyCommon(settings, billingMode, TableSettings.DEFAULT);
  }

  /** UpdateTable's settings, against the table's current ones. */
  TableSettings forUpdate(
      String tableName, TableSettings current, BillingMode billingMode, Instant now) {
    TableSettings settings = current;
    if (tableClass != null) {
      TableSettings.TableClass requested = TableSettings.TableClass.valueOf(tableClass);
      if (requested != current.effectiveTableClass()) {
        List<Instant> recent = new ArrayList<>();
        if (current.tableClass() != null) {
          for (Instant update : current.tableClass().updates()) {
            if (update.isAfter(now.minus(TABLE_CLASS_WINDOW))) {
              recent.add(update);
            }
          }
        }
        if (recent.size() >= TABLE_CLASS_CHANGES) {
          throw DynamoException.limitExceeded(
              ValidationMessages.TABLE_CLASS_CHANGES_EXCEEDED.formatted(tableName, recent.get(0)));
        }
        recent.add(now);
        settings = settings.withTableClass(new TableSettings.TableClassSetting(requested, recent));
      }
    }
    return applyCommon(settings, billingMode, current);
  }

  private TableSettings applyCommon(
      TableSettings settings, BillingMode billingMode, TableSettings current) {
    if (sse != null) {
      settings = settings.withSse(sse(sse));
    }
    if (onDemandThroughput != null) {
      TableSettings.@Nullable OnDemandThroughput maximums =
          onDemandThroughput(onDemandThroughput, current.onDemandThroughput());
      // As DynamoDB Local does, a provisioned table keeps no on-demand maximums.
      if (billingMode == BillingMode.PAY_PER_REQUEST) {
        settings = settings.withOnDemandThroughput(maximums);
      }
    }
    if (warmThroughput != null) {
      settings =
          settings.withWarmThroughput(warmThroughput(warmThroughput, current.warmThroughput()));
    }
    return settings;
  }

  /**
   * {@code Enabled=true} selects a KMS key (SSEType KMS, the only type the API reference lists as
   * supported); {@code Enabled=false} or absent is DynamoDB's default encryption with an AWS owned
   * key, which takes no key id.
   */
  static TableSettings.@Nullable Sse sse(Sse requested) {
    boolean enabled = Boolean.TRUE.equals(requested.enabled());
    if (!enabled) {
      if (requested.kmsMasterKeyId() != null || requested.sseType() != null) {
        throw DynamoException.validation(ValidationMessages.SSE_OPTIONS_WITHOUT_ENABLED);
      }
      return null;
    }
    if ("AES256".equals(requested.sseType())) {
      throw DynamoException.validation(ValidationMessages.SSE_TYPE_UNSUPPORTED.formatted("AES256"));
    }
    return new TableSettings.Sse(requested.kmsMasterKeyId());
  }

  /**
   * The maximums sent (each at least 1, or -1 for none) replace the current ones; one left out
   * keeps its current value. The API reference allows either or both ("you must specify
   * MaxReadRequestUnits, MaxWriteRequestUnits, or both"); DynamoDB Local insists on both, and its
   * messages are the ones used here.
   */
  private static TableSettings.@Nullable OnDemandThroughput onDemandThroughput(
      Units requested, TableSettings.@Nullable OnDemandThroughput current) {
    Long read = requested.read();
    Long write = requested.write();
    if (read == null && write == null) {
      throw DynamoException.validation(ValidationMessages.ON_DEMAND_THROUGHPUT_MISSING);
    }
    checkMaximum("MaxReadRequestUnits", read);
    checkMaximum("MaxWriteRequestUnits", write);
    long maxRead = read != null ? read : current == null ? -1 : current.maxReadRequestUnits();
    long maxWrite = write != null ? write : current == null ? -1 : current.maxWriteRequestUnits();
    return maxRead == -1 && maxWrite == -1
        ? null
        : new TableSettings.OnDemandThroughput(maxRead, maxWrite);
  }

  private static void checkMaximum(String member, @Nullable Long value) {
    if (value == null) {
      return;
    }
    if (value != -1 && value < 1) {
      throw DynamoException.validation(
          ValidationMessages.ON_DEMAND_THROUGHPUT_OUT_OF_RANGE.formatted(member));
    }
    if (value > MAX_TABLE_UNITS) {
      throw DynamoException.validation(ValidationMessages.ON_DEMAND_THROUGHPUT_ABOVE_QUOTA);
    }
  }

  /**
   * The figures sent replace the current ones, which they may not be below (developer guide,
   * warm-throughput: warm throughput can be increased, not decreased).
   */
  private static TableSettings.WarmThroughput warmThroughput(
      Units requested, TableSettings.@Nullable WarmThroughput current) {
    Long currentRead = current == null ? null : current.readUnitsPerSecond();
    Long currentWrite = current == null ? null : current.writeUnitsPerSecond();
    if (isBelow(requested.read(), currentRead) || isBelow(requested.write(), currentWrite)) {
      throw DynamoException.validation(
          ValidationMessages.WARM_THROUGHPUT_DECREASE.formatted(currentRead, currentWrite));
    }
    return new TableSettings.WarmThroughput(
        requested.read() != null ? requested.read() : currentRead,
        requested.write() != null ? requested.write() : currentWrite);
  }

  private static boolean isBelow(@Nullable Long requested, @Nullable Long current) {
    return requested != null && current != null && requested < current;
  }
}

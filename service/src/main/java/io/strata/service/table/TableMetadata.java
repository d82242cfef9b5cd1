package io.strata.service.table;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything the catalog knows about one table incarnation. Persisted as JSON in the catalog;
 * immutable; a change is a new value written through the catalog ({@link #toBuilder}).
 *
 * @param tableId the storage id, unique for the life of the node: a table that is deleted and
 *     created again gets a new id, so it can never see the old incarnation's items
 * @param tableUuid DescribeTable's {@code TableId}
 * @param attributeDefinitions name to scalar type, in request order
 * @param stream the table's stream, if one was ever enabled
 * @param earlierStreams streams a later enable replaced, oldest first, each disabled: DynamoDB
 *     keeps a disabled stream readable under its own ARN for 24 hours, whatever came after it;
 *     records written before they existed have none
 * @param timeToLive the table's TTL setting, if one was ever made
 * @param indexes the table's local and global secondary indexes, in request order (locals first)
 * @param settings table class, encryption, on-demand maximums, warm throughput; records written
 *     before they existed have none, which reads as {@link TableSettings#DEFAULT}
 * @param restore where a restored table came from; while its restore is in progress the table is
 *     {@code CREATING} and serves no items ({@link #isRestoring})
 */
public record TableMetadata(
    String tenantId,
    String name,
    long tableId,
    String tableUuid,
    KeySchema keySchema,
    Map<String, AttributeValue.Type> attributeDefinitions,
    BillingMode billingMode,
    ProvisionedThroughput throughput,
    Instant createdAt,
    Instant billingModeChangedAt,
    boolean deletionProtection,
    Map<String, String> tags,
    @Nullable StreamSettings stream,
    List<StreamSettings> earlierStreams,
    @Nullable TimeToLive timeToLive,
    List<SecondaryIndex> indexes,
    TableSettings settings,
    @Nullable RestoreSummary restore) {

  public TableMetadata {
    attributeDefinitions = Collections.unmodifiableMap(new LinkedHashMap<>(attributeDefinitions));
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    // Records written before earlier streams were kept have no such field.
    earlierStreams = earlierStreams == null ? List.of() : List.copyOf(earlierStreams);
    // Records written before secondary indexes existed have no such field.
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
    // Records written before table settings existed have no such field.
    settings = settings == null ? TableSettings.DEFAULT : settings;
  }

  public TableRef ref() {
    return new TableRef(tenantId, name);
  }

  /** Whether the table is still being restored ({@code CREATING}): it serves no items yet. */
  public boolean isRestoring() {
    return restore != null && restore.inProgress();
  }

  /** Whether changes are being recorded in a stream now. */
  public boolean isStreaming() {
    return stream != null && stream.enabled();
  }

  /** Every stream of the table still kept: the earlier ones, oldest first, then the current one. */
  public List<StreamSettings> streams() {
    List<StreamSettings> all = new ArrayList<>(earlierStreams);
    if (stream != null) {
      all.add(stream);
    }
    return all;
  }

  /** The attribute whose value expires items, while TTL is enabled. */
  public @Nullable String expiryAttribute() {
    return timeToLive != null && timeToLive.enabled() ? timeToLive.attributeName() : null;
  }

  /** The index of this name, if the table has one. */
  public Optional<SecondaryIndex> index(String indexName) {
    return indexes.stream().filter(index -> index.name().equals(indexName)).findFirst();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A modified copy; fields not set keep their values. */
  public static final class Builder {
    private final TableMetadata base;
    private String name;
    private String tableUuid;
    private Instant createdAt;
    private long tableId;
    private BillingMode billingMode;
    private ProvisionedThroughput throughput;
    private Instant billingModeChangedAt;
    private boolean deletionProtection;
    private Map<String, String> tags;
    private @Nullable StreamSettings stream;
    private List<StreamSettings> earlierStreams;
    private @Nullable TimeToLive timeToLive;
    private List<SecondaryIndex> indexes;
    private Map<String, AttributeValue.Type> attributeDefinitions;
    private TableSettings settings;
    private @Nullable RestoreSummary restore;

    private Builder(TableMetadata base) {
      this.base = base;
      this.name = base.name;
      this.tableUuid = base.tableUuid;
      this.createdAt = base.createdAt;
      this.tableId = base.tableId;
      this.billingMode = base.billingMode;
      this.throughput = base.throughput;
      this.billingModeChangedAt = base.billingModeChangedAt;
      this.deletionProtection = base.deletionProtection;
      this.tags = base.tags;
      this.stream = base.stream;
      this.earlierStreams = base.earlierStreams;
      this.timeToLive = base.timeToLive;
      this.indexes = base.indexes;
      this.attributeDefinitions = base.attributeDefinitions;
      this.settings = base.settings();
      this.restore = base.restore;
    }

    /** Another table's identity: a table restored from a backup of this one. */
    public Builder identity(String newName, String newTableUuid, Instant newCreatedAt) {
      this.name = newName;
      this.tableUuid = newTableUuid;
      this.createdAt = newCreatedAt;
      return this;
    }

    /** Definitions grow when an index keyed on new attributes is added. */
    public Builder attributeDefinitions(Map<String, AttributeValue.Type> definitions) {
      this.attributeDefinitions = definitions;
      return this;
    }

    public Builder tableId(long newTableId) {
      this.tableId = newTableId;
      return this;
    }

    public Builder capacity(
        BillingMode mode, ProvisionedThroughput newThroughput, Instant changedAt) {
      this.billingMode = mode;
      this.throughput = newThroughput;
      this.billingModeChangedAt = changedAt;
      return this;
    }

    public Builder deletionProtection(boolean enabled) {
      this.deletionProtection = enabled;
      return this;
    }

    public Builder tags(Map<String, String> newTags) {
      this.tags = newTags;
      return this;
    }

    public Builder stream(@Nullable StreamSettings newStream) {
      this.stream = newStream;
      return this;
    }

    public Builder earlierStreams(List<StreamSettings> streams) {
      this.earlierStreams = streams;
      return this;
    }

    public Builder timeToLive(@Nullable TimeToLive newTimeToLive) {
      this.timeToLive = newTimeToLive;
      return this;
    }

    public Builder indexes(List<SecondaryIndex> newIndexes) {
      this.indexes = newIndexes;
      return this;
    }

    public Builder settings(TableSettings newSettings) {
      this.settings = newSettings;
      return this;
    }

    public Builder restore(@Nullable RestoreSummary newRestore) {
      this.restore = newRestore;
      return this;
    }

    public TableMetadata build() {
      return new TableMetadata(
          base.tenantId,
          name,
          tableId,
          tableUuid,
          base.keySchema,
          attributeDefinitions,
          billingMode,
          throughput,
          createdAt,
          billingModeChangedAt,
          deletionProtection,
          tags,
          stream,
          earlierStreams,
          timeToLive,
          indexes,
          settings,
          restore);
    }
  }
}

package io.strata.service.table;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the catalog knows about one table incarnation. Persisted as JSON in the catalog;
 * immutable; a change is a new value written through the catalog.
 *
 * @param tableId the storage id, unique for the life of the node: a table that is deleted and
 *     created again gets a new id, so it can never see the old incarnation's items
 * @param tableUuid DescribeTable's {@code TableId}
 * @param attributeDefinitions name to scalar type, in request order
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
    Map<String, String> tags) {

  public TableMetadata {
    attributeDefinitions = Collections.unmodifiableMap(new LinkedHashMap<>(attributeDefinitions));
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  public TableRef ref() {
    return new TableRef(tenantId, name);
  }

  public TableMetadata withTags(Map<String, String> newTags) {
    return new TableMetadata(
        tenantId,
        name,
        tableId,
        tableUuid,
        keySchema,
        attributeDefinitions,
        billingMode,
        throughput,
        createdAt,
        billingModeChangedAt,
        deletionProtection,
        newTags);
  }

  public TableMetadata withCapacity(
      BillingMode newMode,
      ProvisionedThroughput newThroughput,
      Instant newBillingModeChangedAt,
      boolean newDeletionProtection) {
    return new TableMetadata(
        tenantId,
        name,
        tableId,
        tableUuid,
        keySchema,
        attributeDefinitions,
        newMode,
        newThroughput,
        createdAt,
        newBillingModeChangedAt,
        newDeletionProtection,
        tags);
  }
}

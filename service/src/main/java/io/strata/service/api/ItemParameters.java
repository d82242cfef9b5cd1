package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Enumerated members shared by the item operations, with their constraint checks. */
final class ItemParameters {
  static final List<String> RETURN_VALUES =
      List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
  static final List<String> RETURN_CONSUMED_CAPACITY = List.of("INDEXES", "TOTAL", "NONE");
  static final List<String> RETURN_ITEM_COLLECTION_METRICS = List.of("SIZE", "NONE");
  static final List<String> RETURN_VALUES_ON_CONDITION_CHECK_FAILURE = List.of("ALL_OLD", "NONE");

  /**
   * The members every single-item write (PutItem, UpdateItem, DeleteItem) shares,
   * constraint-checked together as DynamoDB reports them: the table, the item or key ({@code
   * target}), ReturnValues, ReturnValuesOnConditionCheckFailure and the reporting options.
   */
  record ItemWrite(
      String tableName,
      Map<String, AttributeValue> target,
      @Nullable String returnValues,
      boolean returnOldOnFailure,
      Reporting reporting) {

    /**
     * @param targetMember {@code Item} or {@code Key}
     */
    static ItemWrite read(JsonRequest body, String targetMember) {
      String tableName = body.string("TableName");
      Map<String, AttributeValue> target = body.attributeMap(targetMember);
      Constraints constraints = new Constraints();
      constraints
          .tableNameOrArn("tableName", tableName)
          .notNull(targetMember.toLowerCase(Locale.ROOT), target);
      Reporting reporting = readReporting(body, constraints);
      String returnValues = readReturnValues(body, constraints);
      boolean returnOldOnFailure = WriteCondition.readReturnOldOnFailure(body, constraints);
      constraints.check();
      return new ItemWrite(tableName, target, returnValues, returnOldOnFailure, reporting);
    }
  }

  /** The capacity and metrics options every item write accepts. */
  record Reporting(
      @Nullable String returnConsumedCapacity, @Nullable String returnItemCollectionMetrics) {}

  private ItemParameters() {}

  static @Nullable String readReturnValues(JsonRequest body, Constraints constraints) {
    String returnValues = body.string("ReturnValues");
    constraints.oneOf("returnValues", returnValues, RETURN_VALUES);
    return returnValues;
  }

  /** PutItem and DeleteItem can only return the old item; true when they should. */
  static boolean returnsOldItemOnly(@Nullable String returnValues) {
    if (returnValues != null && !returnValues.equals("ALL_OLD") && !returnValues.equals("NONE")) {
      throw DynamoException.validation("ReturnValues can only be ALL_OLD or NONE");
    }
    return "ALL_OLD".equals(returnValues);
  }

  static Reporting readReporting(JsonRequest body, Constraints constraints) {
    Reporting reporting =
        new Reporting(
            body.string("ReturnConsumedCapacity"), body.string("ReturnItemCollectionMetrics"));
    constraints
        .oneOf(
            "returnConsumedCapacity", reporting.returnConsumedCapacity(), RETURN_CONSUMED_CAPACITY)
        .oneOf(
            "returnItemCollectionMetrics",
            reporting.returnItemCollectionMetrics(),
            RETURN_ITEM_COLLECTION_METRICS);
    return reporting;
  }
}

package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Enumerated members shared by the item operations, with their constraint checks. */
final class ItemParameters {
  static final List<String> RETURN_VALUES =
      List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
  static final List<String> RETURN_CONSUMED_CAPACITY = List.of("INDEXES", "TOTAL", "NONE");
  static final List<String> RETURN_ITEM_COLLECTION_METRICS = List.of("SIZE", "NONE");
  static final List<String> RETURN_VALUES_ON_CONDITION_CHECK_FAILURE = List.of("ALL_OLD", "NONE");

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

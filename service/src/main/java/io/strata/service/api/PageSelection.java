package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.expr.CompiledCondition;
import io.strata.service.expr.CompiledExpressions;
import io.strata.service.expr.CompiledProjection;
import io.strata.service.json.JsonRequest;
import io.strata.service.model.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a Query or Scan returns of the items a page read: the filter decides which count, Select and
 * the projection decide what of them is returned.
 */
record PageSelection(
    Select select, @Nullable CompiledCondition filter, @Nullable CompiledProjection projection) {
  static final List<String> SELECT_VALUES =
      List.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

  enum Select {
    ALL_ATTRIBUTES,
    ALL_PROJECTED_ATTRIBUTES,
    SPECIFIC_ATTRIBUTES,
    COUNT
  }

  /** The items of a page that pass the filter, projected; and how many passed. */
  record Selected(List<Map<String, AttributeValue>> items, int count) {}

  /**
   * Checks Select against the projection with DynamoDB's messages; {@code selectName} is the
   * request's (already constraint-checked) Select, null when absent, which means the projection's
   * attributes if there is one, else everything the table or index holds. (DynamoDB says "Querying"
   * for Scan too.)
   */
  static PageSelection of(
      @Nullable String selectName,
      JsonRequest body,
      CompiledExpressions expressions,
      boolean queriesIndex) {
    CompiledProjection projection = expressions.projection().orElse(null);
    String projectionMember =
        body.has("ProjectionExpression") ? "ProjectionExpression" : "AttributesToGet";
    Select select =
        selectName != null
            ? Select.valueOf(selectName)
            : projection != null
                ? Select.SPECIFIC_ATTRIBUTES
                : queriesIndex ? Select.ALL_PROJECTED_ATTRIBUTES : Select.ALL_ATTRIBUTES;
    switch (select) {
      case ALL_ATTRIBUTES -> {
        if (projection != null) {
          throw DynamoException.validation(
              "Cannot specify the " + projectionMember + " when choosing to get ALL_ATTRIBUTES");
        }
      }
      case ALL_PROJECTED_ATTRIBUTES -> {
        if (!queriesIndex) {
          throw DynamoException.validation(
              "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        if (projection != null) {
          throw DynamoException.validation(
              "Cannot specify the "
                  + projectionMember
                  + " when choosing to get ALL_PROJECTED_ATTRIBUTES");
        }
      }
      case SPECIFIC_ATTRIBUTES -> {
        if (projection == null) {
          throw DynamoException.validation(
              "Must specify the AttributesToGet or ProjectionExpression when choosing to get"
                  + " SPECIFIC_ATTRIBUTES");
        }
      }
      case COUNT -> {
        if (projection != null) {
          throw DynamoException.validation(
              "Cannot specify the " + projectionMember + " when choosing to get only the Count");
        }
      }
    }
    return new PageSelection(select, expressions.filter().orElse(null), projection);
  }

  Selected apply(List<Map<String, AttributeValue>> read) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    int count = 0;
    for (Map<String, AttributeValue> item : read) {
      if (filter != null && !filter.matches(item)) {
        continue;
      }
      count++;
      if (select != Select.COUNT) {
        items.add(projection == null ? item : projection.apply(item));
      }
    }
    return new Selected(items, count);
  }
}

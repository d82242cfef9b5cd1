package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.expr.CompiledProjection;
import io.strata.service.model.KeySchema;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import java.util.List;

/**
 * How a Query or Scan reads a secondary index: from the index alone, or, when it asks for
 * attributes the index does not project, from the table through the index ({@code fetchItems}).
 * DynamoDB allows the latter only on local indexes, which live with their table's items; a global
 * index refuses such a request.
 */
record IndexRead(SecondaryIndex index, boolean fetchItems) {

  static IndexRead of(TableMetadata table, SecondaryIndex index, PageSelection selection) {
    boolean projectsAll = index.projectionType() == SecondaryIndex.ProjectionType.ALL;
    boolean wantsAll = selection.select() == PageSelection.Select.ALL_ATTRIBUTES;
    if (wantsAll && !projectsAll && index.isGlobal()) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported"
              + " for global secondary index "
              + index.name()
              + " because its projection type is not ALL");
    }
    List<String> missing = notProjected(index, table.keySchema(), selection.projection());
    if (!missing.isEmpty() && index.isGlobal()) {
      throw DynamoException.validation(
          "One or more parameter values were invalid: Global secondary index "
              + index.name()
              + " does not project "
              + missing);
    }
    return new IndexRead(index, !projectsAll && (wantsAll || !missing.isEmpty()));
  }

  private static List<String> notProjected(
      SecondaryIndex index, KeySchema tableKeys, CompiledProjection projection) {
    if (projection == null) {
      return List.of();
    }
    return projection.topLevelAttributes().stream()
        .filter(attribute -> !index.projects(attribute, tableKeys))
        .toList();
  }
}

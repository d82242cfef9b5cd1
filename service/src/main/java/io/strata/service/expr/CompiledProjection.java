package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A resolved ProjectionExpression or AttributesToGet. Immutable and thread-safe.
 *
 * <p>The result keeps the document structure: {@code a.b[1]} of an item yields {@code {a: {b:
 * [x]}}}. Attributes the item lacks are left out; an item with none of them projects to an empty
 * map.
 */
public final class CompiledProjection {
  private final List<Ast.Path> paths;

  CompiledProjection(List<Ast.Path> paths) {
    this.paths = List.copyOf(paths);
  }

  public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
    return Projector.project(item, paths);
  }

  /** The top-level attributes the projection reads, e.g. for fetching only those. */
  public Set<String> topLevelAttributes() {
    Set<String> names = new LinkedHashSet<>();
    for (Ast.Path path : paths) {
      names.add(path.attributeName());
    }
    return names;
  }
}

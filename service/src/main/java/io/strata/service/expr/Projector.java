package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Projects an item onto document paths, keeping the document's structure: {@code a.b, c[2], c[0]}
 * of {@code {a: {b: 1, x: 2}, c: [p, q, r]}} is {@code {a: {b: 1}, c: [p, r]}}. Selected list
 * elements keep their relative order and close up; paths that lead nowhere contribute nothing. The
 * same projection gives UpdateItem's UPDATED_OLD and UPDATED_NEW (real DynamoDB returns only the
 * updated nested parts; see UpdateApplier).
 */
final class Projector {
  private Projector() {}

  static Map<String, AttributeValue> project(
      @Nullable Map<String, AttributeValue> item, List<Ast.Path> paths) {
    if (item == null || item.isEmpty()) {
      return Map.of();
    }
    Node root = new Node();
    for (Ast.Path path : paths) {
      AttributeValue value = Values.get(item, path);
      if (value == null) {
        continue;
      }
      Node node = root;
      for (Ast.PathElement element : path.elements()) {
        node = node.child(element);
      }
      node.value = value;
    }
    if (root.children == null) {
      return Map.of();
    }
    Map<String, AttributeValue> result = new LinkedHashMap<>();
    for (Map.Entry<Object, Node> entry : root.children.entrySet()) {
      result.put((String) entry.getKey(), entry.getValue().build());
    }
    return Collections.unmodifiableMap(result);
  }

  /** Map keys (strings, insertion-ordered) or list indexes (integers, ascending). */
  private static final class Node {
    private @Nullable Map<Object, Node> children;
    private @Nullable AttributeValue value;
    private boolean isList;

    Node child(Ast.PathElement element) {
      if (children == null) {
        isList = element instanceof Ast.Index;
        children = isList ? new TreeMap<>() : new LinkedHashMap<>();
      }
      Object key =
          element instanceof Ast.Index index ? index.index() : ((Ast.Attribute) element).name();
      return children.computeIfAbsent(key, ignored -> new Node());
    }

    AttributeValue build() {
      if (value != null) {
        return value;
      }
      Map<Object, Node> nodes = children == null ? Map.of() : children;
      if (isList) {
        List<AttributeValue> elements = new ArrayList<>(nodes.size());
        for (Node node : nodes.values()) {
          elements.add(node.build());
        }
        return new AttributeValue.L(elements);
      }
      Map<String, AttributeValue> entries = new LinkedHashMap<>();
      for (Map.Entry<Object, Node> entry : nodes.entrySet()) {
        entries.put((String) entry.getKey(), entry.getValue().build());
      }
      return new AttributeValue.M(entries);
    }
  }
}

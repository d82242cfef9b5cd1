package io.strata.service.expr;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Detects the document paths of one update or projection expression that overlap (one is a prefix
 * of, or equal to, another) or conflict (one indexes a list where another names a map key at the
 * same level), with DynamoDB's messages:
 *
 * <pre>
 * Two document paths overlap with each other; must remove or rewrite one of these paths;
 *     path one: [a], path two: [a, b]
 * Two document paths conflict with each other; must remove or rewrite one of these paths;
 *     path one: [a, b], path two: [a, [1]]
 * </pre>
 *
 * Callers add paths from the last one written to the first, as DynamoDB does; "path one" is the
 * path being added and "path two" one it collides with, which makes both appear in the order they
 * were written. (With three or more paths DynamoDB Local sometimes names an unrelated third path as
 * "path two", e.g. {@code SET a = :v, x = :v, a = :v} reports {@code [a]} and {@code [x]}; we name
 * the path actually collided with. See ExpressionDifferentialTest.)
 */
final class PathTree {
  private final ExpressionKind kind;
  private final Node root = new Node(null);

  PathTree(ExpressionKind kind) {
    this.kind = kind;
  }

  void add(Ast.Path path) {
    Node node = root;
    int last = path.depth() - 1;
    for (int i = 0; i <= last; i++) {
      Ast.PathElement element = path.elements().get(i);
      Node child = node.children.get(element);
      if (child == null) {
        if (node.latestChild != null
            && (node.latestChild.element instanceof Ast.Index) != (element instanceof Ast.Index)) {
          throw collision("conflict", path, node.latestChild.creator());
        }
        child = new Node(path);
        child.element = element;
        node.children.put(element, child);
        node.latestChild = child;
      } else if (child.terminal != null) {
        throw collision("overlap", path, child.terminal);
      } else if (i == last) {
        throw collision("overlap", path, child.creator());
      }
      node = child;
    }
    node.terminal = path;
  }

  private RuntimeException collision(String how, Ast.Path one, Ast.Path two) {
    return kind.invalid(
        "Two document paths "
            + how
            + " with each other; must remove or rewrite one of these paths; path one: "
            + one
            + ", path two: "
            + two);
  }

  private static final class Node {
    private final Ast.@Nullable Path creator;
    private final Map<Ast.PathElement, Node> children = new LinkedHashMap<>();
    private Ast.@Nullable PathElement element;
    private @Nullable Node latestChild;
    private Ast.@Nullable Path terminal;

    Node(Ast.@Nullable Path creator) {
      this.creator = creator;
    }

    Ast.Path creator() {
      if (creator == null) {
        throw new IllegalStateException("root");
      }
      return creator;
    }
  }
}

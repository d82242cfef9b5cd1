package io.strata.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value in parsed YAML, navigated by key, index or list-element name. A missing path fails with
 * the path in the message rather than a NullPointerException, so a broken template reads as "no
 * spec.template.spec.containers[strata].livenessProbe" in the test report.
 */
final class Node {
  private final Object value;
  private final String path;

  Node(Object value, String path) {
    this.value = value;
    this.path = path;
  }

  /** Follows a dotted path of map keys, e.g. {@code spec.template.spec}. */
  Node get(String dottedKeys) {
    Node current = this;
    for (String key : dottedKeys.split("\\.")) {
      current = current.field(key);
    }
    return current;
  }

  /** The value at a dotted path, if every step of it exists. */
  Optional<Node> find(String dottedKeys) {
    Optional<Node> current = Optional.of(this);
    for (String key : dottedKeys.split("\\.")) {
      current = current.flatMap(node -> node.findField(key));
    }
    return current;
  }

  /** One map key taken whole, for keys with dots in them ({@code tls.crt}, {@code strata.yaml}). */
  Node field(String key) {
    return findField(key)
        .orElseThrow(() -> new AssertionError("no " + path + "." + key + " in " + value));
  }

  Optional<Node> findField(String key) {
    if (!(value instanceof Map<?, ?> map) || !map.containsKey(key)) {
      return Optional.empty();
    }
    return Optional.of(new Node(map.get(key), path + "." + key));
  }

  /** The element of this list whose {@code name} is {@code name} (containers, ports, env...). */
  Node named(String name) {
    return findNamed(name)
        .orElseThrow(() -> new AssertionError("no element named " + name + " in " + path));
  }

  Optional<Node> findNamed(String name) {
    return items().stream()
        .filter(item -> item.find("name").map(found -> name.equals(found.value)).orElse(false))
        .findFirst();
  }

  List<Node> items() {
    if (!(value instanceof List<?> list)) {
      throw new AssertionError(path + " is not a list: " + value);
    }
    List<Node> items = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      items.add(new Node(list.get(i), path + "[" + i + "]"));
    }
    return items;
  }

  /** This map; YAML parsed by SnakeYAML's safe constructor has string keys in manifests. */
  @SuppressWarnings("unchecked")
  Map<String, Object> map() {
    if (!(value instanceof Map<?, ?>)) {
      throw new AssertionError(path + " is not a map: " + value);
    }
    return (Map<String, Object>) value;
  }

  String text() {
    if (!(value instanceof String text)) {
      throw new AssertionError(path + " is not a string: " + value);
    }
    return text;
  }

  int integer() {
    if (!(value instanceof Integer number)) {
      throw new AssertionError(path + " is not an integer: " + value);
    }
    return number;
  }

  /** A boolean field of this map; absent counts as false, as Kubernetes defaults them. */
  boolean flag(String key) {
    return find(key).map(found -> Boolean.TRUE.equals(found.value)).orElse(false);
  }

  /** The raw parsed value: a Map, List, String, Integer, Boolean or null. */
  Object value() {
    return value;
  }

  @Override
  public String toString() {
    return path + " = " + value;
  }
}

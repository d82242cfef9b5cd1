package io.strata.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The documents of one {@code helm template} output, parsed and looked up by kind and name. */
final class Manifests {
  private final List<Node> documents;

  private Manifests(List<Node> documents) {
    this.documents = documents;
  }

  static Manifests parse(String rendered) {
    List<Node> documents = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(rendered)) {
      // `helm template` separates templates with "---" and an empty template leaves a null.
      if (document instanceof Map<?, ?> map) {
        documents.add(new Node(map, map.get("kind") + "/" + metadataName(map)));
      }
    }
    return new Manifests(documents);
  }

  /** The only document of {@code kind}; fails if there is none or more than one. */
  Node one(String kind) {
    List<Node> found = all(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + ", rendered " + found.size());
    }
    return found.get(0);
  }

  List<Node> all(String kind) {
    return documents.stream().filter(document -> kind.equals(kindOf(document))).toList();
  }

  Optional<Node> find(String kind, String name) {
    return all(kind).stream()
        .filter(document -> name.equals(document.get("metadata.name").text()))
        .findFirst();
  }

  List<String> kinds() {
    return documents.stream().map(Manifests::kindOf).toList();
  }

  /** The Service clients reach the API through (a cluster also has a headless one for Raft). */
  Node clientService() {
    return find("Service", Chart.FULLNAME)
        .orElseThrow(() -> new AssertionError("no Service " + Chart.FULLNAME));
  }

  /** The StatefulSet's pod spec, which most tests look into. */
  Node podSpec() {
    return one("StatefulSet").get("spec.template.spec");
  }

  /** The Strata container of the pod. */
  Node container() {
    return podSpec().get("containers").named("strata");
  }

  private static String kindOf(Node document) {
    return document.get("kind").text();
  }

  private static Object metadataName(Map<?, ?> document) {
    return document.get("metadata") instanceof Map<?, ?> metadata ? metadata.get("name") : null;
  }
}

package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code Tags} member shared by CreateTable and TagResource, and the per-table tag limit. */
final class Tags {
  static final int MAX_TAGS_PER_RESOURCE = 50;

  record Tag(@Nullable String key, @Nullable String value) {}

  private Tags() {}

  static @Nullable List<Tag> read(JsonRequest body) {
    List<JsonRequest> members = body.structureList("Tags");
    return members == null
        ? null
        : members.stream()
            .map(member -> new Tag(member.string("Key"), member.string("Value")))
            .toList();
  }

  static void check(Constraints constraints, @Nullable List<Tag> tags) {
    if (tags == null) {
      return;
    }
    for (int i = 0; i < tags.size(); i++) {
      String member = "tags." + (i + 1) + ".member.";
      Tag tag = tags.get(i);
      constraints
          .notNull(member + "key", tag.key())
          .minLength(member + "key", tag.key(), 1)
          .maxLength(member + "key", tag.key(), 128)
          .notNull(member + "value", tag.value())
          .maxLength(member + "value", tag.value(), 256);
    }
  }

  /** Existing tags with {@code added} applied (later wins), within the per-resource limit. */
  static Map<String, String> merge(Map<String, String> existing, List<Tag> added) {
    Map<String, String> merged = new LinkedHashMap<>(existing);
    for (Tag tag : added) {
      merged.put(tag.key(), tag.value());
    }
    if (merged.size() > MAX_TAGS_PER_RESOURCE) {
      throw DynamoException.limitExceeded(
          "The number of tags on a resource exceeds the maximum of " + MAX_TAGS_PER_RESOURCE);
    }
    return merged;
  }
}

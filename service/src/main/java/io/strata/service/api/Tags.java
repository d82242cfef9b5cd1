package io.strata.service.api;

import io.strata.service.error.DynamoException;
import io.strata.service.error.ValidationMessages;
import io.strata.service.json.Constraints;
import io.strata.service.json.JsonRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Tags} member shared by CreateTable and TagResource, with DynamoDB's tagging rules
 * (developer guide, Tagging.html, "Tagging restrictions"): at most 50 tags per resource; keys of 1
 * to 128 and values of up to 256 characters, of letters, numbers, spaces and {@code + - = . _ :
 * / @}; the {@code aws:} prefix reserved for AWS. Too many tags are a ValidationException at
 * creation and a LimitExceededException when added to an existing table.
 */
final class Tags {
  static final int MAX_TAGS_PER_RESOURCE = 50;

  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}+\\-=._:/@]*");

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

  /** After the constraint checks: allowed characters, and no reserved prefix. */
  static void validate(List<Tag> tags) {
    for (Tag tag : tags) {
      if (!ALLOWED.matcher(tag.key()).matches() || !ALLOWED.matcher(tag.value()).matches()) {
        throw DynamoException.validation(ValidationMessages.TAG_CHARACTERS.formatted(tag.key()));
      }
      if (tag.key().startsWith("aws:")) {
        throw DynamoException.validation(
            ValidationMessages.TAG_RESERVED_PREFIX.formatted(tag.key()));
      }
    }
  }

  /** CreateTable's tags: too many is a validation error there. */
  static Map<String, String> forCreate(List<Tag> tags) {
    validate(tags);
    Map<String, String> merged = new LinkedHashMap<>();
    tags.forEach(tag -> merged.put(tag.key(), tag.value()));
    if (merged.size() > MAX_TAGS_PER_RESOURCE) {
      throw DynamoException.validation(
          ValidationMessages.TOO_MANY_TAGS_AT_CREATION.formatted(MAX_TAGS_PER_RESOURCE));
    }
    return merged;
  }

  /** Existing tags with {@code added} applied (later wins), within the per-resource limit. */
  static Map<String, String> merge(Map<String, String> existing, List<Tag> added) {
    validate(added);
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

package io.strata.service.json;

import io.strata.service.error.DynamoException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Collects violations of the API model's member constraints and reports them the way DynamoDB does:
 * {@code 2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy constraint:
 * Member must ...; Value ...}. At most ten are reported, in the order checked.
 *
 * <p>Paths are the lower-camel member names DynamoDB prints ({@code tableName}, {@code
 * keySchema.1.member.attributeName}).
 */
public final class Constraints {
  private static final int MAX_REPORTED = 10;

  public static final String TABLE_NAME_PATTERN = "[a-zA-Z0-9_.-]+";
  private static final Pattern TABLE_NAME = Pattern.compile(TABLE_NAME_PATTERN);

  private final List<String> violations = new ArrayList<>();

  public Constraints notNull(String path, @Nullable Object value) {
    if (value == null) {
      add("null", path, "Member must not be null");
    }
    return this;
  }

  public Constraints pattern(String path, @Nullable String value, Pattern pattern) {
    if (value != null && !pattern.matcher(value).matches()) {
      add(quote(value), path, "Member must satisfy regular expression pattern: " + pattern);
    }
    return this;
  }

  public Constraints minLength(String path, @Nullable String value, int min) {
    if (value != null && value.length() < min) {
      add(quote(value), path, "Member must have length greater than or equal to " + min);
    }
    return this;
  }

  public Constraints maxLength(String path, @Nullable String value, int max) {
    if (value != null && value.length() > max) {
      add(quote(value), path, "Member must have length less than or equal to " + max);
    }
    return this;
  }

  /** Length constraints on a list or map member; {@code shown} is how DynamoDB prints it. */
  public Constraints minSize(String path, @Nullable Collection<?> value, int min, String shown) {
    if (value != null && value.size() < min) {
      add(quote(shown), path, "Member must have length greater than or equal to " + min);
    }
    return this;
  }

  public Constraints maxSize(String path, @Nullable Collection<?> value, int max, String shown) {
    if (value != null && value.size() > max) {
      add(quote(shown), path, "Member must have length less than or equal to " + max);
    }
    return this;
  }

  /**
   * A map member (e.g. {@code requestItems}) whose values are lists that must each hold between
   * {@code min} and {@code max} entries; DynamoDB reports it once for the whole map, printed as
   * {@code {name=[element, element]}} with each element shown by {@code shownElement}.
   */
  public <T> Constraints mapValueSizes(
      String path,
      @Nullable Map<String, ? extends List<T>> value,
      int min,
      int max,
      Function<? super T, String> shownElement) {
    if (value != null
        && value.values().stream().anyMatch(list -> list.size() < min || list.size() > max)) {
      add(
          quote(describeMap(value, list -> describeList(list, shownElement))),
          path,
          "Map value must satisfy constraint: [Member must have length less than or equal to "
              + max
              + ", Member must have length greater than or equal to "
              + min
              + "]");
    }
    return this;
  }

  /** A map member that must have at least {@code min} entries. */
  public Constraints minEntries(String path, @Nullable Map<String, ?> value, int min) {
    if (value != null && value.size() < min) {
      add(
          quote(describeMap(value, String::valueOf)),
          path,
          "Member must have length greater than or equal to " + min);
    }
    return this;
  }

  private static <V> String describeMap(Map<String, ? extends V> value, Function<V, String> shown) {
    StringBuilder described = new StringBuilder("{");
    for (Map.Entry<String, ? extends V> entry : value.entrySet()) {
      if (described.length() > 1) {
        described.append(", ");
      }
      described.append(entry.getKey()).append('=').append(shown.apply(entry.getValue()));
    }
    return described.append('}').toString();
  }

  private static <T> String describeList(List<T> list, Function<? super T, String> shown) {
    StringBuilder described = new StringBuilder("[");
    for (T element : list) {
      if (described.length() > 1) {
        described.append(", ");
      }
      described.append(shown.apply(element));
    }
    return described.append(']').toString();
  }

  public Constraints min(String path, @Nullable Long value, long min) {
    if (value != null && value < min) {
      add(quote(value.toString()), path, "Member must have value greater than or equal to " + min);
    }
    return this;
  }

  public Constraints max(String path, @Nullable Long value, long max) {
    if (value != null && value > max) {
      add(quote(value.toString()), path, "Member must have value less than or equal to " + max);
    }
    return this;
  }

  public Constraints oneOf(String path, @Nullable String value, List<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      add(
          quote(value),
          path,
          "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
    }
    return this;
  }

  /** The standard checks on a table name member (name or, where allowed, ARN). */
  public Constraints tableName(String path, @Nullable String value, int maxLength) {
    return notNull(path, value)
        .pattern(path, value, TABLE_NAME)
        .minLength(path, value, 3)
        .maxLength(path, value, maxLength);
  }

  /** Same checks for a name that may also be a table ARN (item operations accept both). */
  public Constraints tableNameOrArn(String path, @Nullable String value) {
    if (value != null && value.startsWith("arn:")) {
      return notNull(path, value).minLength(path, value, 1).maxLength(path, value, 1024);
    }
    return tableName(path, value, 1024);
  }

  /** The checks on a {@code ResourceArn} member. */
  public Constraints resourceArn(String path, @Nullable String value) {
    return notNull(path, value).minLength(path, value, 1).maxLength(path, value, 1283);
  }

  public boolean isEmpty() {
    return violations.isEmpty();
  }

  /** Throws the collected violations as one ValidationException, if there are any. */
  public void check() {
    if (violations.isEmpty()) {
      return;
    }
    int count = violations.size();
    throw DynamoException.validation(
        count
            + (count == 1 ? " validation error detected: " : " validation errors detected: ")
            + String.join("; ", violations));
  }

  private void add(String shownValue, String path, String constraint) {
    if (violations.size() < MAX_REPORTED) {
      violations.add(
          "Value " + shownValue + " at '" + path + "' failed to satisfy constraint: " + constraint);
    }
  }

  private static String quote(String value) {
    return "'" + value + "'";
  }
}

package io.strata.service.item;

import io.strata.service.model.AttributeValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request's decision about one item, made on the writer thread from the item's current state
 * (null when absent): evaluate conditions, apply updates, and say what to store. Must be
 * deterministic and free of I/O; a thrown {@code DynamoException} (a failed condition) rolls back
 * this request only.
 *
 * @param <T> what the request needs back (old or new attributes for ReturnValues)
 */
@FunctionalInterface
public interface ItemChange<T> {

  Decision<T> decide(@Nullable Map<String, AttributeValue> current);

  /** What to do with the item, and the request's result. */
  record Decision<T>(Action action, @Nullable Map<String, AttributeValue> newItem, T result) {
    public static <T> Decision<T> put(Map<String, AttributeValue> item, T result) {
      return new Decision<>(Action.PUT, item, result);
    }

    public static <T> Decision<T> delete(T result) {
      return new Decision<>(Action.DELETE, null, result);
    }

    public static <T> Decision<T> keep(T result) {
      return new Decision<>(Action.KEEP, null, result);
    }
  }

  enum Action {
    PUT,
    DELETE,
    KEEP
  }
}

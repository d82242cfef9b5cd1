package io.strata.service.item;

import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request's decision about one item, made on the writer thread from the item's current state
 * (null when absent): evaluate conditions, apply updates, and say what to store. Must be
 * deterministic and free of I/O. A thrown {@code DynamoException} (a failed condition) becomes a
 * {@link Decision#failed} decision: nothing is written for this request, but it is charged.
 *
 * @param <T> what the request needs back (old or new attributes for ReturnValues)
 */
@FunctionalInterface
public interface ItemChange<T> {

  Decision<T> decide(@Nullable Map<String, AttributeValue> current);

  /**
   * Deletes the item whatever it holds. Because it does not look at the item, it can also remove
   * one whose stored value is damaged, without opening it: the owner's way out.
   */
  static <T> ItemChange<T> unconditionalDelete() {
    return new UnconditionalDelete<>();
  }

  /** The change {@link #unconditionalDelete} makes; the writer recognises it by its class. */
  final class UnconditionalDelete<T> implements ItemChange<T> {
    private UnconditionalDelete() {}

    @Override
    public Decision<T> decide(@Nullable Map<String, AttributeValue> current) {
      return Decision.delete(null);
    }
  }

  /**
   * What to do with the item, and the request's result; or, for a request whose condition did not
   * hold, the error it ends with (the item stays as it is, but the attempt is still charged, as
   * DynamoDB charges failed conditional writes).
   */
  record Decision<T>(
      Action action,
      @Nullable Map<String, AttributeValue> newItem,
      @Nullable T result,
      @Nullable DynamoException failure) {
    public static <T> Decision<T> put(Map<String, AttributeValue> item, @Nullable T result) {
      return new Decision<>(Action.PUT, item, result, null);
    }

    public static <T> Decision<T> delete(@Nullable T result) {
      return new Decision<>(Action.DELETE, null, result, null);
    }

    public static <T> Decision<T> keep(@Nullable T result) {
      return new Decision<>(Action.KEEP, null, result, null);
    }

    public static <T> Decision<T> failed(DynamoException failure) {
      return new Decision<>(Action.FAIL, null, null, failure);
    }
  }

  enum Action {
    PUT,
    DELETE,
    KEEP,
    FAIL
  }
}

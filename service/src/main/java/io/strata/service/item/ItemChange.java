package io.strata.service.item;

import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
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

  /**
   * A change that stores exactly {@code item} whenever it stores anything ({@code decide} returns
   * {@link Decision#put} of that same instance, or keeps, fails or deletes): PutItem and the puts
   * of batches and transactions, whose item is known before the writer sees them. Knowing it lets
   * {@link ItemWrites} seal it before it is queued ({@link PresealedPut}).
   *
   * @param item an item made by {@link ItemSize#sized}, the instance {@code decide} puts
   */
  static <T> ItemChange<T> putting(Map<String, AttributeValue> item, ItemChange<T> decide) {
    if (ItemSize.sized(item) != item) {
      // Decision.put would size it into another instance, which the presealed one never matches
      throw new IllegalArgumentException("a put's item must be made by ItemSize.sized");
    }
    return new Put<>(item, decide);
  }

  /** The change {@link #putting} makes. */
  final class Put<T> implements ItemChange<T> {
    private final Map<String, AttributeValue> item;
    private final ItemChange<T> decide;

    private Put(Map<String, AttributeValue> item, ItemChange<T> decide) {
      this.item = item;
      this.decide = decide;
    }

    Map<String, AttributeValue> item() {
      return item;
    }

    @Override
    public Decision<T> decide(@Nullable Map<String, AttributeValue> current) {
      return decide.decide(current);
    }
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
   * DynamoDB charges failed conditional writes). A decision's new item is final: {@link #put}
   * remembers its size ({@link ItemSize#sized}), which the charge, the table's statistics and the
   * cache all ask for.
   */
  record Decision<T>(
      Action action,
      @Nullable Map<String, AttributeValue> newItem,
      @Nullable T result,
      @Nullable DynamoException failure) {
    public static <T> Decision<T> put(Map<String, AttributeValue> item, @Nullable T result) {
      return new Decision<>(Action.PUT, ItemSize.sized(item), result, null);
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

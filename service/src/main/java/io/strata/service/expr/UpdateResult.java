package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of applying an update to an item: the item before and after, and what each
 * ReturnValues setting returns. Immutable.
 *
 * <p>UPDATED_OLD and UPDATED_NEW return only what the update touched, projected from the old or new
 * item: for {@code SET a.b = :v} that is {@code {a: {b: ...}}}, not all of {@code a}. This is real
 * DynamoDB's behaviour (Alternator's test_returnvalues.py::test_update_item_returnvalues_nested,
 * which runs against AWS); DynamoDB Local returns whole top-level attributes instead. Consequences
 * that test pins: a list element appended past the end ({@code SET a[100] = :v}) is not returned by
 * UPDATED_NEW, and after {@code REMOVE a[1]} UPDATED_NEW returns the element that moved into
 * position 1.
 */
public final class UpdateResult {
  private final @Nullable Map<String, AttributeValue> oldItem;
  private final @Nullable Map<String, AttributeValue> newItem;
  private final List<Ast.Path> updatedPaths;

  UpdateResult(
      @Nullable Map<String, AttributeValue> oldItem,
      @Nullable Map<String, AttributeValue> newItem,
      List<Ast.Path> updatedPaths) {
    this.oldItem = oldItem;
    this.newItem = newItem;
    this.updatedPaths = updatedPaths;
  }

  /**
   * The item to store, or empty when there should still be no item: an update of an absent item
   * that only removes attributes does not create it.
   */
  public Optional<Map<String, AttributeValue>> newItem() {
    return Optional.ofNullable(newItem);
  }

  public Optional<Map<String, AttributeValue>> oldItem() {
    return Optional.ofNullable(oldItem);
  }

  /** The response's {@code Attributes}; empty means the member is omitted. */
  public Map<String, AttributeValue> attributes(ReturnValue returnValue) {
    Map<String, AttributeValue> attributes =
        switch (returnValue) {
          case NONE -> null;
          case ALL_OLD -> oldItem;
          case ALL_NEW -> newItem;
          case UPDATED_OLD -> Projector.project(oldItem, updatedPaths);
          case UPDATED_NEW -> Projector.project(newItem, updatedPaths);
        };
    return attributes == null ? Map.of() : attributes;
  }
}

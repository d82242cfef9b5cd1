package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A resolved UpdateExpression or AttributeUpdates. {@link #apply} is deterministic and has no side
 * effects, so the storage writer may run it again; runtime errors (an operand of the wrong type, an
 * invalid document path, number overflow) are thrown as {@code DynamoException}s with DynamoDB's
 * messages. Immutable and thread-safe.
 */
public final class CompiledUpdate {
  private final Ast.@Nullable Update expression;
  private final @Nullable LegacyUpdates legacy;
  private final List<Ast.Path> updatedPaths;

  private CompiledUpdate(
      Ast.@Nullable Update expression, @Nullable LegacyUpdates legacy, List<Ast.Path> paths) {
    this.expression = expression;
    this.legacy = legacy;
    this.updatedPaths = List.copyOf(paths);
  }

  static CompiledUpdate of(Ast.Update update) {
    return new CompiledUpdate(
        update, null, update.actions().stream().map(Ast.UpdateAction::path).toList());
  }

  static CompiledUpdate of(LegacyUpdates updates) {
    return new CompiledUpdate(null, updates, updates.paths());
  }

  /**
   * Applies the update to {@code oldItem} (null if the item does not exist). {@code key} is the
   * request's key; it becomes the new item's key attributes when the item is created.
   */
  public UpdateResult apply(
      @Nullable Map<String, AttributeValue> oldItem, Map<String, AttributeValue> key) {
    Map<String, AttributeValue> newItem =
        expression != null
            ? UpdateApplier.apply(expression, oldItem, key)
            : legacyUpdates().apply(oldItem, key);
    return new UpdateResult(oldItem, newItem, updatedPaths);
  }

  private LegacyUpdates legacyUpdates() {
    if (legacy == null) {
      throw new IllegalStateException("no update");
    }
    return legacy;
  }
}

package io.strata.service.expr;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything one request says in expressions or legacy conditional parameters, validated and
 * resolved: what {@link RequestExpressions#compile} returns. Which parts are present depends on the
 * operation and on the request. Immutable and safe to hand to another thread.
 */
public final class CompiledExpressions {
  static final CompiledExpressions NONE = new CompiledExpressions(null, null, null, null, null);

  private final @Nullable CompiledCondition condition;
  private final @Nullable CompiledUpdate update;
  private final @Nullable CompiledProjection projection;
  private final @Nullable CompiledCondition filter;
  private final @Nullable KeyCondition keyCondition;

  CompiledExpressions(
      @Nullable CompiledCondition condition,
      @Nullable CompiledUpdate update,
      @Nullable CompiledProjection projection,
      @Nullable CompiledCondition filter,
      @Nullable KeyCondition keyCondition) {
    this.condition = condition;
    this.update = update;
    this.projection = projection;
    this.filter = filter;
    this.keyCondition = keyCondition;
  }

  /** ConditionExpression or Expected: must hold for the stored item before a write. */
  public Optional<CompiledCondition> condition() {
    return Optional.ofNullable(condition);
  }

  /** UpdateExpression or AttributeUpdates. */
  public Optional<CompiledUpdate> update() {
    return Optional.ofNullable(update);
  }

  /** ProjectionExpression or AttributesToGet; empty means all attributes. */
  public Optional<CompiledProjection> projection() {
    return Optional.ofNullable(projection);
  }

  /** FilterExpression, QueryFilter or ScanFilter. */
  public Optional<CompiledCondition> filter() {
    return Optional.ofNullable(filter);
  }

  /** Query's KeyConditionExpression or KeyConditions. */
  public Optional<KeyCondition> keyCondition() {
    return Optional.ofNullable(keyCondition);
  }
}

package io.strata.billing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A bounded set of label values, each mapped to the series state kept for it. The first {@code max}
 * distinct values get their own entry, first come first served, for the life of the process; every
 * later value, and the literal {@link UsageMetrics#OTHER}, maps to the shared {@code other} entry.
 *
 * <p>Lock-free on lookups of admitted values (one {@link ConcurrentHashMap#get}); admission runs
 * inside {@code computeIfAbsent}, so exactly {@code max} values are ever admitted even under races.
 * Values refused are not remembered, so memory stays bounded too.
 */
final class LabelBudget<T> {
  private final ConcurrentHashMap<String, T> admitted = new ConcurrentHashMap<>();
  private final AtomicInteger remaining;
  private final Function<String, T> factory;
  private final Supplier<T> otherFactory;
  private volatile @Nullable T other;

  /**
   * @param otherFactory creates the overflow entry, at most once and only when first needed, so a
   *     budget that is never exceeded exports no {@code _other} series
   */
  LabelBudget(int max, Function<String, T> factory, Supplier<T> otherFactory) {
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative: " + max);
    }
    this.remaining = new AtomicInteger(max);
    this.factory = factory;
    this.otherFactory = otherFactory;
  }

  T get(String value) {
    T existing = admitted.get(value);
    if (existing != null) {
      return existing;
    }
    if (remaining.get() <= 0 || value.equals(UsageMetrics.OTHER)) {
      return other();
    }
    T created =
        admitted.computeIfAbsent(
            value, v -> remaining.getAndDecrement() > 0 ? factory.apply(v) : null);
    return created == null ? other() : created;
  }

  /** The entry for {@code value} if it was admitted, without admitting it. */
  T peek(String value) {
    T existing = admitted.get(value);
    return existing == null ? other() : existing;
  }

  private T other() {
    T result = other;
    if (result == null) {
      synchronized (this) {
        result = other;
        if (result == null) {
          result = otherFactory.get();
          other = result;
        }
      }
    }
    return result;
  }

  int size() {
    return admitted.size();
  }
}

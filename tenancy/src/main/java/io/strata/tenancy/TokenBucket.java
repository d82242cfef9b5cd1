package io.strata.tenancy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A lock-free token bucket in half-units that may go into debt, for {@link CapacityGate}.
 *
 * <h2>One word of state</h2>
 *
 * The bucket is the "virtual scheduling" form of the generic cell rate algorithm: instead of a
 * balance and the time it was last refilled (two words, which would need a lock or an allocation
 * per update to change together), it stores one instant, {@code emptyAt}, the time at which the
 * balance is zero if nothing more is taken. The balance at {@code now} follows from it:
 *
 * <pre>
 *   balance(now) = min(burst, (now - emptyAt) * rate)      negative while now &lt; emptyAt: debt
 * </pre>
 *
 * Taking {@code c} half-units moves {@code emptyAt} later by {@code c / rate} seconds; refunding
 * moves it earlier, never earlier than "full now". An admission is one read, a little arithmetic
 * and one {@code compareAndSet}; a lost race just recomputes. There are no locks and no allocation
 * on this path, so event loops may call it.
 *
 * <p><b>Exact integers.</b> Balances are computed in half-unit-nanoseconds (half-units times 10^9),
 * so a refill of {@code rate} half-units per second is exactly {@code rate} per elapsed nanosecond
 * and no fraction is lost to division. Converting a balance back to an instant divides by the rate
 * once, rounding toward the later instant, so rounding can only under-admit, by less than one
 * nanosecond of refill per update. Callers keep {@code burst * 10^9} inside a {@code long} ({@link
 * CapacityGate} caps rates at 10 million units per second).
 *
 * <h2>Changing the limits without a lock</h2>
 *
 * The meaning of {@code emptyAt} depends on the rate, so a new rate must convert it, and an update
 * computed under the old rate must never be applied under the new one. The state word therefore
 * carries the generation of the limits it was computed under:
 *
 * <pre>
 *   state = emptyAt &lt;&lt; 4 | generation mod 16       (emptyAt in ns since this bucket was made;
 *                                                   2^59 ns is 18 years)
 * </pre>
 *
 * {@link #configure} publishes new limits (keeping the previous ones) and then converts the state:
 * it computes the balance under the previous limits, clamps it to the new burst, and stores the
 * instant that balance means under the new rate, with the new generation. Anyone who meets a state
 * of the previous generation performs the same conversion before doing anything else, so nobody
 * waits for the configuring thread, and no update computed under the old limits can land after the
 * conversion because its compare-and-set would fail. Configurations are serialised by a lock (they
 * are rare, from UpdateTable or a quota change) and each completes its conversion before the next
 * starts, so a state is always of the current or the previous generation.
 */
@NullMarked
final class TokenBucket {
  static final long NANOS_PER_SECOND = 1_000_000_000L;

  private static final int GENERATION_BITS = 4;
  private static final long GENERATION_MASK = (1L << GENERATION_BITS) - 1;

  /**
   * Debt is capped at 2^50 ns (13 days) of refill, which keeps {@code emptyAt} far inside the
   * packed range whatever is charged.
   */
  private static final int MAX_DEBT_NANOS_LOG2 = 50;

  private final LongSupplier nanoTicker;
  private final long originNanos;
  private final AtomicLong state;
  private volatile Limits limits;

  /** The rate and ceiling of one generation; immutable. */
  static final class Limits {
    final long ratePerSecond;
    final long burst;
    final long burstScaled;
    final long maxDebtScaled;
    final long fillNanos;
    final int generation;
    final @Nullable Limits previous;

    Limits(long ratePerSecond, long burst, int generation, @Nullable Limits previous) {
      if (ratePerSecond <= 0) {
        throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
      }
      if (burst <= 0) {
        throw new IllegalArgumentException("burst must be positive: " + burst);
      }
      this.ratePerSecond = ratePerSecond;
      this.burst = burst;
      this.burstScaled = Math.multiplyExact(burst, NANOS_PER_SECOND);
      this.maxDebtScaled =
          ratePerSecond > (1L << 62) >> MAX_DEBT_NANOS_LOG2
              ? 1L << 62
              : ratePerSecond << MAX_DEBT_NANOS_LOG2;
      this.fillNanos = ceilDiv(burstScaled, ratePerSecond);
      this.generation = generation;
      this.previous = previous;
    }

    /** These limits with the history dropped, to be some later generation's {@code previous}. */
    Limits detached() {
      return previous == null ? this : new Limits(ratePerSecond, burst, generation, null);
    }
  }

  /**
   * A bucket refilled at {@code ratePerSecond} half-units per second up to {@code burst}, holding
   * {@code initialBalance} (clamped to the burst) now.
   */
  TokenBucket(LongSupplier nanoTicker, long ratePerSecond, long burst, long initialBalance) {
    this.nanoTicker = nanoTicker;
    this.originNanos = nanoTicker.getAsLong();
    Limits initial = new Limits(ratePerSecond, burst, 0, null);
    this.limits = initial;
    long balanceScaled =
        Math.multiplyExact(Math.min(Math.max(initialBalance, 0), burst), NANOS_PER_SECOND);
    this.state = new AtomicLong(pack(emptyAt(initial, balanceScaled, 0), 0));
  }

  /**
   * Takes {@code halfUnits} if the balance is positive, even if that leaves it negative. Returns 0
   * when taken, or else how many nanoseconds until the balance turns positive; nothing is taken
   * then.
   */
  long tryTake(long halfUnits) {
    long charge = Math.multiplyExact(halfUnits, NANOS_PER_SECOND);
    for (; ; ) {
      long current = state.get();
      Limits l = limits;
      if (generation(current) != l.generation) {
        convert(current, l);
        continue;
      }
      long now = now();
      long emptyAt = emptyAt(current);
      if (now <= emptyAt) {
        return emptyAt - now + 1;
      }
      long balance = Math.max(balance(l, emptyAt, now) - charge, -l.maxDebtScaled);
      if (state.compareAndSet(current, pack(emptyAt(l, balance, now), l.generation))) {
        return 0;
      }
    }
  }

  /**
   * Takes {@code halfUnits} unconditionally (debt allowed), or gives them back when negative (never
   * above the burst). Used to settle an admission at its actual cost.
   */
  void adjust(long halfUnits) {
    long delta = Math.multiplyExact(halfUnits, NANOS_PER_SECOND);
    for (; ; ) {
      long current = state.get();
      Limits l = limits;
      if (generation(current) != l.generation) {
        convert(current, l);
        continue;
      }
      long now = now();
      long balance = balance(l, emptyAt(current), now) - delta;
      balance = Math.min(Math.max(balance, -l.maxDebtScaled), l.burstScaled);
      if (state.compareAndSet(current, pack(emptyAt(l, balance, now), l.generation))) {
        return;
      }
    }
  }

  /**
   * Changes the limits at once, keeping the current balance (debt included) up to the new burst.
   */
  synchronized void configure(long ratePerSecond, long burst) {
    Limits old = limits;
    if (old.ratePerSecond == ratePerSecond && old.burst == burst) {
      return;
    }
    Limits next =
        new Limits(
            ratePerSecond, burst, (int) ((old.generation + 1) & GENERATION_MASK), old.detached());
    limits = next;
    for (long current = state.get();
        generation(current) != next.generation;
        current = state.get()) {
      convert(current, next);
    }
  }

  /** The whole half-units available now, negative when in debt. */
  long availableHalfUnits() {
    for (; ; ) {
      long current = state.get();
      Limits l = limits;
      if (generation(current) != l.generation) {
        convert(current, l);
        continue;
      }
      return Math.floorDiv(balance(l, emptyAt(current), now()), NANOS_PER_SECOND);
    }
  }

  long ratePerSecond() {
    return limits.ratePerSecond;
  }

  long burst() {
    return limits.burst;
  }

  /**
   * Rewrites a state of the previous generation under {@code current}; does nothing for a state
   * read before an even older change (the caller rereads and finds it converted).
   */
  private void convert(long stale, Limits current) {
    Limits previous = current.previous;
    if (previous == null || generation(stale) != previous.generation) {
      return;
    }
    long now = now();
    long balance = balance(previous, emptyAt(stale), now);
    balance = Math.min(Math.max(balance, -current.maxDebtScaled), current.burstScaled);
    state.compareAndSet(stale, pack(emptyAt(current, balance, now), current.generation));
  }

  private long now() {
    return nanoTicker.getAsLong() - originNanos;
  }

  /** The balance in half-unit-nanoseconds at {@code now}. */
  private static long balance(Limits limits, long emptyAt, long now) {
    long elapsed = now - emptyAt;
    return elapsed >= limits.fillNanos ? limits.burstScaled : elapsed * limits.ratePerSecond;
  }

  /** The instant at which {@code balanceScaled} at {@code now} will have drained to zero. */
  private static long emptyAt(Limits limits, long balanceScaled, long now) {
    return now - Math.floorDiv(balanceScaled, limits.ratePerSecond);
  }

  private static long pack(long emptyAt, int generation) {
    return emptyAt << GENERATION_BITS | generation;
  }

  private static long emptyAt(long state) {
    return state >> GENERATION_BITS;
  }

  private static int generation(long state) {
    return (int) (state & GENERATION_MASK);
  }

  private static long ceilDiv(long dividend, long divisor) {
    return -Math.floorDiv(-dividend, divisor);
  }
}

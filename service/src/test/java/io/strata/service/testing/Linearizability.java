package io.strata.service.testing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A linearizability checker for one register (one item's number attribute; 0 when the item has
 * none), after Wing and Gong's search with Lowe's memoization: it looks for an order of the
 * recorded operations that respects real time (an operation that returned before another was
 * invoked comes first) and that a single register could have produced. Operations whose outcome the
 * client never learned (a timeout, a 5xx) may take effect at any point after their invocation, or
 * never: their return is at infinity.
 *
 * <p>The search state is the set of operations already placed plus the register's value; states
 * seen once are not explored again, which keeps histories of a few hundred operations with a
 * handful of concurrent clients fast.
 */
public final class Linearizability {
  /** What a client did to the register. */
  public enum Kind {
    /** Read the value (a strongly consistent GetItem). */
    READ,
    /** Wrote {@code argument} unconditionally. */
    WRITE,
    /** Wrote {@code argument} if the value was {@code expected}; {@code succeeded} says if so. */
    COMPARE_AND_SET
  }

  /**
   * One operation: invoked at {@code invokedNanos}, returned at {@code returnedNanos} ({@link
   * Long#MAX_VALUE} if its outcome is unknown); {@code value} is what a read returned.
   */
  public record Operation(
      Kind kind,
      long expected,
      long argument,
      long value,
      boolean succeeded,
      long invokedNanos,
      long returnedNanos) {
    public boolean isUnknown() {
      return returnedNanos == Long.MAX_VALUE;
    }

    /** The value after this operation, from {@code state}, or -1 if its outcome is impossible. */
    long step(long state) {
      return switch (kind) {
        case READ -> value == state ? state : -1;
        case WRITE -> argument;
        case COMPARE_AND_SET -> {
          if (isUnknown()) {
            yield state == expected ? argument : state;
          }
          if (succeeded) {
            yield state == expected ? argument : -1;
          }
          yield state != expected ? state : -1;
        }
      };
    }
  }

  /** A thread-safe record of operations, timed by the caller's monotonic clock. */
  public static final class History {
    private final List<Operation> operations = new ArrayList<>();
    private final AtomicLong count = new AtomicLong();

    public synchronized void add(Operation operation) {
      operations.add(operation);
      count.incrementAndGet();
    }

    public synchronized List<Operation> operations() {
      return List.copyOf(operations);
    }

    public long size() {
      return count.get();
    }
  }

  private Linearizability() {}

  /**
   * Whether some real-time-respecting order of {@code history} is a register's, from 0. Writes must
   * write values no other write writes.
   */
  public static boolean isLinearizable(List<Operation> history) {
    Set<Long> observed = new HashSet<>();
    for (Operation operation : history) {
      if (operation.kind() == Kind.READ && !operation.isUnknown()) {
        observed.add(operation.value());
      } else if (operation.kind() == Kind.COMPARE_AND_SET && !operation.isUnknown()) {
        observed.add(operation.expected());
      }
    }
    List<Operation> operations =
        history.stream()
            // A read whose answer never came constrains nothing. A write whose outcome is unknown
            // and whose value nobody read or expected is left out too: whether it took effect
            // changes no answer (a failed conditional write that could only be explained by it
            // would be reported, conservatively), and every such write kept would multiply the
            // states to search, since it may be placed anywhere after its invocation.
            .filter(operation -> !(operation.kind() == Kind.READ && operation.isUnknown()))
            .filter(operation -> !operation.isUnknown() || observed.contains(operation.argument()))
            .toList();
    int known = (int) operations.stream().filter(operation -> !operation.isUnknown()).count();
    return search(operations, new BitSet(operations.size()), 0, 0, known, new HashSet<>());
  }

  private record State(BitSet placed, long value) {}

  private static boolean search(
      List<Operation> operations,
      BitSet placed,
      long value,
      int placedKnown,
      int known,
      Set<State> seen) {
    if (placedKnown == known) {
      return true;
    }
    if (!seen.add(new State((BitSet) placed.clone(), value))) {
      return false;
    }
    long earliestReturn = Long.MAX_VALUE;
    for (int i = placed.nextClearBit(0); i < operations.size(); i = placed.nextClearBit(i + 1)) {
      earliestReturn = Math.min(earliestReturn, operations.get(i).returnedNanos());
    }
    for (int i = placed.nextClearBit(0); i < operations.size(); i = placed.nextClearBit(i + 1)) {
      Operation candidate = operations.get(i);
      // Everything unplaced that returned before this one was invoked must come first.
      if (candidate.invokedNanos() > earliestReturn) {
        continue;
      }
      long next = candidate.step(value);
      if (next < 0) {
        continue;
      }
      placed.set(i);
      boolean found =
          search(
              operations, placed, next, placedKnown + (candidate.isUnknown() ? 0 : 1), known, seen);
      placed.clear(i);
      if (found) {
        return true;
      }
    }
    return false;
  }
}

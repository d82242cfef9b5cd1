package io.strata.service.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.testing.Linearizability.Kind;
import io.strata.service.testing.Linearizability.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearizabilityTest {
  private static final long UNKNOWN = Long.MAX_VALUE;

  private static Operation write(long value, long invoked, long returned) {
    return new Operation(Kind.WRITE, 0, value, 0, true, invoked, returned);
  }

  private static Operation read(long value, long invoked, long returned) {
    return new Operation(Kind.READ, 0, 0, value, true, invoked, returned);
  }

  private static Operation compareAndSet(
      long expected, long value, boolean succeeded, long invoked, long returned) {
    return new Operation(Kind.COMPARE_AND_SET, expected, value, 0, succeeded, invoked, returned);
  }

  @Test
  void aReadOfAValueOverwrittenBeforeTheReadBeganIsStale() {
    assertThat(Linearizability.isLinearizable(List.of(write(1, 0, 10), read(0, 20, 30)))).isFalse();
    assertThat(
            Linearizability.isLinearizable(
                List.of(write(1, 0, 10), write(2, 20, 30), read(1, 40, 50))))
        .isFalse();
  }

  @Test
  void concurrentOperationsMayTakeEffectInEitherOrder() {
    assertThat(
            Linearizability.isLinearizable(
                List.of(write(1, 0, 100), read(0, 10, 20), read(1, 30, 40), read(1, 110, 120))))
        .isTrue();
    assertThat(
            Linearizability.isLinearizable(
                List.of(write(1, 0, 100), write(2, 0, 100), read(2, 110, 120), read(2, 130, 140))))
        .isTrue();
  }

  @Test
  void compareAndSetsMustAgreeWithTheValuesTheyFound() {
    assertThat(
            Linearizability.isLinearizable(
                List.of(
                    write(1, 0, 10),
                    compareAndSet(1, 2, true, 20, 30),
                    compareAndSet(1, 3, true, 40, 50))))
        .as("the second found 2, not 1")
        .isFalse();
    assertThat(
            Linearizability.isLinearizable(
                List.of(
                    write(1, 0, 10),
                    compareAndSet(1, 2, true, 20, 30),
                    compareAndSet(1, 3, false, 40, 50),
                    read(2, 60, 70))))
        .isTrue();
  }

  @Test
  void anOperationWithAnUnknownOutcomeMayHaveHappenedOrNot() {
    assertThat(
            Linearizability.isLinearizable(
                List.of(write(1, 0, UNKNOWN), read(0, 20, 30), read(1, 40, 50))))
        .isTrue();
    assertThat(Linearizability.isLinearizable(List.of(write(1, 0, UNKNOWN), read(0, 20, 30))))
        .isTrue();
    assertThat(
            Linearizability.isLinearizable(
                List.of(write(1, 0, UNKNOWN), read(1, 20, 30), read(0, 40, 50))))
        .as("once seen, it cannot be undone")
        .isFalse();
  }

  @Test
  void manyUnknownOutcomesAreCheckedQuickly() {
    List<Operation> history = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      history.add(write(1000 + i, 10L * i, UNKNOWN));
      history.add(write(i, 10L * i, 10L * i + 5));
      history.add(read(i, 10L * i + 6, 10L * i + 8));
    }
    assertThat(Linearizability.isLinearizable(history)).isTrue();
    history.add(write(5000, 700, UNKNOWN));
    history.add(read(5000, 710, 720));
    history.add(read(60, 730, 740));
    assertThat(Linearizability.isLinearizable(history))
        .as("an unknown write that was read cannot be undone either")
        .isFalse();
  }
}

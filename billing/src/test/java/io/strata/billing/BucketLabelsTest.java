package io.strata.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class BucketLabelsTest {
  /** Java's spelling, and Prometheus' (the expected values are from its own /metrics). */
  static Stream<Arguments> spellings() {
    return Stream.of(
        Arguments.of("1.0E-4", "0.0001"),
        Arguments.of("2.5E-4", "0.00025"),
        Arguments.of("0.005", "0.005"),
        Arguments.of("1.0", "1"),
        Arguments.of("2.5", "2.5"),
        Arguments.of("10.0", "10"),
        Arguments.of("102.515625", "102.515625"),
        Arguments.of("409600.0", "409600"),
        Arguments.of("1638400.0", "1.6384e+06"),
        Arguments.of("2.62144E7", "2.62144e+07"),
        Arguments.of("1.0E-5", "1e-05"),
        Arguments.of("0.0", "0"),
        Arguments.of("+Inf", "+Inf"),
        Arguments.of("-Inf", "-Inf"),
        Arguments.of("NaN", "NaN"));
  }

  @ParameterizedTest
  @MethodSource("spellings")
  void spellsNumbersAsPrometheusDoes(String java, String prometheus) {
    assertThat(BucketLabels.goFloat(java)).isEqualTo(prometheus);
  }

  @Test
  void rewritesOnlyTheLeLabel() {
    String exposition =
        "x_bucket{operation=\"1.0E-4\",le=\"1.0E-4\"} 1.0E-4\n"
            + "x_bucket{operation=\"a\",le=\"+Inf\"} 3\n"
            + "y_total{table=\"x,le=\\\"1.0\\\"\"} 2.0\n";

    assertThat(BucketLabels.canonical(exposition))
        .isEqualTo(
            "x_bucket{operation=\"1.0E-4\",le=\"0.0001\"} 1.0E-4\n"
                + "x_bucket{operation=\"a\",le=\"+Inf\"} 3\n"
                + "y_total{table=\"x,le=\\\"1.0\\\"\"} 2.0\n");
  }
}

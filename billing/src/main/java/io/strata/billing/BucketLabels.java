package io.strata.billing;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the {@code le} labels of a Prometheus text exposition into the form Prometheus' own
 * client library (client_golang) writes them, Go's shortest {@code %g}: {@code le="0.0001"}, {@code
 * le="0.25"}, {@code le="1"}, {@code le="+Inf"}.
 *
 * <p>The Java client writes bucket bounds with {@link Double#toString}, so 100 microseconds comes
 * out as {@code le="1.0E-4"}. Prometheus parses either spelling as the same number, but a label is
 * compared as a string: a query or recording rule that names {@code le="0.0001"}, or that
 * aggregates our buckets with those of a Go service, would miss ours. Only {@code le} is rewritten:
 * it is the one label whose value is a number we did not choose the spelling of.
 */
final class BucketLabels {
  /**
   * A label named {@code le}: it follows the brace or a comma. Quotes inside label values are
   * escaped, so that text cannot occur inside a value.
   */
  private static final Pattern LE = Pattern.compile("([{,])le=\"([^\"]*)\"");

  /**
   * Go's shortest {@code %g} writes an exponent below 1e-4 and from 1e6 up, as Prometheus' own
   * metrics show: {@code le="409600"} but {@code le="1.6384e+06"}.
   */
  private static final int SMALLEST_PLAIN_EXPONENT = -4;

  private static final int LARGEST_PLAIN_EXPONENT = 5;

  private BucketLabels() {}

  static String canonical(String exposition) {
    if (!exposition.contains("le=\"")) {
      return exposition;
    }
    Matcher label = LE.matcher(exposition);
    StringBuilder out = new StringBuilder(exposition.length());
    while (label.find()) {
      label.appendReplacement(out, "");
      out.append(label.group(1)).append("le=\"").append(goFloat(label.group(2))).append('"');
    }
    label.appendTail(out);
    return out.toString();
  }

  /** A number, however spelled, as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} writes it. */
  static String goFloat(String value) {
    double parsed;
    try {
      parsed = Double.parseDouble(value);
    } catch (NumberFormatException notANumber) {
      return value;
    }
    if (Double.isNaN(parsed)) {
      return "NaN";
    }
    if (Double.isInfinite(parsed)) {
      return parsed > 0 ? "+Inf" : "-Inf";
    }
    if (parsed == 0) {
      return "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(parsed)).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent >= SMALLEST_PLAIN_EXPONENT && exponent <= LARGEST_PLAIN_EXPONENT) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    return (shortest.signum() < 0 ? "-" : "")
        + digits.charAt(0)
        + (digits.length() > 1 ? "." + digits.substring(1) : "")
        + (exponent < 0 ? "e-" : "e+")
        + (Math.abs(exponent) < 10 ? "0" : "")
        + Math.abs(exponent);
  }
}

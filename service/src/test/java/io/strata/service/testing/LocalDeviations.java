package io.strata.service.testing;

import io.strata.service.error.ValidationMessages;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Messages DynamoDB Local words differently from DynamoDB itself, for differential tests: each
 * pairs DynamoDB Local's text with DynamoDB's (as {@link ValidationMessages} records it, from
 * captures against AWS), so a test can hold us to DynamoDB's wording while comparing everything
 * else with DynamoDB Local verbatim.
 */
public final class LocalDeviations {
  /** DynamoDB Local's text, and a pattern of DynamoDB's text in its place. */
  private record Deviation(String local, String dynamoDb) {}

  private static final List<Deviation> DEVIATIONS =
      List.of(
          new Deviation(
              "DynamoDB only supports precision up to 38 digits",
              Pattern.quote(ValidationMessages.TOO_MANY_DIGITS)),
          new Deviation(
              "A value provided cannot be converted into a number",
              Pattern.quote(ValidationMessages.notNumeric("")) + "(: .*)?"),
          new Deviation(
              "Exclusive Start Key must have same size as table's key schema",
              Pattern.quote(ValidationMessages.START_KEY_INVALID)),
          new Deviation(
              "If segment is specified, total segment must also be specified",
              Pattern.quote(ValidationMessages.TOTAL_SEGMENTS_MISSING)),
          new Deviation(
              "If total segments is specified, a particular segment must also be specified for"
                  + " this request",
              Pattern.quote(ValidationMessages.SEGMENT_MISSING)),
          new Deviation(
              "Key attributes must be scalars; list random access '[]' and map lookup '.' are not"
                  + " allowed: Key: ",
              Pattern.quote(ValidationMessages.NESTED_KEY_CONDITION) + "()"),
          new Deviation(
              "Table has no stream to disable",
              Pattern.quote(ValidationMessages.NO_STREAM_TO_DISABLE.formatted("")) + ".+"),
          new Deviation(
              "Cannot have two attributes with the same name",
              Pattern.quote("One or more parameter values were invalid: Duplicate value in")
                  + " attribute name: .*"));

  /** Whole messages: DynamoDB Local's as a pattern, and DynamoDB's in its place. */
  private record WholeDeviation(Pattern local, Pattern dynamoDb) {}

  private static final List<WholeDeviation> WHOLE_DEVIATIONS =
      List.of(
          // A Segment not below TotalSegments: DynamoDB Local reports a constraint violation.
          new WholeDeviation(
              Pattern.compile(
                  "1 validation error detected: Value '\\d+' at 'segment' failed to satisfy"
                      + " constraint: Member must have value less than or equal to \\d+"),
              Pattern.compile(
                  Pattern.quote(
                          "The Segment parameter is zero-based and must be less than parameter"
                              + " TotalSegments: Segment: ")
                      + "\\d+ is not less than TotalSegments: \\d+")));

  private LocalDeviations() {}

  /**
   * Whether our message is DynamoDB Local's, or DynamoDB's where DynamoDB Local's wording is a
   * known deviation. {@code "()"} ending a replacement drops the rest of DynamoDB Local's text (an
   * attribute name DynamoDB's message does not repeat).
   */
  public static boolean isSameError(@Nullable String ours, @Nullable String dynamoDbLocal) {
    if (ours == null || dynamoDbLocal == null) {
      return ours == null && dynamoDbLocal == null;
    }
    if (ours.equals(dynamoDbLocal)) {
      return true;
    }
    for (WholeDeviation deviation : WHOLE_DEVIATIONS) {
      if (deviation.local().matcher(dynamoDbLocal).matches()
          && deviation.dynamoDb().matcher(ours).matches()) {
        return true;
      }
    }
    for (Deviation deviation : DEVIATIONS) {
      int at = dynamoDbLocal.indexOf(deviation.local());
      if (at < 0) {
        continue;
      }
      String rest = dynamoDbLocal.substring(at + deviation.local().length());
      String after = deviation.dynamoDb().endsWith("()") ? "" : Pattern.quote(rest);
      Pattern expected =
          Pattern.compile(
              Pattern.quote(dynamoDbLocal.substring(0, at)) + deviation.dynamoDb() + after,
              Pattern.DOTALL);
      if (expected.matcher(ours).matches()) {
        return true;
      }
    }
    return false;
  }
}

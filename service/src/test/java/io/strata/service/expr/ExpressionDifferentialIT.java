package io.strata.service.expr;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.error.ValidationMessages;
import io.strata.service.model.AttributeValue;
import io.strata.service.testing.DynamoDbLocal;
import io.strata.service.testing.LocalDeviations;
import io.strata.service.testing.StrataTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replays seeded random scenarios ({@link ExpressionScenarioGenerator}) against DynamoDB Local and
 * against a running Strata server, both through the AWS SDK (ours over HTTPS), and requires the
 * same answer to every step: the same error code and message, the same returned attributes, the
 * same stored item afterwards.
 *
 * <p>Four differences are deliberate and tolerated, each because real DynamoDB behaves as we do (or
 * DynamoDB Local's output is an artefact):
 *
 * <ol>
 *   <li>an update of a missing item that only removes attributes: DynamoDB Local creates an item
 *       holding just the key, DynamoDB does not (see {@link UpdateApplier});
 *   <li>"Two document paths overlap/conflict" with three or more paths in the expression: DynamoDB
 *       Local sometimes names a third, unrelated path as "path two" (see {@link PathTree}); the
 *       messages must still agree up to the paths;
 *   <li>UPDATED_OLD/UPDATED_NEW of nested paths (DynamoDB Local returns whole top-level attributes;
 *       see {@link UpdateResult}): the generator only asks for them when every path is top-level,
 *       where both agree;
 *   <li>an update in which several actions fail at run time: which one DynamoDB Local reports
 *       follows a hash map's iteration order; both must still refuse the update with one of the
 *       run-time update errors.
 * </ol>
 */
@Timeout(300)
class ExpressionDifferentialIT {
  private static final long[] SEEDS = {1L, 2L, 3L, 20240601L};
  private static final int STEPS_PER_SEED = 120;
  private static final Set<String> RUNTIME_UPDATE_ERRORS =
      Set.of(
          "An operand in the update expression has an incorrect data type",
          "The document path provided in the update expression is invalid for update",
          "The provided expression refers to an attribute that does not exist in the item",
          "DynamoDB only supports precision up to 38 digits",
          ValidationMessages.TOO_MANY_DIGITS,
          "Number overflow. Attempting to store a number with magnitude larger than supported"
              + " range",
          "Number underflow. Attempting to store a number with magnitude smaller than supported"
              + " range");

  private static SdkScenarioTarget reference;
  private static SdkScenarioTarget ours;

  @BeforeAll
  static void createTables() {
    String table = "expr_differential_" + UUID.randomUUID().toString().substring(0, 8);
    reference = new SdkScenarioTarget(DynamoDbLocal.shared().client(), table);
    ours = new SdkScenarioTarget(StrataTestServer.shared().client(), table);
    reference.createTable();
    ours.createTable();
  }

  @AfterAll
  static void dropTables() {
    ours.deleteTable();
    reference.deleteTable();
    reference.close();
  }

  @Test
  void randomUpdatesConditionsAndProjectionsBehaveLikeDynamoDbLocal() {
    List<String> mismatches = new ArrayList<>();
    int errors = 0;
    int steps = 0;
    for (long seed : SEEDS) {
      for (ScenarioStep step : new ExpressionScenarioGenerator(seed, 3).scenario(STEPS_PER_SEED)) {
        steps++;
        ScenarioOutcome expected = reference.execute(step);
        ScenarioOutcome actual = ours.execute(step);
        if (isRemovalOnlyUpdateOfMissingItem(step, expected, actual)) {
          reference.deleteItem(step.key());
          continue;
        }
        if (expected.errorCode() != null) {
          errors++;
        }
        String mismatch = compare(step, expected, actual);
        if (mismatch != null) {
          mismatches.add("seed " + seed + ": " + step.describe() + "\n    " + mismatch);
        }
      }
      for (int k = 0; k <= 3; k++) {
        Map<String, AttributeValue> key =
            Map.of(ExpressionScenarioGenerator.KEY_ATTRIBUTE, AttributeValue.s("k" + k));
        reference.deleteItem(key);
        ours.deleteItem(key);
      }
    }
    assertThat(mismatches).as("steps that differ from DynamoDB Local").isEmpty();
    assertThat(errors).as("error steps out of %d", steps).isBetween(steps / 10, steps * 2 / 3);
  }

  private static String compare(
      ScenarioStep step, ScenarioOutcome expected, ScenarioOutcome actual) {
    if (isRemovalFromAMissingItem(step, expected, actual)) {
      return null;
    }
    if (!Objects.equals(expected.errorCode(), actual.errorCode())
        || !messagesAgree(step, expected.errorMessage(), actual.errorMessage())) {
      return "DynamoDB Local: "
          + expected.errorCode()
          + " "
          + expected.errorMessage()
          + "\n    ours:           "
          + actual.errorCode()
          + " "
          + actual.errorMessage();
    }
    if (!expected.returned().equals(actual.returned())) {
      return "returned " + expected.returned() + "\n    ours:    " + actual.returned();
    }
    if (!Objects.equals(expected.storedItem(), actual.storedItem())) {
      return "stored " + expected.storedItem() + "\n    ours:  " + actual.storedItem();
    }
    return null;
  }

  /**
   * An update of only REMOVE and DELETE actions on an item that does not exist: DynamoDB leaves the
   * item absent whatever the paths (issue 15), where DynamoDB Local refuses a nested path.
   */
  private static boolean isRemovalFromAMissingItem(
      ScenarioStep step, ScenarioOutcome expected, ScenarioOutcome actual) {
    String update = step.updateExpression();
    return update != null
        && update.matches("(?s)\\s*(REMOVE|DELETE)\\b.*")
        && !update.matches("(?s).*\\b(SET|ADD)\\b.*")
        && "The document path provided in the update expression is invalid for update"
            .equals(expected.errorMessage())
        && expected.storedItem() == null
        && actual.errorCode() == null
        && actual.storedItem() == null;
  }

  private static boolean messagesAgree(ScenarioStep step, String expected, String actual) {
    if (LocalDeviations.isSameError(actual, expected)) {
      return true;
    }
    if (expected == null || actual == null) {
      return false;
    }
    if (RUNTIME_UPDATE_ERRORS.contains(expected) && RUNTIME_UPDATE_ERRORS.contains(actual)) {
      return step.updateExpression() != null && actionCount(step.updateExpression()) >= 2;
    }
    String overlap = "Two document paths ";
    if (!expected.contains(overlap)) {
      return false;
    }
    String expression =
        step.updateExpression() != null ? step.updateExpression() : step.projectionExpression();
    int paths = expression == null ? 0 : actionCount(expression);
    String prefix = expected.substring(0, expected.indexOf("path one:"));
    return paths >= 3 && actual.startsWith(prefix);
  }

  private static boolean isRemovalOnlyUpdateOfMissingItem(
      ScenarioStep step, ScenarioOutcome expected, ScenarioOutcome actual) {
    return step.operation() == ScenarioStep.Operation.UPDATE_ITEM
        && expected.errorCode() == null
        && actual.errorCode() == null
        && actual.storedItem() == null
        && step.key().equals(expected.storedItem());
  }

  /** The number of comma- or clause-separated parts of an update or projection expression. */
  private static int actionCount(String expression) {
    return expression.split(",| SET | REMOVE | ADD | DELETE ").length;
  }
}

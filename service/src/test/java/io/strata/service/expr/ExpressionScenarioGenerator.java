package io.strata.service.expr;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.Bytes;
import io.strata.service.model.DynamoNumber;
import io.strata.service.model.ScalarOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates reproducible random scenarios against a table whose key is a string attribute {@code
 * pk}: puts of random documents, then updates with random UpdateExpressions and
 * ConditionExpressions, conditional puts and deletes, and projected gets, all on a few keys so that
 * state carries over from step to step.
 *
 * <p>Most requests are valid, so items evolve; some have type errors, overlapping paths, paths
 * through the wrong kind of container, missing attributes, arithmetic overflow, unused or missing
 * placeholders, or a corrupted expression, so that error messages are compared as well. The same
 * seed always gives the same steps; the server's integration tests replay them against our HTTPS
 * endpoint.
 */
final class ExpressionScenarioGenerator {
  static final String KEY_ATTRIBUTE = "pk";

  private static final String[] NAMES = {"a", "b", "c", "l", "m", "n", "s", "x"};
  private static final String[] STRINGS = {
    "", "a", "ab", "abc", "b", "z", "A", "\u00e9", "\ud83d\ude00"
  };
  private static final String[] NUMBERS = {
    "0",
    "1",
    "-1",
    "2.5",
    "10",
    "1E+2",
    "-0.001",
    "123456789012345678901234567890123456",
    "9.9999999999999999999999999999999999999E+125",
    "1E-130",
    "7"
  };
  private static final String[] TYPE_NAMES = {
    "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS", "X"
  };
  private static final String[] COMPARATORS = {"=", "<>", "<", "<=", ">", ">="};

  private final Random random;
  private final int keyCount;

  ExpressionScenarioGenerator(long seed, int keyCount) {
    this.random = new Random(seed);
    this.keyCount = keyCount;
  }

  /** A scenario: one unconditional put per key, then {@code steps} random requests. */
  List<ScenarioStep> scenario(int steps) {
    List<ScenarioStep> scenario = new ArrayList<>();
    for (int k = 0; k < keyCount; k++) {
      scenario.add(put(key(k), false));
    }
    for (int i = 0; i < steps; i++) {
      scenario.add(next());
    }
    return scenario;
  }

  ScenarioStep next() {
    Map<String, AttributeValue> key = key(random.nextInt(keyCount + 1));
    int kind = random.nextInt(100);
    if (kind < 70) {
      return update(key);
    }
    if (kind < 82) {
      return put(key, random.nextBoolean());
    }
    if (kind < 90) {
      return delete(key);
    }
    return get(key);
  }

  private Map<String, AttributeValue> key(int index) {
    return Map.of(KEY_ATTRIBUTE, AttributeValue.s("k" + index));
  }

  // ---- requests -------------------------------------------------------------------------------

  private ScenarioStep put(Map<String, AttributeValue> key, boolean conditional) {
    Placeholders placeholders = new Placeholders();
    Map<String, AttributeValue> item = new LinkedHashMap<>(key);
    int attributes = 1 + random.nextInt(5);
    for (int i = 0; i < attributes; i++) {
      item.put(NAMES[random.nextInt(NAMES.length)], value(2));
    }
    String condition = conditional ? condition(placeholders, 2) : null;
    return placeholders.step(
        ScenarioStep.Operation.PUT_ITEM,
        key,
        item,
        null,
        condition,
        null,
        ReturnValue.NONE,
        random);
  }

  private ScenarioStep delete(Map<String, AttributeValue> key) {
    Placeholders placeholders = new Placeholders();
    String condition = condition(placeholders, 2);
    return placeholders.step(
        ScenarioStep.Operation.DELETE_ITEM,
        key,
        null,
        null,
        condition,
        null,
        ReturnValue.NONE,
        random);
  }

  private ScenarioStep get(Map<String, AttributeValue> key) {
    Placeholders placeholders = new Placeholders();
    int count = 1 + random.nextInt(3);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      paths.add(path(placeholders, 3));
    }
    String projection = maybeCorrupt(String.join(", ", paths));
    return placeholders.step(
        ScenarioStep.Operation.GET_ITEM,
        key,
        null,
        null,
        null,
        projection,
        ReturnValue.NONE,
        random);
  }

  private ScenarioStep update(Map<String, AttributeValue> key) {
    Placeholders placeholders = new Placeholders();
    List<String> clauses = new ArrayList<>();
    List<String> kinds = new ArrayList<>(List.of("SET", "REMOVE", "ADD", "DELETE"));
    java.util.Collections.shuffle(kinds, random);
    int clauseCount = 1 + (random.nextInt(4) == 0 ? 1 : 0) + (random.nextInt(8) == 0 ? 1 : 0);
    boolean onlyTopLevel = true;
    for (int c = 0; c < clauseCount; c++) {
      String kind = kinds.get(c);
      int actions = 1 + (random.nextInt(3) == 0 ? 1 : 0);
      List<String> parts = new ArrayList<>();
      for (int a = 0; a < actions; a++) {
        String path = path(placeholders, random.nextInt(3) == 0 ? 3 : 1);
        onlyTopLevel &= !path.contains(".") && !path.contains("[");
        parts.add(
            switch (kind) {
              case "SET" -> path + " = " + setValue(placeholders);
              case "REMOVE" -> path;
              case "ADD" -> path + " " + placeholders.value(addValue());
              default -> path + " " + placeholders.value(deleteValue());
            });
      }
      clauses.add(kind + " " + String.join(", ", parts));
    }
    String update = maybeCorrupt(String.join(" ", clauses));
    String condition = random.nextInt(3) == 0 ? condition(placeholders, 2) : null;
    ReturnValue returnValue =
        switch (random.nextInt(onlyTopLevel ? 5 : 3)) {
          case 0 -> ReturnValue.NONE;
          case 1 -> ReturnValue.ALL_OLD;
          case 2 -> ReturnValue.ALL_NEW;
          case 3 -> ReturnValue.UPDATED_OLD;
          default -> ReturnValue.UPDATED_NEW;
        };
    return placeholders.step(
        ScenarioStep.Operation.UPDATE_ITEM,
        key,
        null,
        update,
        condition,
        null,
        returnValue,
        random);
  }

  // ---- expressions ----------------------------------------------------------------------------

  private String setValue(Placeholders placeholders) {
    return switch (random.nextInt(10)) {
      case 0, 1, 2 -> placeholders.value(value(2));
      case 3 -> path(placeholders, 2);
      case 4 -> path(placeholders, 2) + " + " + placeholders.value(number());
      case 5 -> placeholders.value(number()) + " - " + path(placeholders, 2);
      case 6 ->
          "if_not_exists(" + path(placeholders, 2) + ", " + placeholders.value(value(1)) + ")";
      case 7 -> "list_append(" + path(placeholders, 2) + ", " + placeholders.value(list(1)) + ")";
      case 8 ->
          "list_append(if_not_exists("
              + path(placeholders, 1)
              + ", "
              + placeholders.value(new AttributeValue.L(List.of()))
              + "), "
              + placeholders.value(list(1))
              + ")";
      default -> "(" + placeholders.value(number()) + " + " + placeholders.value(number()) + ")";
    };
  }

  private String condition(Placeholders placeholders, int depth) {
    int choice = random.nextInt(depth > 0 ? 14 : 10);
    return switch (choice) {
      case 0 -> "attribute_exists(" + path(placeholders, 2) + ")";
      case 1 -> "attribute_not_exists(" + path(placeholders, 2) + ")";
      case 2, 3 ->
          path(placeholders, 2)
              + " "
              + COMPARATORS[random.nextInt(COMPARATORS.length)]
              + " "
              + placeholders.value(random.nextBoolean() ? scalar() : value(1));
      case 4 -> {
        AttributeValue low = scalar();
        AttributeValue high = random.nextInt(4) == 0 ? scalar() : sameTypeAtLeast(low);
        yield path(placeholders, 2)
            + " BETWEEN "
            + placeholders.value(low)
            + " AND "
            + placeholders.value(high);
      }
      case 5 ->
          path(placeholders, 2)
              + " IN ("
              + placeholders.value(scalar())
              + ", "
              + placeholders.value(value(1))
              + ")";
      case 6 ->
          "begins_with("
              + path(placeholders, 2)
              + ", "
              + placeholders.value(
                  random.nextInt(5) == 0 ? number() : random.nextBoolean() ? string() : binary())
              + ")";
      case 7 -> "contains(" + path(placeholders, 2) + ", " + placeholders.value(scalar()) + ")";
      case 8 ->
          "size("
              + path(placeholders, 2)
              + ") "
              + COMPARATORS[random.nextInt(COMPARATORS.length)]
              + " "
              + placeholders.value(AttributeValue.n(random.nextInt(4)));
      case 9 ->
          "attribute_type("
              + path(placeholders, 2)
              + ", "
              + placeholders.value(AttributeValue.s(TYPE_NAMES[random.nextInt(TYPE_NAMES.length)]))
              + ")";
      case 10 -> "NOT " + condition(placeholders, depth - 1);
      case 11 -> condition(placeholders, depth - 1) + " AND " + condition(placeholders, depth - 1);
      case 12 -> condition(placeholders, depth - 1) + " OR " + condition(placeholders, depth - 1);
      default -> "(" + condition(placeholders, depth - 1) + ")";
    };
  }

  private String path(Placeholders placeholders, int maxDepth) {
    StringBuilder path = new StringBuilder(name(placeholders, NAMES[random.nextInt(NAMES.length)]));
    int depth = 1 + random.nextInt(maxDepth);
    for (int i = 1; i < depth; i++) {
      if (random.nextBoolean()) {
        path.append('[').append(random.nextInt(4)).append(']');
      } else {
        path.append('.').append(name(placeholders, NAMES[random.nextInt(NAMES.length)]));
      }
    }
    return path.toString();
  }

  private String name(Placeholders placeholders, String name) {
    if (random.nextInt(4) == 0) {
      return placeholders.name(name);
    }
    return name;
  }

  /** Occasionally breaks an expression: drops, doubles or replaces one character. */
  private String maybeCorrupt(String expression) {
    if (random.nextInt(20) != 0 || expression.isEmpty()) {
      return expression;
    }
    int at = random.nextInt(expression.length());
    return switch (random.nextInt(3)) {
      case 0 -> expression.substring(0, at) + expression.substring(at + 1);
      case 1 -> expression.substring(0, at + 1) + expression.substring(at);
      default ->
          expression.substring(0, at)
              + "=(),.:#".charAt(random.nextInt(7))
              + expression.substring(at + 1);
    };
  }

  // ---- values ---------------------------------------------------------------------------------

  private AttributeValue value(int depth) {
    int choice = random.nextInt(depth > 0 ? 12 : 10);
    return switch (choice) {
      case 0, 1 -> string();
      case 2, 3 -> number();
      case 4 -> binary();
      case 5 -> AttributeValue.Bool.of(random.nextBoolean());
      case 6 -> AttributeValue.Null.INSTANCE;
      case 7 -> stringSet();
      case 8 -> numberSet();
      case 9 -> binarySet();
      case 10 -> list(depth - 1);
      default -> map(depth - 1);
    };
  }

  private AttributeValue scalar() {
    return switch (random.nextInt(3)) {
      case 0 -> string();
      case 1 -> number();
      default -> binary();
    };
  }

  private AttributeValue sameTypeAtLeast(AttributeValue low) {
    for (int attempt = 0; attempt < 8; attempt++) {
      AttributeValue candidate =
          switch (low.type()) {
            case S -> string();
            case N -> number();
            default -> binary();
          };
      if (ScalarOrder.compare(low, candidate) <= 0) {
        return candidate;
      }
    }
    return low;
  }

  private AttributeValue addValue() {
    return switch (random.nextInt(8)) {
      case 0, 1, 2 -> number();
      case 3 -> stringSet();
      case 4 -> numberSet();
      case 5 -> binarySet();
      default -> value(1);
    };
  }

  private AttributeValue deleteValue() {
    return switch (random.nextInt(6)) {
      case 0, 1 -> stringSet();
      case 2 -> numberSet();
      case 3 -> binarySet();
      default -> value(1);
    };
  }

  private AttributeValue string() {
    return AttributeValue.s(STRINGS[random.nextInt(STRINGS.length)]);
  }

  private AttributeValue number() {
    return AttributeValue.n(NUMBERS[random.nextInt(NUMBERS.length)]);
  }

  private AttributeValue binary() {
    byte[] bytes = new byte[random.nextInt(3)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (random.nextBoolean() ? i : 0xff);
    }
    return AttributeValue.b(Bytes.wrap(bytes));
  }

  private AttributeValue stringSet() {
    Set<String> strings = new LinkedHashSet<>();
    int size = 1 + random.nextInt(3);
    while (strings.size() < size) {
      strings.add(STRINGS[1 + random.nextInt(STRINGS.length - 1)]);
    }
    return new AttributeValue.SS(strings);
  }

  private AttributeValue numberSet() {
    Set<DynamoNumber> numbers = new LinkedHashSet<>();
    int size = 1 + random.nextInt(3);
    while (numbers.size() < size) {
      numbers.add(DynamoNumber.parse(NUMBERS[random.nextInt(NUMBERS.length)]));
    }
    return new AttributeValue.NS(numbers);
  }

  private AttributeValue binarySet() {
    Set<Bytes> values = new LinkedHashSet<>();
    int size = 1 + random.nextInt(2);
    while (values.size() < size) {
      values.add(Bytes.wrap(new byte[] {(byte) random.nextInt(3)}));
    }
    return new AttributeValue.BS(values);
  }

  private AttributeValue list(int depth) {
    List<AttributeValue> elements = new ArrayList<>();
    int size = random.nextInt(4);
    for (int i = 0; i < size; i++) {
      elements.add(value(depth));
    }
    return new AttributeValue.L(elements);
  }

  private AttributeValue map(int depth) {
    Map<String, AttributeValue> entries = new LinkedHashMap<>();
    int size = random.nextInt(4);
    for (int i = 0; i < size; i++) {
      entries.put(NAMES[random.nextInt(NAMES.length)], value(depth));
    }
    return new AttributeValue.M(entries);
  }

  /** Collects the placeholders an expression uses; sometimes adds an unused one. */
  private static final class Placeholders {
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    String name(String name) {
      String placeholder = "#" + name;
      names.put(placeholder, name);
      return placeholder;
    }

    String value(AttributeValue value) {
      String placeholder = ":v" + values.size();
      values.put(placeholder, value);
      return placeholder;
    }

    ScenarioStep step(
        ScenarioStep.Operation operation,
        Map<String, AttributeValue> key,
        Map<String, AttributeValue> item,
        String update,
        String condition,
        String projection,
        ReturnValue returnValue,
        Random random) {
      if (random.nextInt(40) == 0) {
        names.put("#unused", "u");
      }
      if (random.nextInt(40) == 0 && operation != ScenarioStep.Operation.GET_ITEM) {
        values.put(":unused", AttributeValue.s("u"));
      }
      return new ScenarioStep(
          operation,
          key,
          item,
          update,
          condition,
          projection,
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(names)),
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values)),
          returnValue);
    }
  }
}

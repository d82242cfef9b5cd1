package io.strata.service.partiql;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random PartiQL statements over two tables: {@code <t>} (pk S, sk N; global index {@code
 * gix} on g, keys only; local index {@code lix} on l) and {@code <h>} (id S). Keys come from a
 * small space so that inserts collide, updates and deletes find items, and partitions hold several
 * items. Values mix every literal type. About a fifth of the statements are invalid in some way
 * DynamoDB reports: a syntax error, a missing key equality, a key of the wrong type, an unknown
 * index, a misplaced ORDER BY, a duplicate map key, a parameter count that does not match.
 *
 * <p>Names avoid PartiQL's reserved words (DynamoDB refuses {@code list} or {@code inner} unquoted;
 * Strata reserves only the words of its grammar). ORDER BY comes without Limit: DynamoDB Local
 * orders each page on its own (Limit 1 with DESC pages through ascending keys), where a Query read
 * backwards, as we do, orders the whole result.
 *
 * <p>A read of the local index is compared as a multiset: items that tie on the index's sort key
 * have no documented order.
 *
 * <p>Projections are top-level attributes only: DynamoDB Local names a nested projection by its
 * last step ({@code m.b[2]} comes back as {@code b[2]}), while Strata keeps the document's
 * structure, as a ProjectionExpression does; the SDK tests pin that.
 */
final class StatementGenerator {
  /** One statement with its parameters (PartiQL literal texts, bound as SDK values) and Limit. */
  record Statement(String text, List<String> parameters, Integer limit, boolean orderedResult) {}

  private static final String[] PARTITIONS = {"a", "b", "c", "d"};
  private static final String[] ATTRIBUTES = {"x", "n", "flag", "tags", "nums", "doc", "vals", "g"};

  private final Random random;
  private final String table;
  private final String hashTable;

  StatementGenerator(long seed, String table, String hashTable) {
    this.random = new Random(seed);
    this.table = table;
    this.hashTable = hashTable;
  }

  List<Statement> statements(int count) {
    List<Statement> statements = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statements.add(next());
    }
    return statements;
  }

  private Statement next() {
    int kind = random.nextInt(100);
    if (kind < 22) {
      return insert();
    }
    if (kind < 55) {
      return select();
    }
    if (kind < 72) {
      return update();
    }
    if (kind < 82) {
      return delete();
    }
    return invalid();
  }

  private Statement insert() {
    if (random.nextInt(5) == 0) {
      return plain(
          "INSERT INTO \""
              + hashTable
              + "\" VALUE {'id': '"
              + hashKey()
              + "', 'x': "
              + value()
              + "}");
    }
    StringBuilder item = new StringBuilder("{'pk': ?, 'sk': " + sortKey());
    for (String attribute : ATTRIBUTES) {
      if (random.nextInt(3) == 0) {
        item.append(", '").append(attribute).append("': ").append(value(attribute));
      }
    }
    if (random.nextBoolean()) {
      item.append(", 'l': ").append(random.nextInt(5));
    }
    item.append('}');
    return new Statement(
        "INSERT INTO \"" + table + "\" VALUE " + item, List.of(quoted(partition())), null, true);
  }

  private Statement select() {
    String projection = random.nextInt(3) == 0 ? "pk, sk, x, n" : "*";
    int shape = random.nextInt(10);
    Integer limit = random.nextInt(3) == 0 ? 1 + random.nextInt(3) : null;
    String from = "\"" + table + "\"";
    switch (shape) {
      case 0, 1 -> {
        return new Statement(
            "SELECT "
                + projection
                + " FROM "
                + from
                + " WHERE pk = '"
                + partition()
                + "'"
                + sortCondition(),
            List.of(),
            limit,
            true);
      }
      case 2 -> {
        return new Statement(
            "SELECT " + projection + " FROM " + from + " WHERE pk = ? AND sk = ?",
            List.of(quoted(partition()), Integer.toString(sortKey())),
            null,
            true);
      }
      case 3 -> {
        return new Statement(
            "SELECT * FROM "
                + from
                + " WHERE pk = '"
                + partition()
                + "' ORDER BY sk "
                + (random.nextBoolean() ? "DESC" : "ASC"),
            List.of(),
            null,
            true);
      }
      case 4 -> {
        String first = partition();
        return new Statement(
            "SELECT "
                + projection
                + " FROM "
                + from
                + " WHERE pk IN ['"
                + first
                + "', '"
                + otherPartition(first)
                + "']"
                + sortCondition(),
            List.of(),
            limit,
            false);
      }
      case 5 -> {
        return new Statement(
            "SELECT pk, sk, g FROM \""
                + table
                + "\".\"gix\" WHERE g = 'G"
                + random.nextInt(3)
                + "'",
            List.of(),
            null,
            false);
      }
      case 6 -> {
        return new Statement(
            "SELECT * FROM \""
                + table
                + "\".\"lix\" WHERE pk = '"
                + partition()
                + "' AND l > "
                + random.nextInt(4),
            List.of(),
            limit,
            false);
      }
      default -> {
        return new Statement(
            "SELECT " + projection + " FROM " + from + " WHERE " + filter(),
            List.of(),
            limit,
            false);
      }
    }
  }

  private Statement update() {
    StringBuilder text = new StringBuilder("UPDATE \"" + table + "\"");
    switch (random.nextInt(6)) {
      case 0 -> text.append(" SET x = ").append(value("x"));
      case 1 -> text.append(" SET n = n + ").append(random.nextInt(9));
      case 2 -> text.append(" REMOVE ").append(attribute());
      case 3 ->
          text.append(" SET tags = set_add(tags, <<'t").append(random.nextInt(3)).append("'>>)");
      case 4 ->
          text.append(" SET vals = list_append(vals, [").append(random.nextInt(9)).append("])");
      default -> text.append(" SET flag = ").append(random.nextBoolean()).append(", g = 'G1'");
    }
    text.append(" WHERE pk = '").append(partition()).append("' AND sk = ").append(sortKey());
    if (random.nextInt(3) == 0) {
      text.append(" AND ").append(filter());
    }
    String[] returning = {"", "", " RETURNING ALL OLD *", " RETURNING ALL NEW *"};
    text.append(returning[random.nextInt(returning.length)]);
    return plain(text.toString());
  }

  private Statement delete() {
    if (random.nextInt(5) == 0) {
      return plain("DELETE FROM \"" + hashTable + "\" WHERE id = '" + hashKey() + "'");
    }
    String condition = random.nextInt(3) == 0 ? " AND " + filter() : "";
    String returning = random.nextBoolean() ? " RETURNING ALL OLD *" : "";
    return plain(
        "DELETE FROM \""
            + table
            + "\" WHERE pk = '"
            + partition()
            + "' AND sk = "
            + sortKey()
            + condition
            + returning);
  }

  private Statement invalid() {
    String from = "\"" + table + "\"";
    return switch (random.nextInt(9)) {
      case 0 -> plain("SELEC * FROM " + from);
      case 1 -> plain("UPDATE " + from + " SET x = 1 WHERE pk = 'a'");
      case 2 -> plain("SELECT * FROM " + from + " WHERE pk = 5");
      case 3 -> plain("SELECT * FROM \"" + table + "\".\"nope\"");
      case 4 -> plain("SELECT * FROM " + from + " WHERE x = 'a' ORDER BY sk");
      case 5 -> plain("SELECT * FROM " + from + " WHERE pk = 'a' ORDER BY x");
      case 6 -> plain("INSERT INTO " + from + " VALUE {'pk': 'a'}");
      case 7 -> new Statement("SELECT * FROM " + from + " WHERE pk = ?", List.of(), null, true);
      default -> plain("DELETE FROM " + from + " WHERE pk = 'a' AND sk = 1 RETURNING ALL NEW *");
    };
  }

  private String sortCondition() {
    return switch (random.nextInt(6)) {
      case 0 -> " AND sk = " + sortKey();
      case 1 -> " AND sk > " + sortKey();
      case 2 -> " AND sk BETWEEN 1 AND " + sortKey();
      case 3 -> " AND x IS NOT MISSING";
      case 4 -> " AND sk <= " + sortKey() + " AND n > 2";
      default -> "";
    };
  }

  private String filter() {
    String[] filters = {
      "x = 'v" + random.nextInt(3) + "'",
      "n > " + random.nextInt(9),
      "n BETWEEN 2 AND 6",
      "begins_with(x, 'v')",
      "contains(tags, 't1')",
      "attribute_type(doc, 'M')",
      "size(vals) >= 2",
      "x IS MISSING",
      "flag IS NULL",
      "flag IS NOT NULL",
      "NOT (n = 3)",
      "x = 'v1' OR n < 3",
      "n IN [1, 2, 3]",
      "doc.nested = 'deep'",
      "vals[0] = 1",
      "flag = true",
      "sk <> 2"
    };
    return filters[random.nextInt(filters.length)];
  }

  private String value(String attribute) {
    return switch (attribute) {
      case "x" -> "'v" + random.nextInt(3) + "'";
      case "n" -> Integer.toString(random.nextInt(9));
      case "flag" -> random.nextInt(3) == 0 ? "NULL" : Boolean.toString(random.nextBoolean());
      case "tags" -> "<<'t" + random.nextInt(3) + "', 'z'>>";
      case "nums" -> "<<1, " + (2 + random.nextInt(5)) + ">>";
      case "doc" -> "{'nested': 'deep', 'k': [1, {'q': NULL}]}";
      case "vals" -> "[1, 'two', " + random.nextInt(5) + "]";
      default -> "'G" + random.nextInt(3) + "'";
    };
  }

  private String value() {
    return value(attribute());
  }

  private String attribute() {
    return ATTRIBUTES[random.nextInt(ATTRIBUTES.length - 1)];
  }

  private String partition() {
    return PARTITIONS[random.nextInt(PARTITIONS.length)];
  }

  /**
   * A partition other than {@code first}: DynamoDB Local reads a partition named twice in an IN
   * list twice, returning its items twice; we read it once.
   */
  private String otherPartition(String first) {
    String other = partition();
    return other.equals(first) ? PARTITIONS[(List.of(PARTITIONS).indexOf(first) + 1) % 4] : other;
  }

  private int sortKey() {
    return 1 + random.nextInt(4);
  }

  private String hashKey() {
    return "h" + random.nextInt(4);
  }

  private static String quoted(String text) {
    return "'" + text + "'";
  }

  private static Statement plain(String text) {
    return new Statement(text, List.of(), null, true);
  }
}

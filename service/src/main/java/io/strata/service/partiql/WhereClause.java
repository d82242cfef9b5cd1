package io.strata.service.partiql;

import io.strata.service.model.AttributeValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a bound WHERE clause the way DynamoDB plans a statement: as the conjuncts of its top-level
 * ANDs, looking for the key conditions among them. Only a conjunct can fix a key: in {@code pk = 1
 * OR x = 2} nothing is fixed, so a SELECT scans and an UPDATE is refused.
 */
public final class WhereClause {
  private WhereClause() {}

  /** The top-level conjuncts, in the order written; empty without a WHERE. */
  public static List<Ast.Expression> conjuncts(Ast.@Nullable Expression where) {
    List<Ast.Expression> conjuncts = new ArrayList<>();
    if (where != null) {
      collect(where, conjuncts);
    }
    return conjuncts;
  }

  /** The conjuncts joined by AND again; empty for none. */
  public static Optional<Ast.Expression> and(List<Ast.Expression> conjuncts) {
    Ast.Expression joined = null;
    for (Ast.Expression conjunct : conjuncts) {
      joined = joined == null ? conjunct : new Ast.And(joined, conjunct);
    }
    return Optional.ofNullable(joined);
  }

  /**
   * The value {@code conjunct} fixes {@code attribute} to: {@code attribute = v} or {@code v =
   * attribute}.
   */
  public static Optional<AttributeValue> equality(Ast.Expression conjunct, String attribute) {
    if (!(conjunct instanceof Ast.Comparison comparison)
        || comparison.comparator() != Ast.Comparator.EQUAL) {
      return Optional.empty();
    }
    if (isAttribute(comparison.left(), attribute) && comparison.right() instanceof Ast.Literal v) {
      return Optional.of(v.value());
    }
    if (isAttribute(comparison.right(), attribute) && comparison.left() instanceof Ast.Literal v) {
      return Optional.of(v.value());
    }
    return Optional.empty();
  }

  /**
   * The values a conjunct allows {@code attribute} (a key attribute) to take, when it allows only
   * those: {@code pk = v}, {@code pk IN [v, w]}, or an OR of such equalities. Such a statement
   * reads those partitions rather than scanning, as the developer guide's examples show.
   */
  public static Optional<List<AttributeValue>> values(Ast.Expression conjunct, String attribute) {
    Optional<AttributeValue> single = equality(conjunct, attribute);
    if (single.isPresent()) {
      return Optional.of(List.of(single.get()));
    }
    if (conjunct instanceof Ast.In in && isAttribute(in.value(), attribute)) {
      List<AttributeValue> values = new ArrayList<>();
      for (Ast.Expression candidate : in.candidates()) {
        if (!(candidate instanceof Ast.Literal literal)) {
          return Optional.empty();
        }
        values.add(literal.value());
      }
      return Optional.of(values);
    }
    if (conjunct instanceof Ast.Or or) {
      Optional<List<AttributeValue>> left = values(or.left(), attribute);
      Optional<List<AttributeValue>> right = values(or.right(), attribute);
      if (left.isPresent() && right.isPresent()) {
        List<AttributeValue> values = new ArrayList<>(left.get());
        values.addAll(right.get());
        return Optional.of(values);
      }
    }
    return Optional.empty();
  }

  /**
   * How many reads DynamoDB decomposes a statement's key conditions into: the distinct values the
   * first conjunct that fixes the partition key allows, times those of the first other conjunct
   * that fixes the sort key ({@code sk IN [...]} or ORed equalities; 1 where none does). Zero when
   * nothing fixes the partition key: the statement scans.
   */
  public static int decomposedReads(
      List<Ast.Expression> conjuncts, String partitionKey, @Nullable String sortKey) {
    Ast.Expression partitionConjunct = null;
    int partitions = 0;
    for (Ast.Expression conjunct : conjuncts) {
      Optional<List<AttributeValue>> values = values(conjunct, partitionKey);
      if (values.isPresent()) {
        partitionConjunct = conjunct;
        partitions = new HashSet<>(values.get()).size();
        break;
      }
    }
    if (partitionConjunct == null || sortKey == null) {
      return partitions;
    }
    for (Ast.Expression conjunct : conjuncts) {
      Optional<List<AttributeValue>> values =
          conjunct == partitionConjunct ? Optional.empty() : values(conjunct, sortKey);
      if (values.isPresent()) {
        return partitions * new HashSet<>(values.get()).size();
      }
    }
    return partitions;
  }

  /**
   * Whether a conjunct is a condition Query accepts on a sort key: a comparison with a value (other
   * than {@code <>}), BETWEEN two values, or {@code begins_with(sk, v)}; its values are returned in
   * order.
   */
  public static Optional<List<AttributeValue>> sortKeyValues(
      Ast.Expression conjunct, String attribute) {
    if (conjunct instanceof Ast.Comparison comparison
        && comparison.comparator() != Ast.Comparator.NOT_EQUAL) {
      if (isAttribute(comparison.left(), attribute)
          && comparison.right() instanceof Ast.Literal value) {
        return Optional.of(List.of(value.value()));
      }
      if (isAttribute(comparison.right(), attribute)
          && comparison.left() instanceof Ast.Literal value) {
        return Optional.of(List.of(value.value()));
      }
    }
    if (conjunct instanceof Ast.Between between
        && isAttribute(between.value(), attribute)
        && between.lower() instanceof Ast.Literal lower
        && between.upper() instanceof Ast.Literal upper) {
      return Optional.of(List.of(lower.value(), upper.value()));
    }
    if (conjunct instanceof Ast.Call call
        && call.function().equals("begins_with")
        && call.arguments().size() == 2
        && isAttribute(call.arguments().get(0), attribute)
        && call.arguments().get(1) instanceof Ast.Literal prefix) {
      return Optional.of(List.of(prefix.value()));
    }
    return Optional.empty();
  }

  private static boolean isAttribute(Ast.Expression expression, String attribute) {
    return expression instanceof Ast.Path path
        && path.isTopLevel()
        && path.attribute().equals(attribute);
  }

  private static void collect(Ast.Expression expression, List<Ast.Expression> conjuncts) {
    if (expression instanceof Ast.And and) {
      collect(and.left(), conjuncts);
      collect(and.right(), conjuncts);
    } else {
      conjuncts.add(expression);
    }
  }
}

package io.strata.service.partiql;

import io.strata.service.error.DynamoException;
import io.strata.service.model.AttributeValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Binds a statement's {@code ?} parameters, in order, to the request's Parameters: every {@link
 * Ast.Parameter} becomes a {@link Ast.Literal}, and so does every collection constructor once its
 * elements are literals. A bound statement holds no parameters or constructors.
 */
public final class Parameters {
  private Parameters() {}

  public static Ast.Statement bind(Parser.Parsed parsed, List<AttributeValue> parameters) {
    if (parsed.parameterCount() != parameters.size()) {
      throw DynamoException.validation(
          "Number of parameters in request and statement don't match.");
    }
    Binder binder = new Binder(parameters);
    Ast.Statement statement = parsed.statement();
    return switch (statement.kind()) {
      case SELECT -> binder.select((Ast.Select) statement);
      case EXISTS -> new Ast.Exists(binder.select(((Ast.Exists) statement).select()));
      case INSERT -> {
        Ast.Insert insert = (Ast.Insert) statement;
        yield new Ast.Insert(insert.table(), binder.expression(insert.item()));
      }
      case UPDATE -> {
        Ast.Update update = (Ast.Update) statement;
        List<Ast.Action> actions = new ArrayList<>();
        for (Ast.Action action : update.actions()) {
          actions.add(
              new Ast.Action(
                  action.path(),
                  action.value() == null ? null : binder.expression(action.value())));
        }
        yield new Ast.Update(
            update.table(), actions, binder.expression(update.where()), update.returning());
      }
      case DELETE -> {
        Ast.Delete delete = (Ast.Delete) statement;
        yield new Ast.Delete(delete.table(), binder.expression(delete.where()), delete.returning());
      }
    };
  }

  private record Binder(List<AttributeValue> parameters) {
    Ast.Select select(Ast.Select select) {
      return new Ast.Select(
          select.projection(),
          select.table(),
          select.index(),
          select.where() == null ? null : expression(select.where()),
          select.orderBy());
    }

    Ast.Expression expression(Ast.Expression expression) {
      return switch (expression.kind()) {
        case PATH, LITERAL -> expression;
        case PARAMETER -> new Ast.Literal(parameters.get(((Ast.Parameter) expression).index()));
        case LIST ->
            new Ast.Literal(
                CollectionLiterals.list(all(((Ast.ListConstructor) expression).elements())));
        case SET -> {
          List<Ast.Expression> elements = all(((Ast.SetConstructor) expression).elements());
          yield new Ast.Literal(
              CollectionLiterals.set(
                  elements.stream().map(element -> ((Ast.Literal) element).value()).toList(),
                  Collections.nCopies(elements.size(), ""),
                  ""));
        }
        case MAP -> {
          List<Ast.Entry> entries = ((Ast.MapConstructor) expression).entries();
          yield new Ast.Literal(
              CollectionLiterals.map(
                  entries.stream().map(Ast.Entry::key).toList(),
                  entries.stream()
                      .map(entry -> ((Ast.Literal) expression(entry.value())).value())
                      .toList(),
                  Collections.nCopies(entries.size(), "")));
        }
        case COMPARISON -> {
          Ast.Comparison comparison = (Ast.Comparison) expression;
          yield new Ast.Comparison(
              comparison.comparator(),
              expression(comparison.left()),
              expression(comparison.right()));
        }
        case BETWEEN -> {
          Ast.Between between = (Ast.Between) expression;
          yield new Ast.Between(
              expression(between.value()),
              expression(between.lower()),
              expression(between.upper()));
        }
        case IN -> {
          Ast.In in = (Ast.In) expression;
          yield new Ast.In(expression(in.value()), all(in.candidates()));
        }
        case AND -> {
          Ast.And and = (Ast.And) expression;
          yield new Ast.And(expression(and.left()), expression(and.right()));
        }
        case OR -> {
          Ast.Or or = (Ast.Or) expression;
          yield new Ast.Or(expression(or.left()), expression(or.right()));
        }
        case NOT -> new Ast.Not(expression(((Ast.Not) expression).operand()));
        case IS -> {
          Ast.Is is = (Ast.Is) expression;
          yield new Ast.Is(expression(is.value()), is.missing(), is.negated());
        }
        case CALL -> {
          Ast.Call call = (Ast.Call) expression;
          yield new Ast.Call(call.function(), all(call.arguments()));
        }
        case ARITHMETIC -> {
          Ast.Arithmetic arithmetic = (Ast.Arithmetic) expression;
          yield new Ast.Arithmetic(
              arithmetic.isAddition(),
              expression(arithmetic.left()),
              expression(arithmetic.right()));
        }
      };
    }

    List<Ast.Expression> all(List<Ast.Expression> expressions) {
      return expressions.stream().map(this::expression).toList();
    }
  }
}

package io.strata.service.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.service.error.DynamoException;
import io.strata.service.expr.CompiledCondition;
import io.strata.service.expr.RequestExpressions;
import io.strata.service.item.PageLimits;
import io.strata.service.json.AttributeValueJson;
import io.strata.service.json.JsonRequest;
import io.strata.service.metering.Consumption;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.KeySchema;
import io.strata.service.partiql.Ast;
import io.strata.service.partiql.ExpressionText;
import io.strata.service.partiql.WhereClause;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A SELECT of ExecuteStatement as the reads it is made of. When a conjunct of the WHERE fixes the
 * partition key of the table or index read ({@code pk = v}, {@code pk IN [...]}, or ORs of such
 * equalities) it is one Query per partition, in the order named, with a sort-key conjunct as its
 * sort-key condition and ORDER BY as its direction; otherwise one Scan with the WHERE as its
 * filter. The reads are the Query and Scan operations' own requests (built by their parse from an
 * equivalent request, see {@link StatementRequests}), so capacity, the query cache and pagination
 * are theirs. A Query's filter is replaced by the whole WHERE: DynamoDB's Query filter may not test
 * key attributes, a PartiQL WHERE may.
 *
 * <p>A page reads the Queries in turn until Limit items were read or 1 MB, whichever comes first
 * (and at most {@value #DECOMPOSED_PAGE_ITEMS} items where the key conditions decompose into
 * several reads, at most 50 of them); its NextToken names the Query to resume and the key to resume
 * after ({@link NextTokens}).
 */
final class SelectStatement {
  /**
   * A SELECT decomposed into several reads (an IN or OR over key values) answers in pages of up to
   * this many items (developer guide, ql-operators.html, IN: "Results are returned in pages of up
   * to 10 items"; DynamoDB Local returns them all in one page). Counting items read rather than
   * items returned keeps every page within it.
   */
  static final int DECOMPOSED_PAGE_ITEMS = 10;

  /** The page read: items that passed the WHERE, and where to continue (null at the end). */
  record Page(
      List<Map<String, AttributeValue>> items,
      NextTokens.@Nullable Position next,
      @Nullable Map<String, AttributeValue> lastEvaluatedKey) {}

  /**
   * @param queries one per partition, the first one to read resuming where the token said; empty
   *     for a scan
   * @param first the index of {@code queries.get(0)} among the statement's reads
   */
  record Plan(List<Query.Request> queries, Scan.@Nullable Request scan, int first, int limit) {}

  private final Query query;
  private final Scan scan;

  SelectStatement(Query query, Scan scan) {
    this.query = query;
    this.scan = scan;
  }

  Plan plan(
      Ast.Select select,
      TableMetadata table,
      RequestContext context,
      ObjectNode common,
      NextTokens.Position position) {
    SecondaryIndex index = null;
    if (select.index() != null) {
      index =
          table
              .index(select.index())
              .orElseThrow(
                  () ->
                      DynamoException.validation(
                          "The table does not have the specified index: " + select.index()));
    }
    KeySchema keys = index == null ? table.keySchema() : index.keySchema();
    int reads = StatementRequests.decomposedReads(select, keys);
    List<Ast.Expression> conjuncts = WhereClause.conjuncts(select.where());
    KeySchema.KeyAttribute partitionKey = keys.partitionKey();
    Ast.Expression partitionConjunct = null;
    List<AttributeValue> partitions = null;
    for (Ast.Expression conjunct : conjuncts) {
      List<AttributeValue> values = WhereClause.values(conjunct, partitionKey.name()).orElse(null);
      if (values != null) {
        partitionConjunct = conjunct;
        partitions = distinct(values);
        break;
      }
    }
    boolean descending = orderBy(select, keys, partitions != null);
    int limit = common.has("Limit") ? common.get("Limit").intValue() : Integer.MAX_VALUE;
    if (reads > 1) {
      limit = Math.min(limit, DECOMPOSED_PAGE_ITEMS);
    }
    if (partitions == null) {
      if (position.read() != 0) {
        throw DynamoException.validation("Invalid NextToken");
      }
      ExpressionText text = new ExpressionText();
      ObjectNode request = read(select, common, text, position.start());
      if (select.where() != null) {
        request.put("FilterExpression", text.condition(select.where()));
      }
      StatementRequests.withPlaceholders(request, text);
      return new Plan(
          List.of(), scan.parse(JsonRequest.of(request), context), position.read(), limit);
    }
    for (AttributeValue partition : partitions) {
      StatementRequests.requireKeyType(partitionKey, partition);
    }
    Ast.Expression sortConjunct = sortKeyConjunct(conjuncts, partitionConjunct, keys);
    CompiledCondition filter = select.where() == null ? null : filter(select.where(), table);
    List<Query.Request> queries = new ArrayList<>();
    if (position.read() >= partitions.size()) {
      throw DynamoException.validation("Invalid NextToken");
    }
    for (int i = position.read(); i < partitions.size(); i++) {
      ExpressionText text = new ExpressionText();
      ObjectNode request =
          read(select, common, text, i == position.read() ? position.start() : null);
      String keyCondition =
          text.path(Ast.Path.of(partitionKey.name())) + " = " + text.value(partitions.get(i));
      if (sortConjunct != null) {
        keyCondition += " AND " + text.condition(sortConjunct);
      }
      request.put("KeyConditionExpression", keyCondition);
      request.put("ScanIndexForward", !descending);
      StatementRequests.withPlaceholders(request, text);
      Query.Request parsed = query.parse(JsonRequest.of(request), context);
      queries.add(filter == null ? parsed : parsed.withFilter(filter));
    }
    return new Plan(queries, null, position.read(), limit);
  }

  void admit(Plan plan, Consumption consumption) {
    if (plan.scan() != null) {
      scan.admit(plan.scan(), consumption);
    } else {
      query.admit(plan.queries().get(0), consumption);
    }
  }

  Future<Page> execute(Plan plan, RequestContext context) {
    if (plan.scan() != null) {
      return scan.page(plan.scan(), context)
          .map(
              page ->
                  new Page(
                      page.items(),
                      page.lastEvaluatedKey() == null
                          ? null
                          : new NextTokens.Position(0, page.lastEvaluatedKey()),
                      page.lastEvaluatedKey()));
    }
    return readQueries(plan, 0, plan.limit(), PageLimits.ONE_MEGABYTE, new ArrayList<>(), context);
  }

  /** Reads Query {@code index} of the plan and, while Limit and 1 MB allow, the ones after it. */
  private Future<Page> readQueries(
      Plan plan,
      int index,
      int itemsLeft,
      long bytesLeft,
      List<Map<String, AttributeValue>> items,
      RequestContext context) {
    Query.Request request =
        plan.queries().get(index).withLimits(new PageLimits(itemsLeft, bytesLeft));
    return query
        .page(request, context)
        .compose(
            page -> {
              items.addAll(page.items());
              int read = plan.first() + index;
              if (page.lastEvaluatedKey() != null) {
                return Future.succeededFuture(
                    new Page(
                        items,
                        new NextTokens.Position(read, page.lastEvaluatedKey()),
                        page.lastEvaluatedKey()));
              }
              if (index + 1 == plan.queries().size()) {
                return Future.succeededFuture(new Page(items, null, null));
              }
              int stillLeft = itemsLeft - page.scannedCount();
              long bytesStillLeft = bytesLeft - page.bytesRead();
              if (stillLeft <= 0 || bytesStillLeft <= 0) {
                return Future.succeededFuture(
                    new Page(items, new NextTokens.Position(read + 1, null), null));
              }
              return readQueries(plan, index + 1, stillLeft, bytesStillLeft, items, context);
            });
  }

  /**
   * The members every read of the SELECT shares: table, index, projection, resume key, and the
   * request's own ConsistentRead, Limit and ReturnConsumedCapacity ({@code common}).
   */
  private static ObjectNode read(
      Ast.Select select,
      ObjectNode common,
      ExpressionText text,
      @Nullable Map<String, AttributeValue> start) {
    ObjectNode request = common.deepCopy();
    request.put("TableName", select.table());
    if (select.index() != null) {
      request.put("IndexName", select.index());
    }
    if (!select.projection().isEmpty()) {
      request.put("ProjectionExpression", text.projection(select.projection()));
    }
    if (start != null) {
      request.set("ExclusiveStartKey", AttributeValueJson.toTree(start));
    }
    return request;
  }

  private static CompiledCondition filter(Ast.Expression where, TableMetadata table) {
    ExpressionText text = new ExpressionText();
    ObjectNode condition = StatementRequests.request(table);
    condition.put("ConditionExpression", text.condition(where));
    StatementRequests.withPlaceholders(condition, text);
    return RequestExpressions.shared()
        .compile(
            RequestExpressions.Operation.CONDITION_CHECK,
            JsonRequest.of(condition),
            table.keySchema())
        .condition()
        .orElseThrow();
  }

  /** The first conjunct Query can take as its sort-key condition, if any. */
  private static Ast.@Nullable Expression sortKeyConjunct(
      List<Ast.Expression> conjuncts, Ast.Expression partitionConjunct, KeySchema keys) {
    KeySchema.KeyAttribute sortKey = keys.sortKeyAttribute().orElse(null);
    if (sortKey == null) {
      return null;
    }
    for (Ast.Expression conjunct : conjuncts) {
      if (conjunct == partitionConjunct) {
        continue;
      }
      List<AttributeValue> values =
          WhereClause.sortKeyValues(conjunct, sortKey.name()).orElse(null);
      if (values == null) {
        continue;
      }
      boolean beginsWith = conjunct instanceof Ast.Call;
      if (beginsWith && sortKey.type() == AttributeValue.Type.N) {
        continue;
      }
      for (AttributeValue value : values) {
        StatementRequests.requireKeyType(sortKey, value);
      }
      return conjunct;
    }
    return null;
  }

  /**
   * Checks ORDER BY with DynamoDB Local's messages and returns whether the sort key is to be read
   * descending. Ordering is what a Query gives: by sort key, within each partition.
   */
  private static boolean orderBy(Ast.Select select, KeySchema keys, boolean queriesPartitions) {
    if (select.orderBy().isEmpty()) {
      return false;
    }
    if (select.where() == null) {
      throw DynamoException.validation(
          "Must have WHERE clause in the statement when using ORDER BY clause.");
    }
    boolean descending = false;
    for (Ast.OrderBy term : select.orderBy()) {
      if (!keys.isKeyAttribute(term.attribute())) {
        throw DynamoException.validation(
            "Variable reference "
                + term.attribute()
                + " in ORDER BY clause must be part of the primary key");
      }
      if (!term.attribute().equals(keys.partitionKey().name())) {
        descending = term.descending();
      }
    }
    if (!queriesPartitions) {
      throw DynamoException.validation(
          "Must have at least one non-optional hash key condition in WHERE clause when using ORDER"
              + " BY clause.");
    }
    return descending;
  }

  private static List<AttributeValue> distinct(List<AttributeValue> values) {
    Set<AttributeValue> distinct = new LinkedHashSet<>(values);
    return List.copyOf(distinct);
  }
}

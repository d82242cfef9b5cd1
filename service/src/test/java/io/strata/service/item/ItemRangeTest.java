package io.strata.service.item;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemPage;
import io.strata.service.model.KeySchema;
import io.strata.service.model.PrimaryKey;
import io.strata.service.model.ScalarOrder;
import io.strata.service.model.SortKeyCondition;
import io.strata.service.model.SortKeyRange;
import io.strata.service.table.TableMetadata;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Query and Scan pages read from a real LMDB store agree with a sorted in-memory model, including
 * sort keys too long to store whole (truncated keys) and paging through every page.
 */
@Timeout(120)
class ItemRangeTest {
  private static final KeySchema SCHEMA =
      new KeySchema(
          new KeySchema.KeyAttribute("pk", AttributeValue.Type.S),
          new KeySchema.KeyAttribute("sk", AttributeValue.Type.S));
  private static final TableMetadata TABLE =
      ItemTestStore.draft(
          "t", 42, SCHEMA, Map.of("pk", AttributeValue.Type.S, "sk", AttributeValue.Type.S));
  @TempDir static Path directory;
  private static ItemTestStore store;
  private static ItemReads items;
  private static final List<String> SORT_KEYS = new ArrayList<>();

  @BeforeAll
  static void fill() throws Exception {
    store = new ItemTestStore(directory);
    store.create(TABLE);
    items = store.reads;
    Random random = new Random(7);
    Set<String> keys = new HashSet<>();
    String longPrefix = "L".repeat(600);
    while (keys.size() < 300) {
      String key =
          switch (random.nextInt(4)) {
            case 0 -> longPrefix + random.nextInt(1000);
            case 1 -> "x".repeat(460 + random.nextInt(30)) + (char) ('a' + random.nextInt(26));
            case 2 -> "\u00e9" + random.nextInt(100);
            default -> Integer.toString(random.nextInt(100_000));
          };
      keys.add(key);
    }
    List<Future<ItemWrites.Written<Object>>> writes = new ArrayList<>();
    for (String key : keys) {
      SORT_KEYS.add(key);
      Map<String, AttributeValue> item = new LinkedHashMap<>();
      item.put("pk", AttributeValue.s("p"));
      item.put("sk", AttributeValue.s(key));
      item.put("payload", AttributeValue.s("v".repeat(random.nextInt(2000))));
      writes.add(
          store.writes.change(
              TABLE,
              PrimaryKey.of(SCHEMA, item),
              current -> ItemChange.Decision.put(item, null),
              Instant.EPOCH,
              1024));
      Map<String, AttributeValue> other = new LinkedHashMap<>(item);
      other.put("pk", AttributeValue.s("other-" + key));
      writes.add(
          store.writes.change(
              TABLE,
              PrimaryKey.of(SCHEMA, other),
              current -> ItemChange.Decision.put(other, null),
              Instant.EPOCH,
              1024));
    }
    for (Future<ItemWrites.Written<Object>> write : writes) {
      write.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    SORT_KEYS.sort((a, b) -> ScalarOrder.compare(AttributeValue.s(a), AttributeValue.s(b)));
  }

  @AfterAll
  static void close() throws Exception {
    store.close();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void pagingThroughAPartitionReturnsEveryItemOnceInSortOrder(boolean forward) throws Exception {
    List<String> expected = new ArrayList<>(SORT_KEYS);
    if (!forward) {
      expected.sort(
          Comparator.comparing(
                  (String key) -> (AttributeValue) AttributeValue.s(key), ScalarOrder.COMPARATOR)
              .reversed());
    }
    assertThat(queryAll(null, forward, 7)).isEqualTo(expected);
  }

  @Test
  void conditionsSelectExactlyTheirRangeInBothDirections() throws Exception {
    Random random = new Random(11);
    for (int i = 0; i < 40; i++) {
      String a = SORT_KEYS.get(random.nextInt(SORT_KEYS.size()));
      String b = SORT_KEYS.get(random.nextInt(SORT_KEYS.size()));
      List<SortKeyCondition> conditions =
          List.of(
              new SortKeyCondition(SortKeyCondition.Operator.EQ, AttributeValue.s(a), null),
              new SortKeyCondition(SortKeyCondition.Operator.LT, AttributeValue.s(a), null),
              new SortKeyCondition(SortKeyCondition.Operator.LE, AttributeValue.s(a), null),
              new SortKeyCondition(SortKeyCondition.Operator.GT, AttributeValue.s(a), null),
              new SortKeyCondition(SortKeyCondition.Operator.GE, AttributeValue.s(a), null),
              new SortKeyCondition(
                  SortKeyCondition.Operator.BETWEEN,
                  AttributeValue.s(min(a, b)),
                  AttributeValue.s(max(a, b))),
              new SortKeyCondition(
                  SortKeyCondition.Operator.BEGINS_WITH,
                  AttributeValue.s(
                      a.substring(0, Math.min(a.length(), 1 + random.nextInt(a.length())))),
                  null));
      for (SortKeyCondition condition : conditions) {
        List<String> expected =
            SORT_KEYS.stream().filter(key -> condition.matches(AttributeValue.s(key))).toList();
        assertThat(queryAll(condition, true, 5)).as("%s forward", condition).isEqualTo(expected);
        List<String> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        assertThat(queryAll(condition, false, 5)).as("%s backward", condition).isEqualTo(reversed);
      }
    }
  }

  @Test
  void aPageStopsOnceItHoldsOneMegabyte() throws Exception {
    ItemPage page =
        items
            .query(TABLE, AttributeValue.s("p"), null, true, null, new PageLimits(10_000, 100_000))
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertThat(page.bytesRead()).isGreaterThanOrEqualTo(100_000);
    long withoutLast =
        page.bytesRead()
            - io.strata.service.model.ItemSize.of(page.items().get(page.items().size() - 1));
    assertThat(withoutLast).isLessThan(100_000);
    assertThat(page.lastEvaluatedKey()).isNotNull();
  }

  @Test
  void parallelScanSegmentsAreDisjointAndCoverTheTable() throws Exception {
    int totalSegments = 7;
    List<String> seen = new ArrayList<>();
    for (int segment = 0; segment < totalSegments; segment++) {
      PrimaryKey start = null;
      do {
        ItemPage page =
            items
                .scan(
                    TABLE,
                    segment,
                    totalSegments,
                    start,
                    new PageLimits(13, PageLimits.ONE_MEGABYTE))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        page.items().forEach(item -> seen.add(item.get("pk") + "/" + item.get("sk")));
        start = page.lastEvaluatedKey();
      } while (start != null);
    }
    assertThat(seen).hasSize(2 * SORT_KEYS.size()).doesNotHaveDuplicates();
  }

  private static List<String> queryAll(SortKeyCondition condition, boolean forward, int pageSize)
      throws Exception {
    List<String> result = new ArrayList<>();
    PrimaryKey start = null;
    do {
      ItemPage page =
          items
              .query(
                  TABLE,
                  AttributeValue.s("p"),
                  condition == null ? null : SortKeyRange.of(condition),
                  forward,
                  start,
                  new PageLimits(pageSize, PageLimits.ONE_MEGABYTE))
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      page.items().forEach(item -> result.add(((AttributeValue.S) item.get("sk")).value()));
      start = page.lastEvaluatedKey();
    } while (start != null);
    return result;
  }

  private static String min(String a, String b) {
    return ScalarOrder.compare(AttributeValue.s(a), AttributeValue.s(b)) <= 0 ? a : b;
  }

  private static String max(String a, String b) {
    return ScalarOrder.compare(AttributeValue.s(a), AttributeValue.s(b)) <= 0 ? b : a;
  }
}

package io.strata.service.item;

import io.strata.billing.CapacityUnits;
import io.strata.billing.CapacityUnits.WriteMode;
import io.strata.billing.UsageLedger;
import io.strata.service.error.DynamoException;
import io.strata.service.idempotency.TransactionTokens;
import io.strata.service.metering.LedgerStore;
import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.UnreadableValueException;
import io.strata.service.storage.WriteOp;
import io.strata.service.storage.WriteView;
import io.strata.service.table.SecondaryIndex;
import io.strata.service.table.TableCatalog;
import io.strata.service.table.TableMetadata;
import io.strata.service.ttl.ExpiryIndex;
import io.strata.service.writer.Writer;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Changes to items: every PutItem, UpdateItem, DeleteItem, batch and transaction write, and the
 * service's own TTL deletions, each a read-modify-write op on the single writer. A request's
 * condition is evaluated against exactly the state its write replaces, with no locks, and against
 * the table's definition as it stands in that same transaction ({@link
 * TableCatalog#inTransaction}): a request parsed before an UpdateTable and written after it
 * maintains the index, TTL entry and stream that UpdateTable added, and a request whose table was
 * deleted meanwhile is refused instead of writing under a purged id.
 */
public final class ItemWrites {
  private final Writer writer;
  private final TableCatalog catalog;
  private final ItemEffects effects;

  public ItemWrites(Writer writer, TableCatalog catalog, ItemEffects effects) {
    this.writer = writer;
    this.catalog = catalog;
    this.effects = effects;
  }

  /**
   * What became of one target of a change: the request's result, or the error its condition ended
   * it with; in both cases what it was charged, in write half-units: {@code writeHalfUnits} in all,
   * of which {@code indexWriteHalfUnits} on each secondary index whose entry changed.
   */
  public record Written<T>(
      @Nullable T result,
      @Nullable DynamoException failure,
      long writeHalfUnits,
      Map<SecondaryIndex, Long> indexWriteHalfUnits,
      long itemCollectionBytes) {
    /** No collection: the table has no local secondary index. */
    public static final long UNTRACKED = -1;

    /** The result, or the failure thrown. */
    public @Nullable T orThrow() {
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }

  /**
   * One item of a multi-item change: where it is and what to do with it.
   *
   * @param table the table's definition the request was parsed against
   */
  public record Target<T>(TableMetadata table, PrimaryKey key, ItemChange<T> change) {}

  /**
   * Applies {@code change} to the item with this key, durably; the outcome once committed.
   *
   * @param requestBytes the size of the request, what it may write (for the writer's queue)
   */
  public <T> Future<Written<T>> change(
      TableMetadata table, PrimaryKey key, ItemChange<T> change, Instant at, long requestBytes) {
    return changeAll(
            List.of(new Target<>(table, key, change)),
            decisions -> {},
            WriteMode.STANDARD,
            at,
            null,
            requestBytes)
        .map(outcomes -> outcomes.get(0));
  }

  /**
   * Decides every target against the current state, lets {@code verdict} veto the whole set (a
   * transaction whose conditions did not all hold: the veto rolls everything back), then applies
   * every decision: all of them or none, in one nested transaction of the writer. Targets are
   * decided in order and each sees the state before any of them is applied. The write capacity each
   * target costs is computed from the item sizes before and after (DynamoDB charges the larger) and
   * recorded in the usage ledger inside the same transaction, as is the transaction's idempotency
   * {@code token}, if any: if the changes commit, so does the token. Puts that say what they store
   * ({@link ItemChange#putting}) are sealed here, on the caller's thread, rather than on the writer
   * ({@link PresealedPut}), up to {@link PresealedPut#MAX_PRESEALED_BYTES} per request.
   *
   * @param requestBytes the size of the request, what it may write (for the writer's queue)
   */
  public <T> Future<List<Written<T>>> changeAll(
      List<Target<T>> targets,
      Consumer<List<ItemChange.Decision<T>>> verdict,
      WriteMode mode,
      Instant at,
      TransactionTokens.@Nullable Committed token,
      long requestBytes) {
    List<byte[]> itemKeys = new ArrayList<>(targets.size());
    List<@Nullable PresealedPut> presealed = new ArrayList<>(targets.size());
    long presealBudgetBytes = PresealedPut.MAX_PRESEALED_BYTES;
    for (Target<T> target : targets) {
      byte[] itemKey =
          KeyCodec.itemKey(target.table().tableId(), target.table().keySchema(), target.key());
      itemKeys.add(itemKey);
      PresealedPut sealed = null;
      if (target.change() instanceof ItemChange.Put<T> put
          && (presealBudgetBytes -= ItemSize.of(put.item())) >= 0) {
        sealed = effects.preseal(target.table(), itemKey, put.item());
      }
      presealed.add(sealed);
    }
    return writer.submit(
        WriteOp.sized(
            requestBytes,
            view -> {
              List<TableMetadata> tables = currentTables(view, targets);
              List<Map<String, AttributeValue>> currents = new ArrayList<>(targets.size());
              List<ItemChange.Decision<T>> decisions = new ArrayList<>(targets.size());
              long[] collectionSizes = new long[targets.size()];
              CollectionSizes running = new CollectionSizes(view);
              boolean[] damaged = new boolean[targets.size()];
              for (int i = 0; i < targets.size(); i++) {
                TableMetadata table = tables.get(i);
                Map<String, AttributeValue> current;
                try {
                  current = effects.read(view, table, itemKeys.get(i));
                } catch (UnreadableValueException e) {
                  if (!(targets.get(i).change() instanceof ItemChange.UnconditionalDelete)) {
                    throw e;
                  }
                  current = null;
                  damaged[i] = true;
                }
                currents.add(current);
                ItemChange.Decision<T> decision =
                    withIndexKeysChecked(table, decide(targets.get(i).change(), current));
                collectionSizes[i] = Written.UNTRACKED;
                if (ItemCollections.tracked(table) && changesItem(decision)) {
                  CollectionSize size =
                      running.admit(table, targets.get(i).key(), current, decision.newItem());
                  collectionSizes[i] = size.bytes();
                  if (size.refusal() != null) {
                    decision = ItemChange.Decision.failed(size.refusal());
                  }
                }
                decisions.add(decision);
              }
              verdict.accept(decisions);
              if (token != null) {
                TransactionTokens.record(view, token);
              }
              UsageLedger ledger = new UsageLedger(LedgerStore.writing(view));
              List<Written<T>> outcomes = new ArrayList<>(targets.size());
              for (int i = 0; i < targets.size(); i++) {
                TableMetadata table = tables.get(i);
                ItemChange.Decision<T> decision = decisions.get(i);
                Map<SecondaryIndex, Long> indexCharges =
                    damaged[i]
                        ? effects.removeDamaged(
                            view, table, targets.get(i).key(), itemKeys.get(i), at)
                        : effects.carryOut(
                            view,
                            table,
                            targets.get(i).key(),
                            itemKeys.get(i),
                            currents.get(i),
                            decision,
                            mode,
                            at,
                            false,
                            presealed.get(i));
                long charged = charge(currents.get(i), decision, mode);
                for (long indexCharge : indexCharges.values()) {
                  charged += indexCharge;
                }
                ledger.recordConsumed(table.tenantId(), table.name(), at, 0, charged);
                outcomes.add(
                    new Written<>(
                        decision.result(),
                        decision.failure(),
                        charged,
                        indexCharges,
                        collectionSizes[i]));
              }
              return outcomes;
            }));
  }

  /**
   * Deletes the items of due expiry entries that are still expired (service deletions: uncharged,
   * marked in streams), and drops every due entry; one writer op per batch, so a large backlog
   * never holds the writer for long.
   *
   * @return how many items were deleted
   */
  public Future<Integer> expire(
      List<ExpiryIndex.Due> due, Instant now, LongFunction<@Nullable TableMetadata> tableById) {
    return writer.submit(
        view -> {
          int deleted = 0;
          for (ExpiryIndex.Due entry : due) {
            ExpiryIndex.remove(view, entry);
            TableMetadata known = tableById.apply(entry.tableId());
            TableMetadata table = known == null ? null : catalog.inTransaction(view, known);
            // A table whose key was destroyed has nothing left to expire: its entries just go.
            if (table == null || table.settings().isKeyDestroyed()) {
              continue;
            }
            Map<String, AttributeValue> current = effects.read(view, table, entry.itemKey());
            if (!ExpiryIndex.isExpired(current, table.expiryAttribute(), now)) {
              continue;
            }
            effects.carryOut(
                view,
                table,
                PrimaryKey.of(table.keySchema(), current),
                entry.itemKey(),
                current,
                ItemChange.Decision.delete(null),
                WriteMode.STANDARD,
                now,
                true,
                null);
            deleted++;
          }
          return deleted;
        });
  }

  /**
   * Each target's table as the transaction sees it; the request fails as DynamoDB fails a write to
   * a missing table if any of them was deleted since the request was parsed.
   */
  private <T> List<TableMetadata> currentTables(WriteView view, List<Target<T>> targets) {
    Map<TableMetadata, TableMetadata> seen = new IdentityHashMap<>();
    List<TableMetadata> tables = new ArrayList<>(targets.size());
    for (Target<T> target : targets) {
      TableMetadata table =
          seen.computeIfAbsent(target.table(), parsed -> catalog.inTransaction(view, parsed));
      if (table == null) {
        throw DynamoException.tableNotFound();
      }
      tables.add(table);
    }
    return tables;
  }

  private static boolean changesItem(ItemChange.Decision<?> decision) {
    return decision.action() == ItemChange.Action.PUT
        || decision.action() == ItemChange.Action.DELETE;
  }

  private static <T> ItemChange.Decision<T> decide(
      ItemChange<T> change, @Nullable Map<String, AttributeValue> current) {
    try {
      return change.decide(current);
    } catch (DynamoException e) {
      return ItemChange.Decision.failed(e);
    }
  }

  /**
   * The decision, or its failure if the item it would store has index key values a write may not
   * store: a per-item error of its own, which a transaction reports as that item's ValidationError
   * cancellation reason and a single write as its ValidationException.
   */
  private static <T> ItemChange.Decision<T> withIndexKeysChecked(
      TableMetadata table, ItemChange.Decision<T> decision) {
    Map<String, AttributeValue> newItem = decision.newItem();
    if (newItem != null) {
      try {
        Items.checkIndexKeys(table, newItem);
      } catch (DynamoException e) {
        return ItemChange.Decision.failed(e);
      }
    }
    return decision;
  }

  /** Write half-units for one decision: on the larger of the old and new item, at least one. */
  private static long charge(
      @Nullable Map<String, AttributeValue> current,
      ItemChange.Decision<?> decision,
      WriteMode mode) {
    long oldSize = current == null ? 0 : ItemSize.of(current);
    Map<String, AttributeValue> newItem = decision.newItem();
    return CapacityUnits.writeHalfUnits(oldSize, newItem == null ? 0 : ItemSize.of(newItem), mode);
  }

  /**
   * An item collection's size after a change, or, with the change refused for taking it over the
   * limit, before it.
   */
  private record CollectionSize(long bytes, @Nullable DynamoException refusal) {}

  /**
   * The sizes of the item collections a multi-item change touches, as its targets are decided one
   * after another: two targets in one collection see each other's effect on its size.
   */
  private final class CollectionSizes {
    private final WriteView view;
    private final Map<String, Long> sizes = new HashMap<>();

    CollectionSizes(WriteView view) {
      this.view = view;
    }

    /** The collection's size with the change, unless that would exceed the limit. */
    CollectionSize admit(
        TableMetadata table,
        PrimaryKey key,
        @Nullable Map<String, AttributeValue> current,
        @Nullable Map<String, AttributeValue> newItem) {
      String collection =
          table.tableId()
              + "/"
              + HexFormat.of()
                  .formatHex(KeyCodec.partitionPrefix(table.tableId(), key.partition()));
      ItemCollections collections = effects.collections();
      long before = sizes.computeIfAbsent(collection, c -> collections.size(view, table, key));
      long after =
          before + ItemCollections.weight(table, newItem) - ItemCollections.weight(table, current);
      try {
        collections.requireWithinLimit(before, after);
      } catch (DynamoException e) {
        return new CollectionSize(before, e);
      }
      sizes.put(collection, after);
      return new CollectionSize(after, null);
    }
  }
}

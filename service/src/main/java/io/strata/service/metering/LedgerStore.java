package io.strata.service.metering;

import io.strata.billing.UsageKey;
import io.strata.billing.UsageRow;
import io.strata.billing.UsageRowCodec;
import io.strata.billing.UsageStore;
import io.strata.service.storage.Db;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The usage ledger on LMDB: billing's rows in the {@code ledger} database, read and written through
 * one transaction's view. Bound to a write view on the writer thread, the rows that meter a write
 * commit with the write itself, so a crash can neither lose nor double-count them.
 */
public final class LedgerStore implements UsageStore {
  private final ReadView view;

  private LedgerStore(ReadView view) {
    this.view = view;
  }

  /** For recording, inside a write transaction. */
  public static LedgerStore writing(WriteView view) {
    return new LedgerStore(view);
  }

  /** For reports, inside a read transaction. */
  public static LedgerStore reading(ReadView view) {
    return new LedgerStore(view);
  }

  @Override
  public Optional<UsageRow> read(UsageKey key) {
    byte[] value = view.get(Db.LEDGER, UsageRowCodec.encodeKey(key));
    return value == null ? Optional.empty() : Optional.of(UsageRowCodec.decodeValue(key, value));
  }

  @Override
  public void write(UsageRow row) {
    if (!(view instanceof WriteView writable)) {
      throw new IllegalStateException("the ledger is written only inside the writer's transaction");
    }
    writable.put(Db.LEDGER, UsageRowCodec.encodeKey(row.key()), UsageRowCodec.encodeValue(row));
  }

  @Override
  public List<UsageRow> list(String tenantId, Instant fromHour, Instant toHour) {
    byte[] end = UsageRowCodec.keyRangeEnd(tenantId, toHour);
    List<UsageRow> rows = new ArrayList<>();
    view.scan(
        Db.LEDGER,
        UsageRowCodec.keyRangeStart(tenantId, fromHour),
        true,
        (key, value) -> {
          if (Arrays.compareUnsigned(key, end) >= 0) {
            return false;
          }
          rows.add(UsageRowCodec.decode(key, value));
          return true;
        });
    return rows;
  }
}

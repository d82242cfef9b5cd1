package io.strata.service.stream;

import io.strata.service.model.AttributeValue;
import io.strata.service.model.ItemSize;
import io.strata.service.model.PrimaryKey;
import io.strata.service.storage.CatalogKeys;
import io.strata.service.storage.Db;
import io.strata.service.storage.ItemCodec;
import io.strata.service.storage.KeyCodec;
import io.strata.service.storage.ReadView;
import io.strata.service.storage.WriteView;
import io.strata.service.table.StreamSettings;
import io.strata.service.table.TableMetadata;
import io.strata.service.tenant.KeyOwner;
import io.strata.service.tenant.ValueSealer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The stream records of every table, in the {@code streams} database, appended by the writer in the
 * same transaction as the change they describe: a committed change always has its record and a
 * rolled-back change never has one, and records of one table are in commit order.
 *
 * <pre>
 *   key   = tableId (8) | sequence number (8, big-endian)
 *   value = sealed( version 0x01 | event (1) | createdAt millis (8) | flags (1: bit 0 = by the service)
 *                   | label length (2) | label (UTF-8)
 *                   | keys (ItemCodec) | old image or empty | new image or empty )
 * </pre>
 *
 * Images are ItemCodec encodings prefixed by a 4-byte length (0 for absent). Records are sealed
 * with the tenant's data key like items, bound to their key; what the view type leaves out is not
 * written at all.
 */
public final class StreamLog {
  /** How long records are kept, as in DynamoDB. */
  public static final java.time.Duration RETENTION = java.time.Duration.ofHours(24);

  private static final byte VERSION = 1;
  private static final String SEQUENCE_PREFIX = "stream-";

  private final ValueSealer sealer;

  public StreamLog(ValueSealer sealer) {
    this.sealer = sealer;
  }

  /** The next sequence number the table's stream will use (for a stream being enabled). */
  public static long nextSequenceNumber(ReadView view, long tableId) {
    byte[] current = view.get(Db.CATALOG, CatalogKeys.key("seq", SEQUENCE_PREFIX + tableId));
    return current == null ? 1 : ByteBuffer.wrap(current).getLong() + 1;
  }

  /**
   * Appends the record of a change, if the table streams and something changed. Identical
   * replacements record nothing, as in DynamoDB.
   */
  public void append(
      WriteView view,
      TableMetadata table,
      PrimaryKey key,
      @Nullable Map<String, AttributeValue> oldItem,
      @Nullable Map<String, AttributeValue> newItem,
      Instant at,
      boolean byService) {
    StreamSettings stream = table.stream();
    if (stream == null || !stream.enabled() || Objects.equals(oldItem, newItem)) {
      return;
    }
    StreamRecord.EventName event =
        oldItem == null
            ? StreamRecord.EventName.INSERT
            : newItem == null ? StreamRecord.EventName.REMOVE : StreamRecord.EventName.MODIFY;
    Map<String, AttributeValue> keys = key.toMap(table.keySchema());
    boolean withOld =
        stream.viewType().equals("OLD_IMAGE") || stream.viewType().equals("NEW_AND_OLD_IMAGES");
    boolean withNew =
        stream.viewType().equals("NEW_IMAGE") || stream.viewType().equals("NEW_AND_OLD_IMAGES");
    long sequence = CatalogKeys.nextSequence(view, SEQUENCE_PREFIX + table.tableId());
    byte[] recordKey = recordKey(table.tableId(), sequence);
    byte[] plain =
        encode(
            event,
            at,
            byService,
            stream.label(),
            keys,
            withOld ? oldItem : null,
            withNew ? newItem : null);
    view.put(
        Db.STREAMS,
        recordKey,
        sealer.seal(KeyOwner.of(table), plain, associatedData(table, recordKey)));
  }

  /**
   * Records of {@code label} from {@code fromSequence} on, at most {@code limit}; stops at the
   * first record of a later stream.
   */
  public List<StreamRecord> read(
      ReadView view, TableMetadata table, String label, long fromSequence, int limit) {
    List<StreamRecord> records = new ArrayList<>();
    byte[] prefix = KeyCodec.tablePrefix(table.tableId());
    view.scan(
        Db.STREAMS,
        recordKey(table.tableId(), fromSequence),
        true,
        (key, value) -> {
          if (!CatalogKeys.startsWith(key, prefix)) {
            return false;
          }
          StreamRecord record =
              decode(key, sealer.open(table.tenantId(), value, associatedData(table, key)));
          if (!record.label().equals(label)) {
            return record.label().compareTo(label) < 0;
          }
          records.add(record);
          return records.size() < limit;
        });
    return records;
  }

  /** The last sequence number written for the table, 0 if none. */
  public static long lastSequenceNumber(ReadView view, long tableId) {
    return nextSequenceNumber(view, tableId) - 1;
  }

  /**
   * Deletes up to {@code max} records created before {@code cutoff} (24-hour retention); returns
   * how many. Records of a table are in time order, so each table's scan stops at its first record
   * young enough to keep.
   */
  public int trim(WriteView view, List<TableMetadata> tables, Instant cutoff, int max) {
    int deleted = 0;
    for (TableMetadata table : tables) {
      byte[] prefix = KeyCodec.tablePrefix(table.tableId());
      List<byte[]> expired = new ArrayList<>();
      int budget = max - deleted;
      view.scan(
          Db.STREAMS,
          prefix,
          true,
          (key, value) -> {
            if (!CatalogKeys.startsWith(key, prefix) || expired.size() >= budget) {
              return false;
            }
            Instant created =
                createdAt(sealer.open(table.tenantId(), value, associatedData(table, key)));
            if (!created.isBefore(cutoff)) {
              return false;
            }
            expired.add(key);
            return true;
          });
      expired.forEach(key -> view.delete(Db.STREAMS, key));
      deleted += expired.size();
      if (deleted >= max) {
        break;
      }
    }
    return deleted;
  }

  static byte[] recordKey(long tableId, long sequence) {
    return ByteBuffer.allocate(16).putLong(tableId).putLong(sequence).array();
  }

  private static byte[] associatedData(TableMetadata table, byte[] recordKey) {
    byte[] tenant = ("stream|" + table.tenantId() + "|").getBytes(StandardCharsets.UTF_8);
    return KeyCodec.concat(tenant, recordKey);
  }

  private static byte[] encode(
      StreamRecord.EventName event,
      Instant at,
      boolean byService,
      String label,
      Map<String, AttributeValue> keys,
      @Nullable Map<String, AttributeValue> oldImage,
      @Nullable Map<String, AttributeValue> newImage) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeByte(event.ordinal());
      out.writeLong(at.toEpochMilli());
      out.writeByte(byService ? 1 : 0);
      byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
      out.writeShort(labelBytes.length);
      out.write(labelBytes);
      writeMap(out, keys);
      writeMap(out, oldImage);
      writeMap(out, newImage);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeMap(DataOutputStream out, @Nullable Map<String, AttributeValue> map)
      throws IOException {
    if (map == null) {
      out.writeInt(0);
      return;
    }
    byte[] encoded = ItemCodec.encode(map);
    out.writeInt(encoded.length);
    out.write(encoded);
  }

  private static StreamRecord decode(byte[] key, byte[] plain) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(plain))) {
      in.readByte();
      StreamRecord.EventName event = StreamRecord.EventName.values()[in.readByte()];
      Instant createdAt = Instant.ofEpochMilli(in.readLong());
      boolean byService = in.readByte() != 0;
      byte[] label = new byte[in.readUnsignedShort()];
      in.readFully(label);
      Map<String, AttributeValue> keys = readMap(in);
      Map<String, AttributeValue> oldImage = readMap(in);
      Map<String, AttributeValue> newImage = readMap(in);
      long size =
          ItemSize.of(Objects.requireNonNull(keys))
              + (oldImage == null ? 0 : ItemSize.of(oldImage))
              + (newImage == null ? 0 : ItemSize.of(newImage));
      return new StreamRecord(
          ByteBuffer.wrap(key, 8, 8).getLong(),
          new String(label, StandardCharsets.UTF_8),
          event,
          createdAt,
          keys,
          oldImage,
          newImage,
          byService,
          size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Instant createdAt(byte[] plain) {
    return Instant.ofEpochMilli(ByteBuffer.wrap(plain, 2, 8).getLong());
  }

  private static @Nullable Map<String, AttributeValue> readMap(DataInputStream in)
      throws IOException {
    int length = in.readInt();
    if (length == 0) {
      return null;
    }
    byte[] encoded = new byte[length];
    in.readFully(encoded);
    return ItemCodec.decode(encoded);
  }
}

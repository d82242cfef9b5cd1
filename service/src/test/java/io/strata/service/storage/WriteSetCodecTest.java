package io.strata.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class WriteSetCodecTest {

  /**
   * Version 1 of the format, byte for byte. If this fails, the format changed: old logs and backups
   * would no longer read. Give the new layout a new version number (and keep decoding version 1)
   * rather than editing these bytes.
   */
  @Test
  void versionOneBytesAreStable() {
    WriteSet writes =
        WriteSet.builder()
            .put(Db.ITEMS, bytes("k2"), bytes("v"))
            .delete(Db.ITEMS, bytes("k1"))
            .put(Db.CATALOG, bytes("t"), new byte[0])
            .build(0x0102030405060708L);

    assertThat(HexFormat.of().formatHex(WriteSetCodec.encode(writes)))
        .isEqualTo(
            "5357" // magic
                + "01" // version
                + "0102030405060708" // timestamp
                + "02" // two sections
                + "01"
                + "00000001" // catalog, one mutation
                + "01"
                + "00000001"
                + "74"
                + "00000000" // put "t" = empty
                + "02"
                + "00000002" // items, two mutations, in key order
                + "00"
                + "00000002"
                + "6b31" // delete "k1"
                + "01"
                + "00000002"
                + "6b32"
                + "00000001"
                + "76" // put "k2" = "v"
                + "9e0ee917"); // CRC-32C
  }

  @Property(tries = 300)
  void everyWriteSetDecodesToItselfAndItsLengthIsExact(@ForAll("writeSets") WriteSet writes) {
    byte[] encoded = WriteSetCodec.encode(writes);

    assertThat(encoded).hasSize((int) WriteSetCodec.encodedLength(writes));
    assertThat(WriteSetCodec.decode(encoded)).isEqualTo(writes);
  }

  @Property(tries = 200)
  void aFlippedBitAnywhereIsRefused(
      @ForAll("writeSets") WriteSet writes, @ForAll("positions") double where) {
    byte[] encoded = WriteSetCodec.encode(writes);
    int bit = (int) (where * encoded.length * 8);
    encoded[bit / 8] ^= (byte) (1 << (bit % 8));

    assertThatThrownBy(() -> WriteSetCodec.decode(encoded))
        .isInstanceOf(WriteSetCodec.MalformedWriteSetException.class);
  }

  @Property(tries = 100)
  void aTruncatedWriteSetIsRefused(
      @ForAll("writeSets") WriteSet writes, @ForAll("positions") double where) {
    byte[] encoded = WriteSetCodec.encode(writes);
    byte[] truncated = Arrays.copyOf(encoded, (int) (where * encoded.length));

    assertThatThrownBy(() -> WriteSetCodec.decode(truncated))
        .isInstanceOf(WriteSetCodec.MalformedWriteSetException.class);
  }

  @Test
  void theLastChangeOfAKeyWinsAndEqualWriteSetsEncodeEqually() {
    WriteSet putThenDelete =
        WriteSet.builder()
            .put(Db.ITEMS, bytes("a"), bytes("1"))
            .delete(Db.ITEMS, bytes("a"))
            .put(Db.ITEMS, bytes("b"), bytes("1"))
            .put(Db.ITEMS, bytes("b"), bytes("2"))
            .build(5);
    WriteSet direct =
        WriteSet.builder()
            .put(Db.ITEMS, bytes("b"), bytes("2"))
            .delete(Db.ITEMS, bytes("a"))
            .build(5);

    assertThat(putThenDelete.mutations(Db.ITEMS))
        .extracting(mutation -> new String(mutation.key(), StandardCharsets.UTF_8))
        .containsExactly("a", "b");
    assertThat(putThenDelete.mutations(Db.ITEMS).get(0).isDelete()).isTrue();
    assertThat(WriteSetCodec.encode(putThenDelete)).isEqualTo(WriteSetCodec.encode(direct));
  }

  @Test
  void mutationsUnderAPrefixAreExactlyThoseKeys() {
    WriteSet writes =
        WriteSet.builder()
            .put(Db.CATALOG, bytes("table/1/a"), bytes("x"))
            .put(Db.CATALOG, bytes("table/"), bytes("x"))
            .put(Db.CATALOG, bytes("tablex"), bytes("x"))
            .put(Db.CATALOG, bytes("tab"), bytes("x"))
            .delete(Db.CATALOG, bytes("table/2/b"))
            .build(0);

    assertThat(writes.mutationsUnder(Db.CATALOG, bytes("table/")))
        .extracting(mutation -> new String(mutation.key(), StandardCharsets.UTF_8))
        .containsExactly("table/", "table/1/a", "table/2/b");
    assertThat(writes.mutationsUnder(Db.ITEMS, bytes("table/"))).isEmpty();
  }

  @Provide
  Arbitrary<Double> positions() {
    return Arbitraries.doubles().between(0, 1).ofScale(6).filter(d -> d < 1);
  }

  @Provide
  Arbitrary<WriteSet> writeSets() {
    Arbitrary<byte[]> keys = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40);
    Arbitrary<byte[]> values =
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.2);
    Arbitrary<Tuple.Tuple3<Db, byte[], byte[]>> mutations =
        Combinators.combine(Arbitraries.of(Db.class), keys, values).as(Tuple::of);
    return Combinators.combine(mutations.list().ofMaxSize(30), Arbitraries.longs())
        .as(
            (List<Tuple.Tuple3<Db, byte[], byte[]>> changes, Long timestamp) -> {
              WriteSet.Builder builder = WriteSet.builder();
              for (Tuple.Tuple3<Db, byte[], byte[]> change : changes) {
                if (change.get3() == null) {
                  builder.delete(change.get1(), change.get2());
                } else {
                  builder.put(change.get1(), change.get2(), change.get3());
                }
              }
              return builder.build(timestamp);
            });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

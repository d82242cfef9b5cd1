package io.strata.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class KeyRingTest {
  private static final byte[] AAD = "aad".getBytes(StandardCharsets.UTF_8);

  @Test
  void unwrappedDataKeyOpensWhatTheOriginalSealed() {
    KeyRing ring = new KeyRing(MasterKey.generate(), List.of());
    DataKey key = DataKey.generate(7);
    byte[] sealed = ItemCipher.create(key, id -> null).seal(new byte[] {1, 2, 3}, AAD);
    DataKey unwrapped = ring.unwrap(ring.wrap(key));
    assertThat(unwrapped.id()).isEqualTo(7);
    assertThat(ItemCipher.create(unwrapped, id -> null).open(sealed, AAD)).containsExactly(1, 2, 3);
  }

  @Test
  void masterKeyRotationRewrapsWithoutChangingTheDataKey() {
    MasterKey old = MasterKey.generate();
    MasterKey next = MasterKey.generate();
    DataKey key = DataKey.generate(3);
    byte[] wrappedByOld = new KeyRing(old, List.of()).wrap(key);
    KeyRing rotated = new KeyRing(next, List.of(old));
    assertThat(rotated.isWrappedWithCurrent(wrappedByOld)).isFalse();
    byte[] rewrapped = rotated.rewrap(wrappedByOld);
    assertThat(rotated.isWrappedWithCurrent(rewrapped)).isTrue();
    byte[] sealed = ItemCipher.create(key, id -> null).seal(new byte[] {9}, AAD);
    KeyRing onlyNext = new KeyRing(next, List.of());
    assertThat(ItemCipher.create(onlyNext.unwrap(rewrapped), id -> null).open(sealed, AAD))
        .containsExactly(9);
    assertThatThrownBy(() -> onlyNext.unwrap(wrappedByOld))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("unknown master key " + old.id());
  }

  @Test
  void aWrappedKeyNamesTheMasterKeyThatWrappedIt() {
    MasterKey master = MasterKey.generate();
    byte[] wrapped = new KeyRing(master, List.of()).wrap(DataKey.generate(7));

    assertThat(KeyRing.masterKeyIdOf(wrapped)).isEqualTo(master.id());
  }

  @Test
  void tamperedWrappedKeysAreRejected() {
    KeyRing ring = new KeyRing(MasterKey.generate(), List.of());
    byte[] wrapped = ring.wrap(DataKey.generate(1));
    for (int i = 0; i < wrapped.length; i++) {
      byte[] tampered = wrapped.clone();
      tampered[i] ^= 0x04;
      assertThatThrownBy(() -> ring.unwrap(tampered)).isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void masterKeyTextRoundTripsAndRejectsWrongLengths() {
    MasterKey key = MasterKey.generate();
    assertThat(MasterKey.parse(key.serialize()).serialize()).isEqualTo(key.serialize());
    assertThat(key.toString()).doesNotContain(key.serialize().substring(key.id().length() + 1));
    assertThatThrownBy(() -> MasterKey.parse("mk-1:AAAA"))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> MasterKey.parse("no-colon")).isInstanceOf(CryptoException.class);
  }

  @Test
  void loadOrCreateMakesAnOwnerOnlyFileAndReusesIt(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("keys/master.key");
    MasterKey created = MasterKey.loadOrCreate(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(MasterKey.loadOrCreate(file).serialize()).isEqualTo(created.serialize());
  }
}

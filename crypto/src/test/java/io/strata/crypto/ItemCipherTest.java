package io.strata.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ItemCipherTest {
  private static final byte[] AAD = bytes("tenant|table|key");
  private final DataKey key = DataKey.generate(1);
  private final ItemCipher cipher = ItemCipher.create(key, id -> null);

  @Test
  void sealedValuesOpenWithTheSameAssociatedData() {
    for (byte[] plaintext : List.of(new byte[0], bytes("hello"), new byte[400 * 1024])) {
      assertThat(cipher.open(cipher.seal(plaintext, AAD), AAD)).isEqualTo(plaintext);
    }
  }

  @Test
  void aRotatedCipherSealsWithTheNewKeyAndStillOpensOlderValues() {
    byte[] old = cipher.seal(bytes("before"), AAD);
    ItemCipher rotated = cipher.rotatedTo(DataKey.generate(cipher.currentKeyId() + 1));
    byte[] fresh = rotated.seal(bytes("after"), AAD);
    assertThat(ItemCipher.keyIdOf(fresh)).isEqualTo(cipher.currentKeyId() + 1);
    assertThat(rotated.open(old, AAD)).isEqualTo(bytes("before"));
    assertThat(rotated.open(fresh, AAD)).isEqualTo(bytes("after"));
    assertThatThrownBy(() -> cipher.open(fresh, AAD)).isInstanceOf(CryptoException.class);
  }

  @Test
  void sealingTheSameValueTwiceGivesDifferentCiphertexts() {
    assertThat(cipher.seal(bytes("same"), AAD)).isNotEqualTo(cipher.seal(bytes("same"), AAD));
  }

  @Test
  void changingAnyByteOfASealedValueIsDetected() {
    byte[] sealed = cipher.seal(bytes("secret value"), AAD);
    for (int i = 0; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x01;
      assertThatThrownBy(() -> cipher.open(tampered, AAD)).isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void rejectsCiphertextMovedToAnotherItem() {
    byte[] sealed = cipher.seal(bytes("top-secret-plaintext"), AAD);
    assertThatThrownBy(() -> cipher.open(sealed, bytes("tenant|table|other-key")))
        .isInstanceOf(CryptoException.class)
        .hasMessageNotContaining("top-secret-plaintext");
  }

  @Test
  void truncatedValuesAreRejected() {
    byte[] sealed = cipher.seal(bytes("value"), AAD);
    assertThatThrownBy(() -> cipher.open(Arrays.copyOf(sealed, 12), AAD))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void valuesSealedWithAnOlderKeyStayReadableAfterRotation() {
    byte[] old = cipher.seal(bytes("old"), AAD);
    DataKey next = DataKey.generate(2);
    ItemCipher rotated = ItemCipher.create(next, Map.of(1L, key)::get);
    byte[] fresh = rotated.seal(bytes("new"), AAD);
    assertThat(ItemCipher.keyIdOf(fresh)).isEqualTo(2);
    assertThat(rotated.open(old, AAD)).isEqualTo(bytes("old"));
    assertThat(rotated.open(fresh, AAD)).isEqualTo(bytes("new"));
    assertThatThrownBy(() -> cipher.open(fresh, AAD))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("unknown data key 2");
  }

  @Test
  void asksForRotationAfterTheThreshold() {
    ItemCipher small = ItemCipher.create(key, id -> null, 3);
    small.seal(new byte[1], AAD);
    small.seal(new byte[1], AAD);
    assertThat(small.shouldRotate()).isFalse();
    small.seal(new byte[1], AAD);
    assertThat(small.shouldRotate()).isTrue();
  }

  @Test
  void manyThreadsSealAndOpenConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        tasks.add(
            () -> {
              for (int i = 0; i < 2_000; i++) {
                byte[] plaintext = bytes(thread + "-" + i);
                if (!Arrays.equals(cipher.open(cipher.seal(plaintext, AAD), AAD), plaintext)) {
                  return false;
                }
              }
              return true;
            });
      }
      for (Future<Boolean> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

package io.strata.service.startup;

import io.strata.crypto.CryptoException;
import io.strata.crypto.KeyRing;
import io.strata.crypto.MasterKey;
import io.strata.service.config.StrataConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The master key a store is opened with, and the proof that it is that store's key.
 *
 * <p>The key is {@code STRATA_MASTER_KEY} if given, else the key file ({@code
 * STRATA_MASTER_KEY_FILE}, by default {@code <data>/master.key}). A key file is generated only for
 * a store that has nothing sealed yet: generating one next to data sealed under another key would
 * make that data unreadable and, worse, look like a working start. And before anything is served,
 * one data key of each master key that wrapped any is unwrapped, so a wrong key (another store's,
 * or a mistyped secret) is refused at start rather than on the first request of each tenant.
 */
final class MasterKeys {
  private MasterKeys() {}

  /**
   * @param wrappedDataKeys every data key in the store, wrapped; empty for a new store
   */
  static KeyRing open(StrataConfig config, List<byte[]> wrappedDataKeys) {
    StrataConfig.Security security = config.security();
    List<MasterKey> retired =
        security.retiredMasterKeys().stream()
            .map(text -> parse(text, "a key of STRATA_RETIRED_MASTER_KEYS"))
            .toList();
    String configured = security.masterKey();
    Path file = keyFile(config);
    String source = configured != null ? "STRATA_MASTER_KEY" : file.toString();
    MasterKey current;
    if (configured != null) {
      current = parse(configured, source);
    } else if (Files.exists(file)) {
      current = parse(read(file), source);
    } else if (wrappedDataKeys.isEmpty()) {
      current = MasterKey.loadOrCreate(file);
    } else {
      throw new StartupException(
          "the master key file "
              + file
              + " is missing, but the store holds data sealed with master key "
              + String.join(", ", byMasterKey(wrappedDataKeys).keySet())
              + ": restore that file from your backup, or give the key as STRATA_MASTER_KEY"
              + " (a new key could not open the existing data)");
    }
    KeyRing keyRing = new KeyRing(current, retired);
    verify(keyRing, current, source, retired, wrappedDataKeys);
    return keyRing;
  }

  /** Where the key is kept when it is not given as {@code STRATA_MASTER_KEY}. */
  static Path keyFile(StrataConfig config) {
    Path configured = config.security().masterKeyFile();
    return configured != null ? configured : config.dataDirectory().resolve("master.key");
  }

  private static void verify(
      KeyRing keyRing,
      MasterKey current,
      String source,
      List<MasterKey> retired,
      List<byte[]> wrappedDataKeys) {
    for (Map.Entry<String, byte[]> sample : byMasterKey(wrappedDataKeys).entrySet()) {
      try {
        keyRing.unwrap(sample.getValue());
      } catch (CryptoException wrongKey) {
        String sealedWith = sample.getKey();
        if (sealedWith.equals(current.id())) {
          throw new StartupException(
              "the master key from "
                  + source
                  + " has this store's key id "
                  + sealedWith
                  + " but not its bytes, so it cannot open the store's data; give the key the"
                  + " store was sealed with");
        }
        if (retired.stream().anyMatch(key -> key.id().equals(sealedWith))) {
          throw new StartupException(
              "the retired master key "
                  + sealedWith
                  + " in STRATA_RETIRED_MASTER_KEYS has the store's key id but not its bytes;"
                  + " give the key the store was sealed with");
        }
        throw new StartupException(
            "the master key from "
                + source
                + " ("
                + current.id()
                + ") is not this store's: its data is sealed with master key "
                + sealedWith
                + "; give that key (during a rotation, in STRATA_RETIRED_MASTER_KEYS)");
      }
    }
  }

  /** One wrapped data key per master key id, in the store's order. */
  private static Map<String, byte[]> byMasterKey(List<byte[]> wrappedDataKeys) {
    Map<String, byte[]> samples = new LinkedHashMap<>();
    for (byte[] wrapped : wrappedDataKeys) {
      samples.putIfAbsent(KeyRing.masterKeyIdOf(wrapped), wrapped);
    }
    return samples;
  }

  private static MasterKey parse(String text, String source) {
    try {
      return MasterKey.parse(text.trim());
    } catch (CryptoException malformed) {
      throw new StartupException(
          source + " is not a master key: " + malformed.getMessage(), malformed);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StartupException("cannot read the master key file " + file + ": " + e, e);
    }
  }
}
